/**
 * SYNTHETIC: a valid PDF of `pages` A4 pages that all show one shared content stream — empty by default, so the pages
 * are blank — written by hand with correct xref offsets, like warmUpPdf in src/ingest/pdf-worker.ts. 20,000 blank
 * pages make 3.2 MB: small on disk, costly to read page by page.
 */
export function blankPdf(pages: number, content = ''): Uint8Array {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 5} 0 R`).join(' ');
  const page =
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>';
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    ...Array.from({ length: pages }, () => page),
  ];
  const parts = ['%PDF-1.4\n'];
  let at = parts[0].length;
  const offsets = objs.map((body, i) => {
    const obj = `${i + 1} 0 obj\n${body}\nendobj\n`;
    parts.push(obj);
    const start = at;
    at += obj.length;
    return start;
  });
  parts.push(`xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`);
  for (const o of offsets) parts.push(`${String(o).padStart(10, '0')} 00000 n \n`);
  parts.push(`trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`);
  return new TextEncoder().encode(parts.join(''));
}

/**
 * Dumps each PDF's lines (what the parser sees) as gzipped JSON ({ pageCount, lines }): the reference for a change of
 * extractor. `npx tsx scripts/dump-pdf-lines.ts OUT_DIR FILE…` writes OUT_DIR/<name>.lines.json.gz.
 * test/fixtures/pdf-lines holds the lines pdf.js 5.6 gave for the test PDFs (commit 3f20fc5, before PDFium).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { extractLines } from '../src/ingest/extract.js';
import { stopWorker } from '../src/ingest/extract-pdf.js';

const [out, ...files] = process.argv.slice(2);
if (!out || !files.length) throw new Error('usage: dump-pdf-lines.ts OUT_DIR FILE…');
mkdirSync(out, { recursive: true });
for (const file of files) {
  const t0 = performance.now();
  const { pageCount, lines } = await extractLines({ fileName: path.basename(file), bytes: readFileSync(file) });
  const json = JSON.stringify({ pageCount, lines });
  writeFileSync(path.join(out, `${path.basename(file, '.pdf')}.lines.json.gz`), gzipSync(json, { level: 9 }));
  console.log(file, pageCount, 'pages', lines.length, 'lines', Math.round(performance.now() - t0), 'ms');
}
await stopWorker();

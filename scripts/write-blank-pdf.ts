/**
 * Writes the SYNTHETIC many-page PDF of test/ingest/blank-pdf.ts, for measuring what refusing it costs (README, Import
 * limits): `npx tsx scripts/write-blank-pdf.ts PAGES OUT.pdf [CONTENT]`, CONTENT a content stream every page shows
 * (none: blank pages), e.g. 'BT /F1 12 Tf 72 700 Td (1,234.56) Tj ET'.
 */
import { writeFileSync } from 'node:fs';
import { blankPdf } from '../test/ingest/blank-pdf.js';

const [pages, out, content] = process.argv.slice(2);
if (!/^\d+$/.test(pages ?? '') || !out) throw new Error('usage: write-blank-pdf.ts PAGES OUT.pdf [CONTENT]');
const bytes = blankPdf(Number(pages), content);
writeFileSync(out, bytes);
console.log(`${out}: ${pages} pages, ${bytes.length} bytes`);

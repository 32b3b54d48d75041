/** Audit one report file without a store: tsx scripts/audit-file.ts FILE [--partial] */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { extractLines } from '../src/ingest/extract.js';
import { parseReport } from '../src/ingest/parse-report.js';
import { auditReport, formatFinding } from '../src/audit/index.js';
import { coverageLine } from '../src/ingest/coverage.js';
import { proseCoverage } from '../src/ingest/coverage.js';

for (const file of process.argv.slice(2).filter((a) => !a.startsWith('--'))) {
  const ex = await extractLines({ fileName: basename(file), bytes: new Uint8Array(readFileSync(file)) });
  const draft = parseReport(ex.lines, {
    format: ex.format,
    pageCount: ex.pageCount,
    fileName: basename(file),
    partial: process.argv.includes('--partial'),
    source: ex.source,
  });
  console.log(`${basename(file)}：${draft.unitName} ${draft.year}｜${coverageLine(proseCoverage(draft.facts))}`);
  for (const f of auditReport(draft)) console.log(`  ${formatFinding(f)}`);
}

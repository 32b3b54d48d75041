import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { extractLines } from '../src/ingest/extract.js';
import { parseReport } from '../src/ingest/parse-report.js';
import { proseCoverage, coverageLine } from '../src/ingest/coverage.js';
for (const file of process.argv.slice(2)) {
  try {
    const bytes = new Uint8Array(readFileSync(file));
    const ex = await extractLines({ fileName: basename(file), bytes });
    const d = parseReport(ex.lines, { format: ex.format, pageCount: ex.pageCount, fileName: basename(file), partial: true });
    console.log(basename(file), '|', coverageLine(proseCoverage(d.facts)));
  } catch (e) { console.log(basename(file), 'ERR', (e as Error).message); }
}

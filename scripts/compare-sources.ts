import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { extractLines } from '../src/ingest/extract.js';
import { parseReport } from '../src/ingest/parse-report.js';

async function load(file: string) {
  const ex = await extractLines({ fileName: basename(file), bytes: new Uint8Array(readFileSync(file)) });
  return parseReport(ex.lines, { format: ex.format, pageCount: ex.pageCount, fileName: basename(file), partial: true });
}
const [a, b] = await Promise.all([load(process.argv[2]), load(process.argv[3])]);
for (const t of a.tables) {
  const u = b.tables.find((x) => x.key === t.key);
  const fmt = (r: any) => `${r.code ?? '-'} ${r.name} ${r.side ?? ''} ${JSON.stringify(r.values)}`;
  const ra = t.rows.map(fmt),
    rb = (u?.rows ?? []).map(fmt);
  const onlyA = ra.filter((x) => !rb.includes(x)),
    onlyB = rb.filter((x) => !ra.includes(x));
  console.log(`== ${t.key}: ${ra.length} vs ${rb.length} rows; differ ${onlyA.length}/${onlyB.length}`);
  for (const x of onlyA.slice(0, 12)) console.log('  A', x);
  for (const x of onlyB.slice(0, 12)) console.log('  B', x);
}

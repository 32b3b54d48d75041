import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { extractLines } from '../src/ingest/extract.js';
import { parseReport } from '../src/ingest/parse-report.js';

const file = process.argv[2];
const bytes = new Uint8Array(readFileSync(file));
const ex = await extractLines({ fileName: basename(file), bytes });
const draft = parseReport(ex.lines, {
  format: ex.format,
  pageCount: ex.pageCount,
  fileName: basename(file),
  partial: process.argv.includes('--partial'),
  source: ex.source,
});
console.log(draft.unitName, draft.year, draft.scope, draft.region, draft.unitAliases, 'missing', draft.missingTables);
const only = process.argv.find((a) => a.startsWith('--table='))?.slice(8);
for (const t of draft.tables) {
  if (only && t.key !== only) continue;
  console.log(
    `== ${t.key} ${t.label ?? ''} p${t.page} rows=${t.rows.length} empty=${t.empty} notes=${t.notes.join(';')}`,
  );
  if (process.argv.includes('--rows'))
    for (const r of t.rows) console.log('  ', r.code ?? '-', r.name, r.level, r.side ?? '', JSON.stringify(r.values));
}
if (process.argv.includes('--facts'))
  for (const f of draft.facts)
    console.log('F', f.subject, f.measure, f.value, f.unit, f.derived ? 'D' : '', f.detail ?? '', `p${f.page}`);

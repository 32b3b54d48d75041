/**
 * Export time: the 阳谷 2020 report (real, the seed) imported into a fresh store, then its nine tables written as one
 * .xlsx workbook (exceljs) and as CSV, and 公开05表 alone. Median and p95 over N exports after warm-up; the first
 * (cold) export, which loads exceljs, is reported apart. Target: a 9-table workbook ≤ 300 ms.
 * usage: npx tsx bench/export.ts [--exports N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportAsked } from '../commands/export.js';
import { openDb } from '../db/client.js';
import { importFile } from '../src/ingest/import-file.js';
import type { ExportFormat } from '../src/query/answer.js';
import { Library } from '../src/query/ask.js';
import { reportPath } from '../test/query/real-views.js';
import { quantile, round1 } from './stats.js';

const { values } = parseArgs({
  options: { exports: { type: 'string', default: '30' }, json: { type: 'boolean', default: false } },
});
// --json: one line of named figures instead of the table
const say = (line: string) => {
  if (!values.json) console.log(line);
};
const N = Number(values.exports);
const UNIT = '阳谷县人民政府办公室';
const scope = { unit: UNIT, year: null };

const tmp = mkdtempSync(join(tmpdir(), 'jsws-export-'));
const db = await openDb(join(tmp, 'export.db'));
try {
  await importFile(db, reportPath('yanggu-zfb-2020-juesuan.txt'));
  const lib = new Library(db);
  await lib.scope([UNIT]);
  const run = async (what: string, format: ExportFormat) => {
    const a = await exportAsked(lib, what, format, scope);
    if (a.kind !== 'file') throw new Error(`export of ${what} gave ${a.kind}`);
    return a.bytes.length;
  };
  const t0 = performance.now();
  await run('all', 'xlsx');
  const cold = performance.now() - t0;
  const cases: [string, string, ExportFormat][] = [
    ['全部表格 (9 tables) → xlsx', 'all', 'xlsx'],
    ['全部表格 (9 tables) → csv', 'all', 'csv'],
    ['公开05表 → xlsx', '05', 'xlsx'],
  ];
  for (const [, what, format] of cases) for (let i = 0; i < 3; i++) await run(what, format);
  say(
    `export (ms), ${N} exports each after warm-up, question → file bytes; cold first export incl. loading exceljs: ${cold.toFixed(0)} ms`,
  );
  say(['export', 'bytes', 'median', 'p95', 'max'].join('\t'));
  let workbookP95 = 0;
  for (const [name, what, format] of cases) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < N; i++) {
      const s = performance.now();
      bytes = await run(what, format);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    if (what === 'all' && format === 'xlsx') workbookP95 = quantile(times, 0.95);
    say(
      [
        name,
        String(bytes),
        quantile(times, 0.5).toFixed(1),
        quantile(times, 0.95).toFixed(1),
        times[times.length - 1].toFixed(1),
      ].join('\t'),
    );
  }
  if (values.json)
    console.log(JSON.stringify({ export_workbook_p95_ms: round1(workbookP95), export_cold_ms: Math.round(cold) }));
  say(`9-table workbook p95 ${workbookP95.toFixed(1)} ms (target ≤ 300 ms): ${workbookP95 <= 300 ? 'OK' : 'SLOW'}`);
} finally {
  await db.close();
  rmSync(tmp, { recursive: true, force: true });
}

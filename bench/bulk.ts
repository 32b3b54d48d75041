/**
 * Bulk import and ranking benchmark on SYNTHETIC reports: N perturbed copies of the 阳谷 2020 text report, each
 * under an invented unit name (合成县第0001合成局…, region 合成县) with its 三公经费, 人员经费 and 公用经费 amounts
 * replaced by random ones. No figure of these copies is a published one (their audit findings are expected).
 * They go through the real import path (collectFiles → bulkImport: extract, parse, audit, save, import_log), then
 * ranking questions are asked over all N units, read from the store's derived figures.
 * usage: npx tsx bench/bulk.ts [--reports N] [--questions N] [--seed N] [--json]   (--json: rows as one JSON line)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../db/client.js';
import { bulkImport, collectFiles } from '../src/cli/bulk-import.js';
import { ask, Library } from '../src/query/ask.js';
import { renderJson } from '../src/render/json.js';
import { renderText } from '../src/render/text.js';
import { reportPath } from '../test/query/real-views.js';
import { benchTable, ms, mulberry32, quantile, round1 } from './stats.js';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000' },
    questions: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '20250101' },
    json: { type: 'boolean', default: false },
  },
});
const REPORTS = Number(values.reports);
const QUESTIONS = Number(values.questions);

const rand = mulberry32(Number(values.seed));
const amount = (lo: number, hi: number) => (lo + rand() * (hi - lo)).toFixed(2);
const rssMb = () => process.memoryUsage().rss / 1048576;

const UNIT = '阳谷县人民政府办公室';
const THREE_PUBLIC = '10.50 10.00 10.00 0.50 9.38 9.38 9.38';
const source = readFileSync(reportPath('yanggu-zfb-2020-juesuan.txt'), 'utf8');
for (const s of [UNIT, THREE_PUBLIC, '人员经费合计 949.20', '公用经费合计 312.35'])
  if (!source.includes(s)) throw new Error(`阳谷 sample lacks ${s}`);

/** One SYNTHETIC copy: another unit name everywhere, three amounts replaced. */
function syntheticCopy(i: number): { name: string; text: string } {
  const name = `合成县第${String(i + 1).padStart(4, '0')}合成局`;
  const car = amount(0, 30);
  const text = source
    .split(UNIT)
    .join(name)
    .replace(THREE_PUBLIC, `10.50 10.00 10.00 0.50 ${car} ${car} ${car}`)
    .replace('人员经费合计 949.20', `人员经费合计 ${amount(100, 5000)}`)
    .replace('公用经费合计 312.35', `公用经费合计 ${amount(10, 800)}`);
  return { name, text };
}

export async function bulkBench(): Promise<{ rows: string[][]; figures: Record<string, number> }> {
  const rows: string[][] = [];
  const figures: Record<string, number> = {};
  const tmp = mkdtempSync(join(tmpdir(), 'jsws-bulk-'));
  try {
    // N files in 10 folders, as a county's reports might be filed
    for (let i = 0; i < REPORTS; i++) {
      const dir = join(tmp, 'inbox', `folder${i % 10}`);
      if (i < 10) mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `synthetic-${String(i + 1).padStart(4, '0')}.txt`), syntheticCopy(i).text);
    }
    const db = await openDb(join(tmp, 'bulk.db'));
    let peak = rssMb();
    const files = await collectFiles([join(tmp, 'inbox')]);
    const t0 = performance.now();
    const result = await bulkImport(db, files, {
      progress: () => {
        peak = Math.max(peak, rssMb());
      },
    });
    const took = (performance.now() - t0) / 1000;
    const failed = result.filter((r) => !r.ok).length;
    rows.push([
      `bulk import, ${files.length} synthetic text reports (real path)`,
      `${((figures.bulk_import_reports_per_s = round1(files.length / took))).toFixed(1)} reports/s`,
      `total ${took.toFixed(1)} s · ${failed} failed · rss max ${peak.toFixed(0)} MB sampled per file`,
    ]);
    rows.push([
      'peak RSS of the bulk import (process so far)',
      `${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`,
      '',
    ]);

    // the same folder again: every file is in import_log, nothing is parsed or written
    const t1 = performance.now();
    const again = await bulkImport(db, files, {});
    const took2 = (performance.now() - t1) / 1000;
    const peakImport = process.resourceUsage().maxRSS / 1024;
    rows.push([
      `re-run of the same ${files.length} files`,
      `${(files.length / took2).toFixed(0)} files/s`,
      `${again.flatMap((r) => r.summaries ?? []).filter((s) => s.status === 'unchanged').length} unchanged, nothing parsed or written · total ${took2.toFixed(1)} s · process peak ${peakImport.toFixed(0)} MB`,
    ]);

    const t2 = performance.now();
    const lib = new Library(db);
    const units = (await lib.directory()).units.length;
    rows.push([
      `open the store of ${units} units (directory only)`,
      `${(performance.now() - t2).toFixed(1)} ms`,
      `rss ${rssMb().toFixed(0)} MB · process peak so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    ]);

    // ranking questions over every unit, by the store's derived figures
    const shapes = [
      '各单位三公经费排名',
      '三公经费最多的单位',
      '三公经费最少的单位',
      '人员经费前10名',
      '各单位公用经费排名',
      '2020年各单位人员经费排名',
      '全县人员经费合计',
      '各单位三公经费执行率排名',
      '公用经费倒数前5名',
      '哪个单位人员经费最高',
    ];
    const one = async (q: string) => {
      const a = await ask(lib, q, { unit: null });
      return { a, n: renderText(a).length + JSON.stringify(renderJson(a)).length };
    };
    const kinds = new Map<string, number>();
    for (const q of shapes) {
      const { a } = await one(q);
      kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
    }
    for (let i = 0; i < 100; i++) await one(shapes[i % shapes.length]); // warm-up
    const lat: number[] = [];
    let sink = 0;
    for (let i = 0; i < QUESTIONS; i++) {
      const s = performance.now();
      sink += (await one(shapes[Math.floor(rand() * shapes.length)])).n;
      lat.push(performance.now() - s);
    }
    lat.sort((a, b) => a - b);
    const p99 = quantile(lat, 0.99);
    figures.rank_p99_ms = round1(p99);
    figures.rank_units = units;
    rows.push([
      `${QUESTIONS} ranking questions over ${units} units, p50`,
      `${ms(quantile(lat, 0.5))} ms`,
      `${shapes.length} shapes: rank, 最多/最少, 前N, 倒数, year, 全县合计, 执行率`,
    ]);
    rows.push([
      `${QUESTIONS} ranking questions, p99`,
      `${ms(p99)} ms`,
      `max ${ms(lat[lat.length - 1])} ms · kinds ${[...kinds].map(([k, n]) => `${k} ${n}`).join(' · ')} · checksum ${sink % 100000}`,
    ]);
    // V8 collects the answers' large strings lazily: the peak is mostly garbage; the live heap says what is kept
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const live = gc
      ? ` · after GC: heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB, rss ${rssMb().toFixed(0)} MB`
      : '';
    rows.push([
      'peak RSS incl. the ranking questions',
      `${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`,
      `${lib.cachedReports()} reports in memory${live}`,
    ]);
    await db.close();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { rows, figures };
}

const { rows, figures } = await bulkBench();
// --json: one line, the table's rows and the named figures (bench/run.ts reads it)
if (values.json) console.log(JSON.stringify({ rows, figures }));
else console.log(benchTable(rows));

/**
 * Benchmark on a SYNTHETIC store: 1,000 reports made by scaling the real samples' figures by random factors
 * (decimal.js, half-up to 2 places) under invented unit names 合成单位0001…; no figure here is a published one.
 * Then bench/bulk.ts in a child process (its peak RSS its own): N (at most 1,000) SYNTHETIC text copies of the 阳谷 report through
 * the real bulk import, a re-run of the same folder, and ranking questions over the N units; last, bench/chart.ts
 * (chart rendering) and bench/export.ts (Excel/CSV export) print their own tables, so one command prints every figure.
 * usage: npm run bench [-- --reports N --questions N --seed N --json --quick]   (--json: one JSON object of named figures;
 * --quick: the store's figures only)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Decimal } from 'decimal.js';
import { openDb } from '../db/client.js';
import { copyReportSynthetic, type SyntheticCopy, saveReport } from '../db/store.js';
import { DERIVED_VERSION, deriveReport } from '../src/query/derive.js';
import { draftView } from '../src/query/report-view.js';
import { importFile } from '../src/ingest/import-file.js';
import type { ReportDraft } from '../src/ingest/types.js';
import { parseQuestion } from '../src/nlu/parse.js';
import { ask, Library } from '../src/query/ask.js';
import { renderJson } from '../src/render/json.js';
import { renderText } from '../src/render/text.js';
import { parseFixture, reportPath } from '../test/query/real-views.js';
import { perturbDraft } from '../test/query/synthetic-draft.js';
import { benchPdfImport, cliCommand } from './pdf-import.js';
import { benchTable, ms, mulberry32, quantile, round1 } from './stats.js';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000' },
    questions: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '20250101' },
    json: { type: 'boolean', default: false },
    // the store figures only (sections 1–4): no bulk import, PDF, CLI, chart or export runs
    quick: { type: 'boolean', default: false },
  },
});
const REPORTS = Number(values.reports);
// --json: no tables; one JSON object of named figures at the end. Figures that depend on the store's size carry it
// in their name (start_ms_1k at --reports 1000, start_ms_10k at --reports 10000).
const SCALE = REPORTS >= 1000 && REPORTS % 1000 === 0 ? `${REPORTS / 1000}k` : String(REPORTS);
const figures: Record<string, number | string> = {
  reports: REPORTS,
  questions: Number(values.questions),
  cores: availableParallelism(),
  node: process.version,
};
const print = (line: string) => {
  if (!values.json) console.log(line);
};
const QUESTIONS = Number(values.questions);

const rand = mulberry32(Number(values.seed));
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];

const mb = () =>
  `rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB · peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;

// the real samples (text renderings), keyed by the gold files' report stem
const SAMPLES: Record<string, string> = {
  'yanggu-zfb-2020': 'yanggu-zfb-2020-juesuan.txt',
  'putuo-czj-2024': 'putuo-czj-2024-juesuan.layout.txt',
  'putuo-shgzb-2024': 'putuo-shgzb-2024-juesuan.layout.txt',
  'putuo-wenlv-2025': 'putuo-wenlv-2025-juesuan.pages.txt',
};
const stems = Object.keys(SAMPLES);
const bases = new Map<string, ReportDraft>();
for (const stem of stems) bases.set(stem, await parseFixture(SAMPLES[stem]));

const tmp = mkdtempSync(join(tmpdir(), 'jsws-bench-'));
const results: [string, string, string][] = [];
try {
  // 1. parse + import of one real text report (extract, parse, audit, save), fresh store each time
  const realTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const db = await openDb(join(tmp, `real-${i}.db`));
    const t0 = performance.now();
    await importFile(db, reportPath('yanggu-zfb-2020-juesuan.txt'));
    realTimes.push(performance.now() - t0);
    await db.close();
  }
  realTimes.sort((a, b) => a - b);
  results.push(['parse+import 1 real text report (阳谷, median of 5)', `${ms(quantile(realTimes, 0.5))} ms`, '']);

  // 2. N synthetic reports, 2 consecutive years per synthetic unit, figures × random factor 0.5–2.0: the first
  // (up to SAVED) saved one by one through saveReport (its time per report is measured), the rest copied from them
  // by bulk SQL (db/store/synthetic.ts), amounts scaled in integer 分
  const SAVED = Math.min(REPORTS, 200);
  const db = await openDb(join(tmp, 'bench.db'));
  const unitOfStem = new Map<string, string[]>(stems.map((s) => [s, []]));
  const saveTimes: number[] = [];
  const templates = new Map<string, number>();
  const t0 = performance.now();
  for (let i = 0; i < SAVED; i++) {
    const u = Math.floor(i / 2);
    const stem = stems[u % stems.length];
    const base = bases.get(stem)!;
    const unitName = `合成单位${String(u + 1).padStart(5, '0')}`;
    const factor = new Decimal(Math.floor(rand() * 15000) + 5000).div(10000);
    const draft = perturbDraft(base, factor, { unitName, unitAliases: [`合成${u + 1}号`], year: base.year - (i % 2) });
    if (i % 2 === 0) unitOfStem.get(stem)!.push(unitName);
    const s = performance.now();
    const saved = await saveReport(db, {
      draft,
      findings: [],
      sourceFile: `synthetic/${unitName}-${draft.year}.txt`,
      sha256: `synthetic-${i}`,
      derived: { report: deriveReport(draftView(draft, unitName)), version: DERIVED_VERSION },
    });
    saveTimes.push(performance.now() - s);
    templates.set(`${stem}:${i % 2}`, saved.reportId);
  }
  const importTotal = performance.now() - t0;
  saveTimes.sort((a, b) => a - b);
  results.push([
    `store import, ${SAVED} synthetic drafts (saveReport)`,
    `${ms(importTotal / SAVED)} ms/report`,
    `p50 ${ms(quantile(saveTimes, 0.5))} · p99 ${ms(quantile(saveTimes, 0.99))} · total ${(importTotal / 1000).toFixed(1)} s · ${mb()}`,
  ]);
  if (REPORTS > SAVED) {
    const tb = performance.now();
    for (let i = SAVED; i < REPORTS; i += 500) {
      const batch = new Map<number, SyntheticCopy[]>();
      for (let k = i; k < Math.min(REPORTS, i + 500); k++) {
        const u = Math.floor(k / 2);
        const stem = stems[u % stems.length];
        const unitName = `合成单位${String(u + 1).padStart(5, '0')}`;
        if (k % 2 === 0) unitOfStem.get(stem)!.push(unitName);
        const template = templates.get(`${stem}:${k % 2}`)!;
        const copy = {
          unitName,
          aliases: [`合成${u + 1}号`],
          region: null,
          year: bases.get(stem)!.year - (k % 2),
          percent: 50 + Math.floor(rand() * 151),
        };
        batch.set(template, [...(batch.get(template) ?? []), copy]);
      }
      for (const [template, copies] of batch) await copyReportSynthetic(db, template, copies);
    }
    const took = (performance.now() - tb) / 1000;
    figures.synthetic_copy_reports_per_s = Math.round((REPORTS - SAVED) / took);
    results.push([
      `bulk SQL copies, ${REPORTS - SAVED} synthetic reports`,
      `${((REPORTS - SAVED) / took).toFixed(0)} reports/s`,
      `total ${took.toFixed(1)} s · ${mb()}`,
    ]);
  }

  // 3. the store as the bot opens it: a fresh connection and Library; start = open + directory (no report is read)
  await db.close();
  const t1 = performance.now();
  const store = await openDb(join(tmp, 'bench.db'));
  const lib = new Library(store);
  const dir = await lib.directory();
  figures[`start_ms_${SCALE}`] = Math.round(performance.now() - t1);
  results.push([
    `open the store of ${dir.reports.length} reports, ready to answer (target ≤ 1 s at 10,000)`,
    `${ms(performance.now() - t1)} ms`,
    `${dir.units.length} units · ${dir.names.length} subject names · ${mb()}`,
  ]);
  // ranking and total questions over every unit of the store (each reads the subject's derived figures)
  const rankShapes = [
    '各单位三公经费排名',
    '三公经费最多的单位',
    '人员经费前10名',
    '各单位公用经费排名',
    '各单位三公经费执行率排名',
    '公用经费倒数前5名',
    '哪个单位基本支出最高',
    '各单位人员经费合计',
  ];
  for (const q of rankShapes) await ask(lib, q); // warm-up
  const rankLat: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    const a = await ask(lib, rankShapes[i % rankShapes.length]);
    renderText(a);
    rankLat.push(performance.now() - t);
  }
  rankLat.sort((a, b) => a - b);
  figures[`rank_p99_ms_${SCALE}`] = round1(quantile(rankLat, 0.99));
  results.push([
    `100 ranking and total questions over ${dir.units.length} units: p50 / p99 (target p99 ≤ 50 ms at 10,000)`,
    `${ms(quantile(rankLat, 0.5))} / ${ms(quantile(rankLat, 0.99))} ms`,
    rankShapes.join(' · '),
  ]);

  // 4. questions: gold question texts, each asked of a synthetic unit made from the same sample
  const QDIR = new URL('../test/fixtures/questions/', import.meta.url);
  const shapes = readdirSync(QDIR)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => {
      const stem = f.replace(/\.jsonl$/, '');
      return readFileSync(new URL(f, QDIR), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => ({ stem, q: (JSON.parse(l) as { q: string }).q }));
    })
    .filter((s) => unitOfStem.has(s.stem));
  const draw = (units: (stem: string) => string[]) => {
    const s = pick(shapes);
    return { q: s.q, unit: pick(units(s.stem)) };
  };
  const one = async (x: { q: string; unit: string }) => {
    const a = await ask(lib, x.q, { unit: x.unit });
    return renderText(a).length + JSON.stringify(renderJson(a)).length;
  };
  // first touch: a unit whose reports are not in memory (each question here is about a unit not asked before)
  const fresh = [...unitOfStem.entries()].flatMap(([stem, us]) => us.slice(-60).map((unit) => ({ stem, unit })));
  const cold: number[] = [];
  for (const { stem, unit } of fresh.slice(0, 200)) {
    const q = pick(shapes.filter((s) => s.stem === stem)).q;
    const t = performance.now();
    await one({ q, unit });
    cold.push(performance.now() - t);
  }
  cold.sort((a, b) => a - b);
  figures.ask_p99_ms_cold = round1(quantile(cold, 0.99));
  results.push([
    'first touch of a unit (its reports read from the store, then the question), 200 units: p50 / p99 (target ≤ 10 ms)',
    `${ms(quantile(cold, 0.5))} / ${ms(quantile(cold, 0.99))} ms`,
    'what a single-unit question costs when its reports are not in memory',
  ]);
  // cached: questions about units whose reports are in memory (a working set smaller than the cache)
  const working = new Map([...unitOfStem].map(([stem, us]) => [stem, us.slice(0, 20)]));
  const warm = () => draw((stem) => working.get(stem)!);
  for (let i = 0; i < 1000; i++) await one(warm()); // warm-up, not counted
  const cachedLat: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const x = warm();
    const t = performance.now();
    await one(x);
    cachedLat.push(performance.now() - t);
  }
  cachedLat.sort((a, b) => a - b);
  figures.ask_p50_ms_cached = round1(quantile(cachedLat, 0.5));
  figures.ask_p99_ms_cached = round1(quantile(cachedLat, 0.99));
  results.push([
    '2000 questions about units in memory: p50 / p99 (target p99 ≤ 1 ms)',
    `${ms(quantile(cachedLat, 0.5))} / ${ms(quantile(cachedLat, 0.99))} ms`,
    `${shapes.length} gold shapes`,
  ]);
  // mixed: QUESTIONS questions about any unit of the store, one ranking in ten; memory stays bounded by the cache
  const anyUnit = () => draw((stem) => unitOfStem.get(stem)!);
  const kinds = new Map<string, number>();
  const lat: number[] = [];
  const t2 = performance.now();
  let sink = 0;
  for (let i = 0; i < QUESTIONS; i++) {
    const x = i % 10 === 9 ? { q: pick(rankShapes), unit: '' } : anyUnit();
    const s = performance.now();
    const a = await ask(lib, x.q, x.unit ? { unit: x.unit } : {});
    sink += renderText(a).length;
    lat.push(performance.now() - s);
    if (i < 2000) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
  }
  const wall = performance.now() - t2;
  lat.sort((a, b) => a - b);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  figures.ask_p99_ms_mixed = round1(quantile(lat, 0.99));
  figures[`rss_mb_${SCALE}`] = Math.round(rssMb);
  // parsing alone (text → typed query) over the directory, the same shapes
  const parseLat = shapes
    .slice(0, 500)
    .map((x) => {
      const s = performance.now();
      parseQuestion(x.q, { dir, viewsOf: () => [], view: () => undefined, unit: null });
      return performance.now() - s;
    })
    .sort((a, b) => a - b);
  figures.parse_p99_ms = round1(quantile(parseLat, 0.99));
  results.push([
    `${QUESTIONS} mixed questions over all ${dir.units.length} units (1 in 10 a ranking): p50 / p99`,
    `${ms(quantile(lat, 0.5))} / ${ms(quantile(lat, 0.99))} ms`,
    `${(QUESTIONS / (wall / 1000)).toFixed(0)} questions/s · ${lib.cachedReports()} reports in memory`,
  ]);
  results.push(['peak RSS after them (target ≤ 250 MB at 10,000)', `${rssMb.toFixed(1)} MB`, mb()]);
  results.push([
    'answer kinds (first 2000)',
    [...kinds].map(([k, n]) => `${k} ${n}`).join(' · '),
    `render checksum ${sink % 100000}`,
  ]);
  await store.close();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

// 5. bulk import through the real path (at most 1,000 text reports) and ranking over those units, in a child process
if (!values.quick) {
  const bulk = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      fileURLToPath(new URL('./bulk.ts', import.meta.url)),
      '--json',
      '--reports',
      String(Math.min(REPORTS, 1000)),
      '--seed',
      String(values.seed),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const line = bulk.stdout.trim().split('\n').pop() ?? '';
  if (bulk.status === 0 && line.startsWith('{')) {
    const out = JSON.parse(line) as { rows: [string, string, string][]; figures: Record<string, number> };
    results.push(...out.rows);
    figures.bulk_import_reports_per_s = out.figures.bulk_import_reports_per_s;
  } else results.push(['bulk import benchmark', 'FAILED', (bulk.stderr || bulk.stdout).trim().slice(-300)]);
}

// 6. whole processes: the 25-page PDF imported by the CLI, and one CLI `ask` on the seed store (compiled when built)
if (!values.quick) {
  const pdf = await benchPdfImport();
  Object.assign(figures, pdf);
  results.push([
    'import of the 25-page 财政局 PDF, whole CLI process, median of 3 (target ≤ 1.0 s, ≤ 250 MB)',
    `${pdf.pdf_import_s} s`,
    `peak RSS ${pdf.pdf_import_peak_rss_mb} MB`,
  ]);
  const cli = cliCommand();
  const seedDir = mkdtempSync(join(tmpdir(), 'jsws-cli-'));
  const env = { ...process.env, DB_PATH: join(seedDir, 'seed.db') };
  spawnSync(
    cli[0],
    [...cli.slice(1), 'import', fileURLToPath(new URL('../samples/yanggu-zfb-2020-juesuan.txt', import.meta.url))],
    { env },
  );
  const asks: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = spawnSync(cli[0], [...cli.slice(1), 'ask', '三公经费执行率'], { env, encoding: 'utf8' });
    asks.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`cli ask failed: ${r.stderr}`);
  }
  rmSync(seedDir, { recursive: true, force: true });
  asks.sort((a, b) => a - b);
  figures.cli_ask_s = Math.round(asks[2]) / 1000;
  results.push([
    'one CLI `ask` on the seed store, whole process, median of 5 (target ≤ 0.5 s)',
    `${figures.cli_ask_s} s`,
    cli.includes('tsx') ? 'through tsx (no dist/ built)' : 'compiled dist/',
  ]);
}

print(`决算问数 benchmark — SYNTHETIC data (${REPORTS} reports from scaled real samples), node ${process.version}\n`);
print(benchTable(results));

// 7. chart rendering (ECharts SSR, outlined text, resvg PNG) and 8. export (导出Excel): their own tables, or figures
for (const script of values.quick ? [] : ['./chart.ts', './export.ts']) {
  print('');
  const args = [
    '--import',
    'tsx',
    fileURLToPath(new URL(script, import.meta.url)),
    ...(values.json && script === './export.ts' ? ['--json'] : []),
  ];
  if (!values.json) spawnSync(process.execPath, args, { stdio: 'inherit' });
  else if (script === './export.ts') {
    const out = spawnSync(process.execPath, args, { encoding: 'utf8' });
    Object.assign(figures, JSON.parse(out.stdout.trim().split('\n').pop() ?? '{}'));
  }
}

if (values.json) console.log(JSON.stringify(figures));

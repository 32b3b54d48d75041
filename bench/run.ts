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
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Decimal } from 'decimal.js';
import { openDb } from '../db/client.js';
import { copyReportSynthetic, derivedRows, type SyntheticCopy, saveReport } from '../db/store.js';
import { DERIVED_VERSION, deriveReport } from '../src/query/derive.js';
import { draftView } from '../src/query/report-view.js';
import { importFile } from '../src/ingest/import-file.js';
import type { ReportDraft } from '../src/ingest/types.js';
import { parseFixture, reportPath } from '../test/query/real-views.js';
import { perturbDraft } from '../test/query/synthetic-draft.js';
import { benchPdfImport, cliCommand } from './pdf-import.js';
import { benchTable, ms, mulberry32, quantile } from './stats.js';
import { bundled, startFlags } from './bundled.js';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000' },
    questions: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '20250101' },
    json: { type: 'boolean', default: false },
    // the store figures only (sections 1–4): no bulk import, PDF, CLI, chart or export runs
    quick: { type: 'boolean', default: false },
    // keep the synthetic store and its units file (printed to stderr) to run bench/serve.ts on it again
    keep: { type: 'boolean', default: false },
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
      derived: { rows: derivedRows(deriveReport(draftView(draft, unitName))), version: DERIVED_VERSION },
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

  // 3–4. the store as the bot opens it, in a child process (bench/serve.ts) so that its peak RSS is a bot's, not that of
  // this process, which built the store
  await db.close();
  const unitsFile = join(tmp, 'units.json');
  writeFileSync(unitsFile, JSON.stringify(Object.fromEntries(unitOfStem)));
  const served = spawnSync(
    process.execPath,
    [
      ...startFlags(),
      '--expose-gc',
      bundled('serve'),
      join(tmp, 'bench.db'),
      unitsFile,
      String(QUESTIONS),
      String(values.seed),
      SCALE,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const line = served.stdout.trim().split('\n').pop() ?? '';
  if (served.status !== 0 || !line.startsWith('{'))
    throw new Error(`bench/serve.ts failed: ${(served.stderr || served.stdout).trim().slice(-1000)}`);
  const out = JSON.parse(line) as { rows: [string, string, string][]; figures: Record<string, number> };
  results.push(...out.rows);
  Object.assign(figures, out.figures);
} finally {
  if (values.keep) console.error(`store kept: ${join(tmp, 'bench.db')} ${join(tmp, 'units.json')}`);
  else rmSync(tmp, { recursive: true, force: true });
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

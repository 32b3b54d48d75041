/**
 * The store as the bot opens it, in its own process (started by bench/run.ts after it built the SYNTHETIC store), so
 * that its peak RSS is what a bot answering questions holds: start (open + directory), rankings, first touches,
 * cached and mixed questions. Prints one JSON line {rows, figures}.
 * usage: tsx bench/serve.ts DB UNITS_JSON QUESTIONS SEED SCALE   (UNITS_JSON: {sample stem: [unit names]})
 */
import { readdirSync, readFileSync } from 'node:fs';
import { openDb } from '../db/client.js';
import { parseQuestion } from '../src/nlu/parse.js';
import { ask, Library } from '../src/query/ask.js';
import { renderJson } from '../src/render/json.js';
import { renderText } from '../src/render/text.js';
import { ms, mulberry32, quantile, round1 } from './stats.js';

const [dbPath, unitsFile, questions, seed, SCALE] = process.argv.slice(2);
const QUESTIONS = Number(questions);
const unitOfStem = new Map<string, string[]>(Object.entries(JSON.parse(readFileSync(unitsFile, 'utf8'))));
const rand = mulberry32(Number(seed) + 1);
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
const mb = () =>
  `rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB · peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
const results: [string, string, string][] = [];
const figures: Record<string, number> = {};

const t1 = performance.now();
const store = await openDb(dbPath);
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
// first touch: a unit whose reports are not in memory (each question here is about a unit not asked before);
// measured early (V8 still compiling) and again in the steady state, after the cached questions below
const firstTouches = async (units: { stem: string; unit: string }[]) => {
  const lat: number[] = [];
  for (const { stem, unit } of units) {
    const q = pick(shapes.filter((s) => s.stem === stem)).q;
    const t = performance.now();
    await one({ q, unit });
    lat.push(performance.now() - t);
  }
  return lat.sort((a, b) => a - b);
};
const untouched = (from: number, to?: number) =>
  [...unitOfStem.entries()].flatMap(([stem, us]) => us.slice(from, to).map((unit) => ({ stem, unit }))).slice(0, 200);
const coldEarly = await firstTouches(untouched(-60));
figures.ask_p99_ms_cold_early = round1(quantile(coldEarly, 0.99));
results.push([
  'first touch of a unit (its reports read from the store, then the question), 200 units, early: p50 / p99',
  `${ms(quantile(coldEarly, 0.5))} / ${ms(quantile(coldEarly, 0.99))} ms`,
  'what a single-unit question costs when its reports are not in memory, in a process just started',
]);
// cached: questions about units whose reports are in memory (a working set smaller than the cache). Measured twice:
// early in the process's life, when V8 is still compiling the question path (after 1,000 questions it still
// optimises about 170 functions in the next 3,000), and in the steady state of a bot that has run a while.
const working = new Map([...unitOfStem].map(([stem, us]) => [stem, us.slice(0, 20)]));
const warm = () => draw((stem) => working.get(stem)!);
const cachedRun = async (warmUp: number, measured: number) => {
  for (let i = 0; i < warmUp; i++) await one(warm()); // not counted
  const lat: number[] = [];
  for (let i = 0; i < measured; i++) {
    const x = warm();
    const t = performance.now();
    await one(x);
    lat.push(performance.now() - t);
  }
  return lat.sort((a, b) => a - b);
};
const early = await cachedRun(1000, 2000);
figures.ask_p99_ms_cached_early = round1(quantile(early, 0.99));
results.push([
  '2000 questions about units in memory, after the first 1,000: p50 / p99',
  `${ms(quantile(early, 0.5))} / ${ms(quantile(early, 0.99))} ms`,
  `${shapes.length} gold shapes · V8 still optimising the question path`,
]);
const steady = await cachedRun(12000, 3000);
figures.ask_p50_ms_cached = round1(quantile(steady, 0.5));
figures.ask_p99_ms_cached = round1(quantile(steady, 0.99));
results.push([
  '3000 questions about units in memory, after 15,000: p50 / p99 (target p99 ≤ 1 ms)',
  `${ms(quantile(steady, 0.5))} / ${ms(quantile(steady, 0.99))} ms`,
  'the steady state of a bot that has run a while',
]);
const cold = await firstTouches(untouched(-120, -60));
figures.ask_p99_ms_cold = round1(quantile(cold, 0.99));
results.push([
  'first touch of a unit, 200 units not asked before, after the cached questions: p50 / p99 (target ≤ 10 ms)',
  `${ms(quantile(cold, 0.5))} / ${ms(quantile(cold, 0.99))} ms`,
  'the steady state: the question path compiled, the cache full',
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
// what the process holds once garbage is collected (run with --expose-gc), beside the peak the collector let it reach
const gc = (globalThis as { gc?: () => void }).gc;
// memory outside V8's heap held by JavaScript objects (Buffers: the store's blobs, inflated copies) before collection
figures[`external_mb_${SCALE}`] = Math.round(process.memoryUsage().external / 1048576);
gc?.();
figures[`heap_live_mb_${SCALE}`] = Math.round(process.memoryUsage().heapUsed / 1048576);
figures[`rss_after_gc_mb_${SCALE}`] = Math.round(process.memoryUsage().rss / 1048576);
figures[`heap_total_mb_${SCALE}`] = Math.round(process.memoryUsage().heapTotal / 1048576);
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
console.log(JSON.stringify({ rows: results, figures }));

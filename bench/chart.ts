/**
 * Chart rendering time: ECharts SSR SVG + text outlined + resvg PNG, for each chart kind of the 阳谷 2020 and
 * 财政局 2024 samples. Median and p95 over N renders after warm-up; the first (cold) render, which parses the
 * CJK font, is reported apart. Target: one chart < 300 ms.
 * usage: npx tsx bench/chart.ts [--renders N] [--write-docs]   (--write-docs: also refresh the sample PNGs in docs/)
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { executionChart, structureChart, threePublicChart, trendChart } from '../src/chart/index.js';
import { toPng } from '../src/chart/render.js';
import type { Chart } from '../src/chart/types.js';
import type { ReportView } from '../src/query/report-view.js';
import { draftOf, scaledYear, viewFrom } from '../test/chart/views.js';
import { quantile } from './stats.js';

const { values } = parseArgs({
  options: { renders: { type: 'string', default: '50' }, 'write-docs': { type: 'boolean', default: false } },
});
const N = Number(values.renders);

const yangguDraft = await draftOf('yanggu-zfb-2020-juesuan.txt');
const yanggu = viewFrom(yangguDraft, 1);
const czj = viewFrom(await draftOf('putuo-czj-2024-juesuan.pdf'), 2);
// SYNTHETIC second year for the trend chart: 阳谷's tables × 0.8 labelled 2019, no published figure
const yanggu2019: ReportView = viewFrom(scaledYear(yangguDraft, '0.8', 2019), 3);

const t0 = performance.now();
structureChart(yanggu);
const cold = performance.now() - t0;

if (values['write-docs']) {
  const docs = new URL('../docs/', import.meta.url);
  const out: [string, Chart | null][] = [
    ['yanggu-2020-structure.png', structureChart(yanggu)],
    ['yanggu-2020-three-public.png', threePublicChart(yanggu)],
    ['yanggu-2020-execution.png', executionChart(yanggu)],
    ['czj-2024-structure.png', structureChart(czj)],
    ['czj-2024-execution.png', executionChart(czj)],
  ];
  for (const [file, c] of out) writeFileSync(new URL(file, docs), c!.png);
  console.log(`wrote ${out.map(([f]) => `docs/${f}`).join(', ')}`);
}

const cases: [string, () => Chart | null][] = [
  ['支出结构 阳谷2020', () => structureChart(yanggu)],
  ['执行率 阳谷2020', () => executionChart(yanggu)],
  ['三公 阳谷2020', () => threePublicChart(yanggu)],
  ['支出结构 财政局2024', () => structureChart(czj)],
  ['执行率 财政局2024', () => executionChart(czj)],
  ['三公 财政局2024', () => threePublicChart(czj)],
  [
    '同比 阳谷2019–2020',
    () => trendChart([yanggu2019, yanggu], yanggu.unitName, { type: 'agg', id: '本年支出合计', name: '本年支出合计' }),
  ],
];

for (const [, run] of cases) for (let i = 0; i < 3; i++) run();

const rows: string[][] = [];
const all: number[] = [];
for (const [name, run] of cases) {
  const total: number[] = [];
  const png: number[] = [];
  let last: Chart | null = null;
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    last = run();
    total.push(performance.now() - s);
    const p = performance.now();
    toPng(last!.svg);
    png.push(performance.now() - p);
  }
  total.sort((a, b) => a - b);
  png.sort((a, b) => a - b);
  all.push(...total);
  rows.push([
    name,
    `${last!.width}×${last!.height}`,
    `${(last!.png.length / 1024).toFixed(0)} KB`,
    quantile(total, 0.5).toFixed(1),
    quantile(total, 0.95).toFixed(1),
    quantile(png, 0.5).toFixed(1),
  ]);
}
all.sort((a, b) => a - b);
console.log(
  `chart render (ms), ${N} renders each after warm-up; cold first render incl. font parse: ${cold.toFixed(0)} ms`,
);
console.log(['chart', 'size', 'png', 'median', 'p95', 'png step median'].join('\t'));
for (const r of rows) console.log(r.join('\t'));
console.log(
  `all charts: median ${quantile(all, 0.5).toFixed(1)} ms, p95 ${quantile(all, 0.95).toFixed(1)} ms (target < 300 ms): ${quantile(all, 0.95) < 300 ? 'OK' : 'SLOW'}`,
);

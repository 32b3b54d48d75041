import { scopeOfViews } from '../../src/query/directory.js';
import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chartAnswer,
  chartByName,
  chartForAnswer,
  executionChart,
  structureChart,
  threePublicChart,
  trendChart,
  type Chart,
} from '../../src/chart/index.js';
import { type Answer, chartHintOf } from '../../src/query/answer.js';
import { undrawable } from '../../src/chart/font.js';
import { outlineText } from '../../src/chart/outline-svg.js';
import { clampCaption, shorten, wrap } from '../../src/chart/text.js';
import { answerFromViews } from '../../src/query/ask.js';
import type { ReportView } from '../../src/query/report-view.js';
import { CZJ_2024, YANGGU_2020, draftOf, scaledYear, viewFrom } from './views.js';

let yanggu: ReportView;
let czj: ReportView;
let yanggu2019: ReportView;
beforeAll(async () => {
  const y = await draftOf(YANGGU_2020);
  yanggu = viewFrom(y, 1);
  czj = viewFrom(await draftOf(CZJ_2024), 2);
  yanggu2019 = viewFrom(scaledYear(y, '0.8', 2019), 3);
});

/** IHDR size, and the IDAT stream inflated: it must hold exactly one filter byte + one RGBA row per line. */
function decodePng(png: Buffer): { width: number; height: number; rawBytes: number; expectedBytes: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[png[25] as 0 | 2 | 4 | 6];
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    if (png.subarray(at + 4, at + 8).toString('latin1') === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  return {
    width,
    height,
    rawBytes: inflateSync(Buffer.concat(idat)).length,
    expectedBytes: height * (1 + width * channels * (png[24] / 8)),
  };
}

/** Share of clearly dark pixels once resvg reads the PNG back: text and bars were drawn, not a blank page. */
function inkShare(c: Chart): number {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${c.width}" height="${c.height}"><image width="${c.width}" height="${c.height}" href="data:image/png;base64,${c.png.toString('base64')}"/></svg>`;
  const px = new Resvg(svg).render().pixels;
  let dark = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 300 && px[i + 3] > 0) dark++;
  return dark / (px.length / 4);
}

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join('\n');

function expectGoodChart(c: Chart | null): Chart {
  expect(c).not.toBeNull();
  const chart = c!;
  const png = decodePng(chart.png);
  expect(png.width).toBe(chart.width);
  expect(png.width).toBeLessThanOrEqual(1080);
  expect(png.height).toBe(chart.height);
  expect(png.rawBytes).toBe(png.expectedBytes);
  expect(chart.png.length).toBeGreaterThan(20_000);
  expect(inkShare(chart)).toBeGreaterThan(0.01);
  expect(undrawable(texts(chart.svg))).toEqual([]);
  expect([...chart.caption].length).toBeLessThanOrEqual(1024);
  return chart;
}

describe('each chart kind for the 阳谷 2020 and 财政局 2024 samples', () => {
  it.each([
    [
      '阳谷 支出结构',
      () => structureChart(yanggu),
      [
        '2020年度 阳谷县人民政府办公室 支出结构（万元）',
        '一般公共服务支出',
        '1133.55（86.00%）',
        '社会保障和就业支出',
        '110.37（8.37%）',
        '53.16（4.03%）',
        '20.95（1.59%）',
        '合计 1318.04',
      ],
    ],
    [
      '阳谷 执行率',
      () => executionChart(yanggu),
      [
        '预算执行（万元）',
        '年初预算',
        '行政运行',
        '844.06',
        '920.49 · 执行率 109.06%',
        '36.49 · 无年初预算',
        '100.64 · 执行率 135.87%',
        '20.95 · 执行率 71.19%',
      ],
    ],
    [
      '阳谷 三公',
      () => threePublicChart(yanggu),
      [
        '“三公”经费（万元）',
        '公务用车运行维护费',
        '10.00',
        '9.38 · 执行率 93.80%',
        '三公经费合计',
        '10.50',
        '9.38 · 执行率 89.33%',
        '0.50',
      ],
    ],
    [
      '财政局 支出结构',
      () => structureChart(czj),
      [
        '2024年度 上海市普陀区财政局 支出结构（万元）',
        '一般公共服务支出',
        '2106.66（71.65%）',
        '445.69（15.16%）',
        '326.72（11.11%）',
        '60.99（2.07%）',
        '合计 2940.05',
      ],
    ],
    [
      '财政局 执行率',
      () => executionChart(czj),
      ['财政委托业务支出', '1560.05', '1511.89 · 执行率 96.91%', '449.52 · 执行率 99.78%', '258.50 · 执行率 100.00%'],
    ],
    ['财政局 三公', () => threePublicChart(czj), ['公务接待费', '0.95', '0.00 · 执行率 0.00%', '因公出国（境）费']],
  ])('%s: PNG decodes, SVG holds the labels and values', (_, make, labels) => {
    const chart = expectGoodChart(make());
    const shown = texts(chart.svg);
    for (const l of labels) expect(shown).toContain(l);
  });

  it('trend: one bar a year with the change on the year before (second year SYNTHETIC, × 0.8)', () => {
    const chart = expectGoodChart(
      trendChart([yanggu, yanggu2019], yanggu.unitName, { type: 'agg', id: '本年支出合计', name: '本年支出合计' }),
    );
    const shown = texts(chart.svg);
    expect(chart.title).toBe('2019–2020年度 阳谷县人民政府办公室 本年支出合计（万元）');
    expect(shown).toContain('1054.43');
    expect(shown).toContain('1318.04（同比 +25.00%）');
    expect(trendChart([yanggu], yanggu.unitName, { type: 'agg', id: '本年支出合计', name: '本年支出合计' })).toBeNull();
  });
});

describe('chartByName and chartForAnswer', () => {
  it.each([
    ['支出结构', '支出结构'],
    ['执行率', '预算执行'],
    ['三公', '“三公”经费'],
  ] as const)('/chart %s', (name, inTitle) => {
    expect(chartByName(name, yanggu)?.title).toContain(inTitle);
  });

  it.each([
    ['支出结构', YANGGU_2020, '支出结构（万元）'],
    ['三公经费执行率', YANGGU_2020, '“三公”经费'],
    ['公务接待费执行率', CZJ_2024, '“三公”经费'],
    ['住房保障支出', YANGGU_2020, null],
    ['公开05表', YANGGU_2020, null],
  ])('%s → %s', (q, file, inTitle) => {
    const views = [yanggu, czj];
    const unit = (file === YANGGU_2020 ? yanggu : czj).unitName;
    const chart = chartForAnswer(answerFromViews(views, q, { unit }), scopeOfViews(views));
    if (inTitle === null) expect(chart).toBeNull();
    else expect(chart?.title).toContain(inTitle);
  });

  it('rank and trend tables become bars labelled with the table strings', () => {
    const views = [yanggu, czj, yanggu2019];
    const rank = expectGoodChart(chartForAnswer(answerFromViews(views, '各单位三公经费排名'), scopeOfViews(views)));
    expect(texts(rank.svg)).toContain('9.38');
    expect(texts(rank.svg)).toContain('上海市普陀区财政局');
    const trend = chartForAnswer(answerFromViews(views, `${yanggu.unitName}近两年本年支出合计`), scopeOfViews(views));
    expect(texts(trend!.svg)).toContain('1054.43');
  });

  it('no chart for answers without a chart form', () => {
    expect(chartForAnswer({ kind: 'error', message: 'x' }, scopeOfViews([]))).toBeNull();
    expect(chartForAnswer({ kind: 'unknown', message: 'x', examples: [] }, scopeOfViews([]))).toBeNull();
  });

  it('draws from the hint, not from titles: a 支出结构 title without a hint gets no chart', () => {
    const views = [yanggu, czj];
    const a = answerFromViews(views, '支出结构', { unit: yanggu.unitName });
    expect(a.kind).toBe('table');
    const { chart: _hint, ...bare } = a as Extract<Answer, { kind: 'table' }>;
    expect(chartForAnswer(bare, scopeOfViews(views))).toBeNull();
  });

  it('chartAnswer carries the PNG and a caption of at most 1,024 characters', () => {
    const a = chartAnswer(structureChart(yanggu)!);
    expect(a).toMatchObject({ kind: 'chart', title: expect.stringContaining('支出结构'), width: 1080 });
    expect(a.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([...a.caption].length).toBeLessThanOrEqual(1024);
  });
});

describe('chart hint: set by the code that builds the answer', () => {
  const views = () => [yanggu, czj, yanggu2019];
  const YG = { unit: '阳谷县人民政府办公室', year: 2020 };
  it.each([
    ['支出结构', YG, { kind: 'structure', reportId: 1 }],
    ['三公经费执行率', YG, { kind: 'three_public', reportId: 1 }],
    ['公务用车运行维护费执行率', YG, { kind: 'three_public', reportId: 1 }],
    ['行政运行执行率', YG, { kind: 'execution', reportId: 1 }],
    ['各单位三公经费排名', {}, { kind: 'bars', layout: 'rank' }],
    ['三公经费最多的单位', {}, { kind: 'bars', layout: 'rank' }],
    ['阳谷县人民政府办公室和上海市普陀区财政局三公经费对比', {}, { kind: 'bars', layout: 'compare' }],
    [
      '阳谷县人民政府办公室近两年本年支出合计',
      {},
      {
        kind: 'trend',
        unit: '阳谷县人民政府办公室',
        subject: expect.objectContaining({ id: '本年支出合计' }),
        from: 2019,
        to: 2020,
      },
    ],
  ])('%s → %o', (q, scope, hint) => {
    const a = answerFromViews(views(), q, scope);
    expect(chartHintOf(a)).toEqual(hint);
    expect(chartForAnswer(a, scopeOfViews(views()))).not.toBeNull();
  });

  it.each([
    ['住房保障支出', YG, 'figure'],
    ['基本支出占比', YG, 'figure'],
    ['收支总计同比', YG, 'figure'],
    ['公开05表', YG, 'table'],
    ['住房公积金', YG, 'clarify'],
    // one unit reported 2020: a sum of one is no comparison
    ['2020年各单位本年支出合计', {}, 'figure'],
  ])('%s has no chart form', (q, scope, kind) => {
    const a = answerFromViews(views(), q, scope);
    expect(a.kind).toBe(kind);
    expect(chartHintOf(a)).toBeNull();
    expect(chartForAnswer(a, scopeOfViews(views()))).toBeNull();
  });
});

describe('text helpers', () => {
  it.each([
    ['一般公共服务支出', 24, 340, ['一般公共服务支出']],
    ['机关事业单位基本养老保险缴费支出', 24, 340, ['机关事业单位基本', '养老保险缴费支出']],
    [
      '其他政府办公厅（室）及相关机构事务支出其他政府办公厅（室）及相关机构事务支出',
      24,
      340,
      ['其他政府办公厅（室）及相关机', '构事务支出其他政府办公厅（…'],
    ],
    [
      '2024年度 中共上海市普陀区委社会工作部 “三公”经费（万元）',
      34,
      800,
      ['2024年度 中共上海市普陀区委社会工作部', '“三公”经费（万元）'],
    ],
  ])('wrap(%s, %i, %i)', (s, size, max, lines) => {
    expect(wrap(s, size, max, 2)).toEqual(lines);
  });

  it.each([
    ['2210201 住房改革支出', '2210201 住房改革支出'],
    ['2010301 政府办公厅（室）及相关机构事务', '2010301 政府办公厅（室）及相关机构…'],
    ['2121999 其他国有土地使用权出让收入对应专项债务收入安排的支出', '2121999 其他国有土地使用权出让收入…'],
  ])('shorten(%s) to one line of 340 px', (s, out) => {
    expect(shorten(s, 18, 340)).toBe(out);
  });

  it.each([
    ['短', '短'],
    ['长'.repeat(1100), `${'长'.repeat(1023)}…`],
  ])('clampCaption keeps ≤ 1024 characters', (s, out) => {
    expect(clampCaption(s)).toBe(out);
  });

  it('outlineText leaves no <text> and decodes entities', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="50"><text text-anchor="end" dominant-baseline="central" style="font-size:20px;" transform="translate(190 25)" fill="#000">A&amp;B 万元</text></svg>';
    const out = outlineText(svg);
    expect(out).not.toContain('<text');
    expect(out.match(/<use /g)).toHaveLength(5);
    expect(out).toContain('fill="#000"');
  });
});

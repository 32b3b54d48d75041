import { scopeOfViews } from '../../src/query/directory.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportDraft } from '../../src/ingest/types.js';
import { parseQuestion } from '../../src/nlu/parse.js';
import type { Answer } from '../../src/query/answer.js';
import { answerFromViews } from '../../src/query/ask.js';
import type { ReportView } from '../../src/query/report-view.js';
import { fixed2 } from '../../src/render/format.js';
import { CZJ, SHGZB, WENLV, YANGGU, realDrafts, viewsOf } from './real-views.js';
import { perturbDraft } from './synthetic-draft.js';
import { expectKind } from './expect-answer.js';

// the four real reports: 阳谷 2020, 财政局 2024, 社会工作部 2024, 文旅局 2025; no default unit
let drafts: ReportDraft[];
let views: ReportView[];
beforeAll(async () => {
  drafts = await realDrafts();
  views = viewsOf(drafts);
});
const answer = (q: string, unit: string | null = null): Answer => answerFromViews(views, q, { unit });
const unitsIn = (rows: string[][]) => rows.map((r) => r[1]);

describe('rank: 排名, 前N, 倒数, 最多/最少', () => {
  it.each(['三公经费排名前2', '三公经费前两名', '三公经费前2名'])('%s: the top two only, each with its year', (q) => {
    const a = expectKind(answer(q), 'table');
    expect(a.table.rows).toEqual([
      ['1', YANGGU, '2020', '9.38'],
      ['2', WENLV, '2025', '3.04'],
    ]);
    expect(a.notes).toContain('各单位取库中最新年度，年度逐行写明');
  });

  it.each(['三公经费倒数第一', '三公经费最少的单位', '哪个单位三公经费最少'])(
    '%s: two units tie at 0.00, both named, sharing first place',
    (q) => {
      const a = expectKind(answer(q), 'figure');
      expect(fixed2(a.value)).toBe('0.00');
      expect(a.title).toBe(`三公经费最少的单位：${CZJ}（2024年度）、${SHGZB}（2024年度）并列`);
      expect(a.basis.map((b) => b.unit).sort()).toEqual([CZJ, SHGZB].sort());
      expect(a.table!.rows.map((r) => r[0])).toEqual(['1', '1', '3', '4']);
    },
  );

  it.each(['三公经费最多的单位', '三公经费排名第一的单位', '哪个单位三公经费最多'])('%s → 阳谷 9.38', (q) => {
    const a = expectKind(answer(q), 'figure');
    expect([a.title, fixed2(a.value)]).toEqual([`三公经费最多的单位：${YANGGU}（2020年度）`, '9.38']);
  });

  it.each([
    ['三公经费执行率最低的单位', '三公经费执行率最低的单位：'],
    ['三公经费执行率最高的单位', '三公经费执行率最高的单位：'],
  ])('%s: a rate is named highest or lowest, not most or least', (q, title) => {
    const a = expectKind(answer(q), 'figure');
    expect(a.title.startsWith(title)).toBe(true);
    expect(a.unit).toBe('%');
  });

  it('a tie at the cut stays in: 前3 shows both units in third place', () => {
    const a = expectKind(answer('三公经费前3名'), 'table');
    expect(a.table.rows.map((r) => r[0])).toEqual(['1', '2', '3', '3']);
  });

  it('2024年各单位公用经费排名: only 2024 reports, the units without one named', () => {
    const a = expectKind(answer('2024年各单位公用经费排名'), 'table');
    expect(a.title).toBe('2024年度 各单位公用经费排名');
    expect(a.table.rows).toEqual([
      ['1', CZJ, '2024', '184.65'],
      ['2', SHGZB, '2024', '10.23'],
    ]);
    expect(new Set(a.basis.map((b) => b.year))).toEqual(new Set([2024]));
    const note = a.notes.find((n) => n.startsWith('未列入（没有2024年度报告）：'));
    expect(note?.split('：')[1].split('、').sort()).toEqual([WENLV, YANGGU].sort());
  });

  it('without a year each unit ranks with its latest report', () => {
    const a = expectKind(answer('各单位公用经费排名'), 'table');
    expect(a.table.rows.map((r) => [r[1], r[2]])).toEqual([
      [WENLV, '2025'],
      [YANGGU, '2020'],
      [CZJ, '2024'],
      [SHGZB, '2024'],
    ]);
  });

  it('a region: 普陀区 ranks its own units only', () => {
    const a = expectKind(answer('普陀区各单位三公经费排名'), 'table');
    expect(unitsIn(a.table.rows)).not.toContain(YANGGU);
    expect(unitsIn(a.table.rows).sort()).toEqual([CZJ, SHGZB, WENLV].sort());
    expect(a.notes).toContain('范围：上海市普陀区的单位');
  });

  it('前两年 is no ranking (it is a span of years)', () => {
    expect(parseQuestion('三公经费前两年', scopeOfViews(views)).kind).not.toBe('rank');
  });
});

describe('compare: A和B, A比B多多少', () => {
  it.each([
    ['财政局比社会工作部人员经费多多少', [CZJ, SHGZB], `${CZJ}比${SHGZB}多 2056.90 万元`],
    ['社会工作部比财政局人员经费少多少', [SHGZB, CZJ], `${SHGZB}比${CZJ}少 2056.90 万元`],
    ['财政局和文旅局三公经费对比', [CZJ, WENLV], `${CZJ}比${WENLV}少 3.04 万元`],
  ])('%s: rows in the order named, the difference in a note', (q, order, note) => {
    const a = expectKind(answer(q), 'table');
    expect(unitsIn(a.table.rows.map((r) => ['', ...r]))).toEqual(order);
    expect(a.notes).toContain(note);
  });

  it('different latest years are said', () => {
    expect(expectKind(answer('财政局和文旅局三公经费对比'), 'table').notes).toContain(
      '各单位取最新年度，年度不同，请注意可比性',
    );
  });

  it('a named year compares that year: a unit without it says so', () => {
    const a = expectKind(answer('2024年财政局和文旅局三公经费对比'), 'table');
    expect(a.title).toBe('2024年度 三公经费对比');
    expect(a.table.rows).toEqual([
      [CZJ, '2024', '0.00'],
      [WENLV, '2024', '无该年度报告'],
    ]);
  });
});

describe('total: one year only, counted and missing units named', () => {
  it('全区人员经费合计: 2024 (the year most 普陀区 units reported); 阳谷县 is no part of 全区', () => {
    const a = expectKind(answer('全区人员经费合计'), 'figure');
    expect([a.title, fixed2(a.value), a.formula]).toEqual([
      '2024年度 上海市普陀区人员经费合计',
      '2247.62',
      '2152.26 + 95.36',
    ]);
    expect(a.notes).toEqual([
      '范围：上海市普陀区的单位',
      `计入2个单位：${CZJ}、${SHGZB}`,
      `没有2024年度报告（未计入）：${WENLV}`,
    ]);
  });

  it.each([
    '全区人员经费合计',
    '2025年全区人员经费合计',
    '全县三公经费合计',
    '各单位三公经费合计',
    '所有单位公用经费一共多少',
  ])('%s never mixes years', (q) => {
    const a = expectKind(answer(q), 'figure');
    expect(new Set(a.basis.map((b) => b.year)).size).toBe(1);
    expect(a.title).toMatch(new RegExp(`^${a.basis[0].year}年度 `));
  });

  it('全县: 阳谷县 alone', () => {
    const a = expectKind(answer('全县三公经费合计'), 'figure');
    expect([a.title, fixed2(a.value)]).toEqual(['2020年度 阳谷县三公经费合计', '9.38']);
  });
});

describe('trend: one unit over years, the years without a report named', () => {
  it('文旅局近三年三公经费', () => {
    const a = expectKind(answer('文旅局近三年三公经费'), 'table');
    expect(a.title).toBe(`${WENLV} 2023–2025年度三公经费`);
    // 2024 has no report; the 2025 report's prose says 三公经费 fell by 19.66, so 2024 is 3.04 + 19.66, marked as inferred
    expect(a.table.rows).toEqual([
      ['2024（推算）', '22.70'],
      ['2025', '3.04'],
    ]);
    expect(a.notes[0]).toBe('库中没有这些年度的报告：2023、2024');
    expect(a.notes[1]).toContain('2024年由2025年度报告的情况说明推算');
  });

  it('with two synthetic years added the trend has three rows (SYNTHETIC 2023, 2024: 文旅局 2025 × 0.8, × 0.9)', () => {
    const wenlv = drafts.find((d) => d.unitName === WENLV)!;
    const more = viewsOf([
      ...drafts,
      perturbDraft(wenlv, '0.8', { year: 2023 }),
      perturbDraft(wenlv, '0.9', { year: 2024 }),
    ]);
    const a = expectKind(answerFromViews(more, '文旅局近三年三公经费', { unit: null }), 'table');
    expect(a.table.rows).toEqual([
      ['2023', '2.43'],
      ['2024', '2.74'],
      ['2025', '3.04'],
    ]);
    expect(a.notes).toEqual([]);
  });

  it.each([
    ['文旅局2023年和2025年三公经费', '2023–2025'],
    ['文旅局2025年与2024年三公经费', '2024–2025'],
    ['文旅局2024年至2025年三公经费', '2024–2025'],
    ['文旅局2024-2025三公经费', '2024–2025'],
  ])('two years named together are a trend over them, the missing one said: %s', (q, years) => {
    const wenlv = drafts.find((d) => d.unitName === WENLV)!;
    const more = viewsOf([...drafts, perturbDraft(wenlv, '0.8', { year: 2023 })]);
    const a = expectKind(answerFromViews(more, q, { unit: null }), 'table');
    expect(a.title).toBe(`${WENLV} ${years}年度三公经费`);
    expect(a.table.rows.at(-1)).toEqual(['2025', '3.04']);
    if (years.startsWith('2023')) expect(a.table.rows[0]).toEqual(['2023', '2.43']);
  });
});

describe('no default unit: a question that needs one asks which, listing the units', () => {
  it.each(['人员经费', '三公经费执行率', '近三年三公经费'])('%s', (q) => {
    const a = expectKind(answer(q), 'clarify');
    expect(a.message).toBe('请问要查哪个单位？（本聊天未设置默认单位）');
    expect(a.candidates.map((c) => c.label).sort()).toEqual([CZJ, SHGZB, WENLV, YANGGU].sort());
    // every button asks a question that resolves (社会工作部's 三公 budget is 0: no rate, and it says so)
    for (const c of a.candidates) expect(['figure', 'table', 'no_data']).toContain(answer(c.question).kind);
  });

  it('with a default unit the same question is answered for it', () => {
    expect(fixed2(expectKind(answer('人员经费', CZJ), 'figure').value)).toBe('2152.26');
  });
});

describe('a kind of unit asked over: 各街道, 哪个街道 (two 街道 and a 局 of 普陀区)', () => {
  const YICHUAN = '上海市普陀区人民政府宜川路街道办事处';
  const SHIQUAN = '上海市普陀区人民政府石泉路街道办事处';
  let mixed: ReportView[];
  beforeAll(async () => {
    const { extractLines } = await import('../../src/ingest/extract.js');
    const { parseReport } = await import('../../src/ingest/parse-report.js');
    const { readFileSync } = await import('node:fs');
    const parsed: ReportDraft[] = [];
    for (const file of ['putuo-yichuan-2025-juesuan.pages.txt', 'putuo-shiquan-2025-juesuan.pages.txt']) {
      const bytes = new Uint8Array(readFileSync(new URL(`../fixtures/more/${file}`, import.meta.url)));
      const ex = await extractLines({ fileName: file, bytes });
      parsed.push(parseReport(ex.lines, { format: ex.format, pageCount: ex.pageCount, fileName: file, partial: true }));
    }
    mixed = viewsOf([...parsed, ...(await realDrafts(['putuo-wenlv-2025-juesuan.pages.txt']))]);
  });
  const ask = (q: string) => answerFromViews(mixed, q, { unit: null });

  it('普陀区哪个街道支出最多: the 街道 only, by their 本年支出合计', () => {
    const a = expectKind(ask('普陀区哪个街道支出最多'), 'figure');
    expect(a.title).toBe(`本年支出合计最多的街道：${YICHUAN}（2025年度）`);
    expect(unitsIn(a.table!.rows)).toEqual([YICHUAN, SHIQUAN]);
  });

  it('各街道三公经费: a ranking of the 街道, its scope noted; 各街道三公经费合计 their total', () => {
    const rank = expectKind(ask('各街道三公经费'), 'table');
    expect(rank.title).toBe('各街道三公经费排名');
    expect(unitsIn(rank.table.rows)).toEqual([SHIQUAN, YICHUAN]);
    expect(rank.notes).toContain('范围：街道');
    const total = expectKind(ask('各街道三公经费合计'), 'figure');
    expect(fixed2(total.value)).toBe('57.21');
  });

  it("units compared by 支出 compare their 本年支出合计, not a 科目 inside a unit's name (文旅局 is no 文旅 支出)", () => {
    const a = expectKind(ask('宜川路街道和文旅局支出对比'), 'table');
    expect(a.title).toBe('本年支出合计对比');
  });

  it('a 街道 by its street (石泉路); a unit named keeps 最大的一笔支出 to its own rows', () => {
    expect(expectKind(ask('石泉路三公经费'), 'figure').title).toContain(SHIQUAN);
    expect(ask('石泉路街道最大的一笔支出是什么').kind).not.toBe('table');
    expect(JSON.stringify(ask('石泉路街道最大的一笔支出是什么'))).not.toContain(WENLV);
  });

  it('各单位 still ranges over every unit, and 哪个单位支出最多 is the 本年支出合计', () => {
    expect(unitsIn(expectKind(ask('各单位三公经费排名'), 'table').table.rows)).toHaveLength(3);
    expect(expectKind(ask('哪个单位支出最多'), 'figure').title).toBe(`本年支出合计最多的单位：${WENLV}（2025年度）`);
  });
});

describe('units past a line: 哪些单位三公经费超过5万, 执行率低于50%的单位', () => {
  it('lists every unit past it, in order, with the count in the title', () => {
    const a = expectKind(answer('哪些单位的三公经费超过5万'), 'table');
    expect(a.title).toBe('三公经费超过5万元的单位：1个');
    expect(a.table.rows).toEqual([['1', YANGGU, '2020', '9.38']]);
  });

  it('a line nobody passes is an answer, not a missing figure', () => {
    const a = expectKind(answer('哪些单位三公经费超过1000万'), 'table');
    expect(a.title).toBe('三公经费超过1000万元的单位：没有');
    expect(a.table.rows).toEqual([]);
  });

  it('below a line, lowest first; 执行率 in percent', () => {
    const a = expectKind(answer('三公经费执行率低于50%的单位'), 'table');
    expect(a.title).toMatch(/^三公经费执行率低于50%的单位：\d+个$/);
    const rates = a.table.rows.map((r) => Number.parseFloat(r[3]));
    expect(rates.every((r) => r < 50)).toBe(true);
    expect([...rates].sort((x, y) => x - y)).toEqual(rates);
  });

  it('a unit named is not a set of units: 财政局三公经费超过5万吗 stays a question about 财政局', () => {
    expect(answer('财政局三公经费超过5万吗').kind).not.toBe('table');
  });
});

describe('more shapes across units', () => {
  it('哪些单位没有三公经费: the units whose 三公经费 is 0', () => {
    const a = expectKind(answer('哪些单位没有三公经费'), 'table');
    expect(a.title).toBe('三公经费为0的单位：2个');
    expect(unitsIn(a.table.rows).sort()).toEqual([CZJ, SHGZB].sort());
  });

  it('a count is ranked as a count: 辆, not 万元', () => {
    const a = expectKind(answer('各单位公务用车保有量排名'), 'table');
    expect(a.table.columns.map((c) => c.title)).toEqual(['名次', '单位', '年度', '数量（辆）']);
    for (const row of a.table.rows) expect(row[3]).toMatch(/^\d+$/);
  });

  it('a share is not ranked across units, nor answered with a ranking of one of its figures', () => {
    const a = expectKind(answer('各单位人员经费占基本支出比重排名'), 'clarify');
    expect(a.message).toContain('各单位之间暂不按占比排名');
    expect(a.candidates.map((c) => c.question)).toEqual(['各单位人员经费排名', '各单位基本支出排名']);
  });

  it('a total of a 合计 is not named 合计合计', () => {
    const a = expectKind(answer('各单位本年支出合计一共多少'), 'figure');
    expect(a.title).toMatch(/本年支出合计$/);
    expect(a.title).not.toContain('合计合计');
  });
});

import { scopeOfViews } from '../../src/query/directory.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseQuestion } from '../../src/nlu/parse.js';
import { querySchema, type Query } from '../../src/query/query.js';
import type { ReportView } from '../../src/query/report-view.js';
import { CZJ, SHGZB, WENLV, YANGGU, realDrafts, viewsOf } from '../query/real-views.js';

// report ids follow TEXT_REPORTS: 1 阳谷 2020, 2 财政局 2024, 3 社会工作部 2024, 4 文旅局 2025
const ID: Record<string, number> = { [YANGGU]: 1, [CZJ]: 2, [SHGZB]: 3, [WENLV]: 4 };
let views: ReportView[];
beforeAll(async () => {
  views = viewsOf(await realDrafts());
});

const ask = (text: string, unit: string | null = YANGGU, year: number | null = null): Query => {
  const q = parseQuestion(text, { ...scopeOfViews(views), unit, year });
  expect(querySchema.parse(q)).toEqual(q);
  return q;
};
const fn = (code: string) => ({ type: 'code', classification: 'function', code });
const econ = (code: string) => ({ type: 'code', classification: 'economic', code });
const agg = (id: string) => ({ type: 'agg', id });
const subjectOf = (q: Query) => ('subject' in q ? q.subject : null);

describe('subjects', () => {
  it.each([
    // by printed name
    ['住房保障支出', fn('221')],
    ['行政运行', fn('2010301')],
    ['邮电费多少', econ('30207')],
    ['三公经费', agg('三公经费')],
    ['人员经费', agg('人员经费')],
    // by synonym
    ['收入支出总计', agg('收支总计')],
    ['公车费用', agg('公务用车购置及运行维护费')],
    ['接待费', agg('公务接待费')],
    ['车辆数', agg('车辆')],
    ['政府采购金额', agg('政府采购')],
    ['住房保障', fn('221')],
    // by function code: 类, 款, 项
    ['221', fn('221')],
    ['22102', fn('22102')],
    ['2210201', fn('2210201')],
    ['2010301是多少', fn('2010301')],
    // by economic code
    ['30207', econ('30207')],
    ['30113', econ('30113')],
  ])('%s', (text, subject) => {
    const q = ask(text);
    expect(q.kind).toBe('figure');
    expect(subjectOf(q)).toMatchObject(subject);
  });

  it.each([
    ['住房改革支出住房公积金', YANGGU, fn('2210201')],
    ['住房保障住房公积金', YANGGU, fn('2210201')],
    ['文化和旅游行政运行', WENLV, fn('2070101')],
    ['政府办公厅（室）及相关机构事务行政运行执行率', YANGGU, fn('2010301')],
  ])('款+项 naming one item: %s', (text, unit, subject) => expect(subjectOf(ask(text, unit))).toMatchObject(subject));

  it.each([
    ['一般公共预算财政拨款支出', agg('一般公共预算财政拨款支出')],
    ['机关事业单位职业年金缴费支出', fn('2080506')],
    ['职业年金缴费', econ('30109')],
    ['其他政府办公厅（室）及相关机构事务支出', fn('2010399')],
    ['公务用车运行维护费执行率', agg('公务用车运行维护费')],
    ['公务用车购置及运行维护费', agg('公务用车购置及运行维护费')],
    ['财政拨款收支总计', agg('财政拨款收支总计')],
    ['年末结转和结余', agg('年末结转和结余')],
  ])('longest match wins: %s', (text, subject) => expect(subjectOf(ask(text))).toMatchObject(subject));

  // 交费 is how many write 缴费: the same word (lexicon SPELLING_VARIANTS)
  it.each([
    ['机关事业单位基本养老保险交费支出', 'figure', fn('2080505')],
    ['机关事业单位基本养老保险交费支出执行率', 'rate', fn('2080505')],
    ['机关事业单位职业年金交费支出', 'figure', fn('2080506')],
  ])('a variant spelling matches: %s', (text, kind, subject) => {
    const q = ask(text);
    expect(q.kind).toBe(kind);
    expect(subjectOf(q)).toMatchObject(subject);
  });

  // a real typo is asked back with the name it is nearest to, never answered as the shorter name inside it
  it.each([
    ['机关事业单位基本养老保验缴费支出', '2080505'],
    ['其他政府办公厅（室）及相关机构事物支出', '2010399'],
    ['行政事业单位养老之出', '20805'],
  ])('one wrong character is asked back: %s', (text, code) => {
    const q = ask(text);
    expect(q.kind).toBe('clarify');
    if (q.kind === 'clarify') expect(q.candidates[0].code).toBe(code);
  });

  it.each([
    ['2020年三公经费', agg('三公经费')],
    ['2020年度一般公共服务支出', fn('201')],
    ['202', null],
  ])('a code is a whole number, not part of a year: %s', (text, subject) => {
    const q = ask(text);
    if (subject) expect(subjectOf(q)).toMatchObject(subject);
    else expect(q.kind).toBe('no_data'); // 202 外交支出 is a code this report does not have
  });

  it.each([
    ['住房公积金', ['2210201', '30113']],
    ['养老保险缴费', ['2080505', '30108']],
  ])('ambiguous %s asks which', (text, codes) => {
    const q = ask(text);
    expect(q.kind).toBe('clarify');
    if (q.kind !== 'clarify') return;
    expect(q.candidates.map((c) => c.code)).toEqual(codes);
    // each candidate's question resolves to that candidate
    for (const c of q.candidates) expect(subjectOf(ask(c.question))).toMatchObject({ code: c.code });
  });

  it.each([
    ['收入同比', 'yoy', '本年收入合计'],
    ['收入同比变化', 'yoy', '本年收入合计'],
    ['收入是多少', 'figure', '本年收入合计'],
    ['支出同比', 'yoy', '本年支出合计'],
    ['支出', 'figure', '本年支出合计'],
    ['今年开支多少', 'figure', '本年支出合计'],
    ['今年花了多少钱', 'figure', '本年支出合计'],
    ['支出决算', 'figure', '本年支出合计'],
    ['收入决算数', 'figure', '本年收入合计'],
    ['支出比上年增长多少', 'yoy', '本年支出合计'],
  ])('an everyday word for a total as the whole subject means the total: %s', (text, kind, id) => {
    for (const unit of [YANGGU, CZJ]) expect(ask(text, unit)).toMatchObject({ kind, subject: agg(id) });
  });

  it.each([
    ['预算执行率', 'rate', undefined],
    ['整体执行率', 'rate', undefined],
    ['预算执行情况怎么样', 'rate', undefined],
    ['年初预算是多少', 'figure', 'budget'],
    ['执行率', 'rate', undefined],
  ])('the budget a report rates as a whole, asked without naming it: %s', (text, kind, measure) => {
    for (const unit of [YANGGU, CZJ])
      expect(ask(text, unit)).toMatchObject({
        kind,
        subject: agg('一般公共预算财政拨款支出'),
        ...(measure ? { measure } : {}),
      });
  });

  it.each([
    '收入和支出各多少',
    '今年一共收入多少，支出多少',
    '收入、支出分别是多少',
    '收入支出分别是多少',
    '支出和收入',
  ])('everyday words for totals asked together are each answered: %s', (text) => {
    for (const unit of [YANGGU, CZJ]) {
      const q = ask(text, unit);
      expect(q.kind).toBe('figures');
      if (q.kind !== 'figures') return;
      expect(q.subjects.map((x) => (x.type === 'agg' ? x.id : x.code)).sort()).toEqual(
        ['本年收入合计', '本年支出合计'].sort(),
      );
      expect(q).toMatchObject({ measure: 'figure', sum: false });
    }
  });

  it.each(['支出和三公经费', '收入和人员经费各多少', '收入和'])(
    'a list is of everyday words only when each part is one: %s',
    (text) => {
      const q = ask(text, CZJ);
      if (q.kind === 'figures') expect(q.subjects.some((x) => x.type === 'code' || !/^本年/.test(x.id))).toBe(true);
    },
  );

  it.each([
    '三公经费花了多少，预算多少',
    '三公经费预算和决算',
    '三公经费预算执行',
    '三公经费预算和实际支出',
    '三公经费决算数和预算数',
  ])('the budget and what was spent asked together is the execution, which shows both: %s', (text) =>
    expect(ask(text, YANGGU)).toMatchObject({ kind: 'rate', subject: agg('三公经费') }),
  );

  // each of these was answered with the report's 本年支出合计 before (the longer name won)
  it.each([
    ['公车一共花了多少', agg('公务用车购置及运行维护费')],
    ['公车全年支出多少', agg('公务用车购置及运行维护费')],
    ['三公经费一共花了多少', agg('三公经费')],
    ['办公费支出总额', econ('30201')],
    ['住房保障一共支出多少', fn('221')],
    ['本年支出合计中的基本支出', agg('基本支出')],
  ])("a total word after a subject is that subject's total: %s", (text, subject) => {
    expect(ask(text, CZJ)).toMatchObject({ kind: 'figure', subject });
  });

  it.each(['今年一共花了多少钱', '一共花了多少', '总共花了多少钱', '全年支出多少', '总支出'])(
    "with nothing else named it is the report's: %s",
    (text) => expect(ask(text, CZJ)).toMatchObject({ kind: 'figure', subject: agg('本年支出合计') }),
  );

  it('a list whose shared end comes after a count of its kinds (货物、工程、服务三类采购) is each kind', () =>
    expect(ask('货物、工程、服务三类采购金额各是多少', WENLV)).toMatchObject({
      kind: 'figures',
      subjects: [agg('政府采购货物'), agg('政府采购工程'), agg('政府采购服务')],
    }));

  it('科目 named without their trailing 支出 can be added up (基本养老保险缴费和职业年金缴费加起来)', () =>
    expect(ask('基本养老保险缴费和职业年金缴费加起来多少', CZJ)).toMatchObject({
      kind: 'figures',
      sum: true,
      subjects: [expect.objectContaining({ type: 'code' }), expect.objectContaining({ type: 'code' })],
    }));

  it('支出比上年增长了百分之几 is the 同比 of 本年支出合计', () =>
    expect(ask('支出比上年增长了百分之几', CZJ)).toMatchObject({ kind: 'yoy', subject: agg('本年支出合计') }));

  it.each(['今年预算执行得怎么样', '预算执行率多少', '总体执行率', '预算完成得如何'])(
    'a budget execution with nothing named is the 一般公共预算财政拨款支出 执行率: %s',
    (text) => {
      expect(ask(text, CZJ)).toMatchObject({ kind: 'rate', subject: agg('一般公共预算财政拨款支出') });
      // a subject named is that subject's, as before
      expect(ask(`三公经费${text}`, CZJ)).toMatchObject({ kind: 'rate', subject: agg('三公经费') });
    },
  );

  it.each(['决算数比年初预算多了多少', '比预算少花了多少', '比年初预算多用了多少', '超预算了吗'])(
    'a 决算 against 预算 with nothing named is the 一般公共预算财政拨款支出: %s',
    (text) => {
      expect(ask(text, CZJ)).toMatchObject({ kind: 'budget_diff', subject: agg('一般公共预算财政拨款支出') });
      expect(ask(`三公经费${text}`, CZJ)).toMatchObject({ kind: 'budget_diff', subject: agg('三公经费') });
    },
  );

  it.each(['支出增加了多少', '三公经费减少了多少'])('%s without 比上年 is the change from the year before', (text) =>
    expect(ask(text, CZJ)).toMatchObject({ kind: 'yoy_change' }),
  );

  it("a share whose part the report does not have is said of the part, never the whole's share (文旅局 has no 201)", () => {
    const q = ask('一般公共服务支出占一般公共预算支出的比重', WENLV);
    expect(q.kind).not.toBe('share');
    expect(JSON.stringify(q)).toContain('一般公共服务支出');
    // with the part there, as before
    expect(ask('人员经费占基本支出的比例', WENLV)).toMatchObject({ kind: 'share', subject: agg('人员经费') });
  });

  it.each([
    ['阳谷今年比去年多花了多少', 'yoy_change', '本年支出合计'],
    ['阳谷年初预算和决算差多少', 'budget_diff', '一般公共预算财政拨款支出'],
    ['阳谷比预算多花了多少', 'budget_diff', '一般公共预算财政拨款支出'],
    ['阳谷预算执行率', 'rate', '一般公共预算财政拨款支出'],
  ])('a unit named by its region alone (%s): the region is no part of the subject', (text, kind, id) =>
    expect(ask(text, null)).toMatchObject({ kind, subject: agg(id) }),
  );

  it('a name said without its 的 (对个人和家庭补助) is that 科目', () =>
    expect(ask('对个人和家庭补助是多少')).toMatchObject({ kind: 'figure', subject: econ('303') }));

  it('最大的一笔支出 of a report is its largest 项, not a ranking of units; 钱花哪了 is where the money went', () => {
    expect(ask('最大的一笔支出是什么').kind).toBe('select');
    expect(ask('钱花哪了')).toMatchObject({ kind: 'breakdown' });
  });

  it.each(['收入总计', '支出总计是多少'])("the 总表's bottom row (%s) is the 收支总计", (text) =>
    expect(ask(text, CZJ)).toMatchObject({ kind: 'figure', subject: agg('收支总计') }),
  );

  it.each([
    ['三公经费多少，公务接待费多少', ['三公经费', '公务接待费']],
    ['基本支出是多少？项目支出是多少？', ['基本支出', '项目支出']],
    ['人员经费多少；公用经费多少', ['人员经费', '公用经费']],
  ])('two questions of a figure each in one message are a list: %s', (text, ids) =>
    expect(ask(text, CZJ)).toMatchObject({ kind: 'figures', subjects: ids.map((id) => agg(id)) }),
  );

  it.each(['钱主要花在哪了', '资金都用到哪里了', '支出主要用途'])(
    'where the money went is the 支出 structure: %s',
    (text) => {
      for (const unit of [YANGGU, CZJ]) expect(ask(text, unit)).toMatchObject({ kind: 'breakdown' });
    },
  );

  it('a name followed by 结转 or 结余 is another figure: asked back, never answered with the name before it', () => {
    for (const text of ['财政拨款结转', '年末财政拨款结转', '一般公共预算结转结余']) {
      const q = ask(text, WENLV);
      expect(q.kind).toBe('clarify');
      expect(subjectOf(q)).toBeNull();
    }
    expect(ask('财政拨款', WENLV)).toMatchObject({ kind: 'figure', subject: agg('财政拨款收入') });
    // nor after 非: 非财政拨款支出 is not 财政拨款支出
    expect(subjectOf(ask('非财政拨款支出', WENLV))).toBeNull();
    expect(ask('财政拨款支出', WENLV)).toMatchObject({ subject: agg('财政拨款支出') });
    expect(ask('年末结转和结余', WENLV)).toMatchObject({ kind: 'figure', subject: agg('年末结转和结余') });
  });

  it('a name after 其他 is another 科目: 其他一般公共服务支出 is asked back in a report without it, not answered with 201', () => {
    const q = ask('其他一般公共服务支出');
    expect(q.kind).toBe('clarify');
    expect(subjectOf(q)).toBeNull();
    expect(subjectOf(ask('其他商品和服务支出'))).toMatchObject(econ('30299'));
    // nor by a shorter word inside it (养老, a topic, inside 其他行政事业单位养老支出)
    expect(subjectOf(ask('其他行政事业单位养老支出'))).toBeNull();
    expect(subjectOf(ask('一般公共服务支出'))).toMatchObject(fn('201'));
  });

  it.each([
    ['公用经费中的办公费', econ('30201')],
    ['基本支出中的会议费', econ('30215')],
    ['基本支出中人员经费多少', agg('人员经费')],
    ['三公经费里出国费多少', agg('因公出国（境）费')],
    ['三公经费中的公务接待费', agg('公务接待费')],
    ['一般公共服务支出中的行政运行', fn('2010301')],
  ])('「A中的B」 is B where the report lists B within A: %s', (text, subject) => {
    expect(ask(text)).toMatchObject({ kind: 'figure', subject });
  });

  it('「A中的B」 with 占比 is B’s share of A; 项目支出中的办公费 is asked back (the 办公费 printed is 基本支出’s)', () => {
    expect(ask('基本支出中人员经费占比')).toMatchObject({
      kind: 'share',
      subject: agg('人员经费'),
      whole: agg('基本支出'),
    });
    expect(ask('三公经费中的接待费占比')).toMatchObject({
      kind: 'share',
      subject: agg('公务接待费'),
      whole: agg('三公经费'),
    });
    const q = ask('项目支出中的办公费');
    expect(q.kind).toBe('clarify');
    expect(q.kind === 'clarify' && q.candidates.map((c) => c.label)).toEqual(['经济科目 30201 办公费', '项目支出']);
  });

  it('an amount with one subject taken away is asked back with the figures it would need, never that subject’s figure', () => {
    for (const text of ['除三公经费外的支出', '三公经费以外的支出', '行政运行以外的支出']) {
      const q = ask(text);
      expect(q.kind).toBe('clarify');
      expect(q.kind === 'clarify' && q.message).toMatch(/^暂不能计算/);
    }
  });

  it('an amount per head is no data with the total (no report gives a head count), never answered with the total', () => {
    for (const text of ['人均人员经费', '每人办公费']) {
      const q = ask(text);
      expect(q.kind).toBe('no_data');
      expect(q.kind === 'no_data' && q.message).toMatch(
        /没有可作分母的人数或车辆数，不能按“(人均|每人)”计算。报告中的总额：.+ 万元/,
      );
    }
    expect(ask('每年三公经费')).toMatchObject({ kind: 'figure', subject: agg('三公经费') });
  });

  it('国有 is not filler: 国有资本经营预算 is its 财政拨款支出, and the question back quotes what was written', () => {
    expect(ask('国有资本经营预算', WENLV)).toMatchObject({ subject: agg('国有资本经营预算财政拨款支出') });
    const q = ask('国有资产', WENLV);
    expect(q.kind === 'clarify' && q.message).toContain('“国有资产”');
  });

  it('inside a longer name the words for a total name nothing: no total for 图书馆支出 or 事业收入以外', () => {
    expect(subjectOf(ask('图书馆支出'))).toBeNull();
    expect(subjectOf(ask('事业收入'))).not.toMatchObject(agg('本年收入合计'));
  });

  it('a budget question only considers subjects with a budget', () => {
    // the bare name is the 三公 measure, not the 经济科目 30217 of the same name
    expect(ask('公务接待费', WENLV)).toMatchObject({ kind: 'figure', subject: agg('公务接待费') });
    expect(ask('公务接待费预算', WENLV)).toMatchObject({
      kind: 'figure',
      measure: 'budget',
      subject: agg('公务接待费'),
    });
  });
});

describe('years', () => {
  it.each([
    ['2020年三公经费', null],
    ['2020年度三公经费', null],
    ['２０２０年度三公经费', null],
    ['三公经费', 2020],
  ])('%s (scope year %s) → the 2020 report', (text, year) =>
    expect(ask(text, YANGGU, year)).toMatchObject({ kind: 'figure', reportId: ID[YANGGU] }),
  );

  it.each([
    ['2018年度住房保障支出', CZJ, null, '2018', ['2024年度']],
    ['2023年三公经费执行率', WENLV, null, '2023', ['2025年度']],
    ['2024年三公经费执行率', WENLV, null, '2024', ['2025年度']],
  ])('unknown year: %s', (text, unit, year, missing, available) => {
    const q = ask(text, unit, year);
    expect(q).toMatchObject({ kind: 'no_data', available });
    if (q.kind === 'no_data') expect(q.message).toContain(missing);
  });
});

describe("the year before a report, when its own report is not loaded: from the next report's prose", () => {
  it.each([
    ['2019年三公经费', YANGGU, null, agg('三公经费')],
    ['去年的三公经费', YANGGU, null, agg('三公经费')],
    ['三公经费', WENLV, 2024, agg('三公经费')],
  ])('%s (scope year %s)', (text, unit, year, subject) => {
    const q = ask(text, unit, year);
    expect(q).toMatchObject({ kind: 'prior', reportId: ID[unit] });
    expect(subjectOf(q)).toMatchObject(subject);
  });
});

describe('units with several reports loaded', () => {
  it.each([
    ['文旅局三公经费', null, WENLV, agg('三公经费')],
    ['财政局机关运行经费', null, CZJ, agg('机关运行经费')],
    ['财政局2024年机关运行经费', null, CZJ, agg('机关运行经费')],
    ['社会工作部住房保障支出', null, SHGZB, fn('221')],
    ['政府办三公经费', null, YANGGU, agg('三公经费')],
    ['上海市普陀区文化和旅游局三公经费', null, WENLV, agg('三公经费')],
    ['中共上海市普陀区委社会工作部行政运行执行率', null, SHGZB, fn('2013901')],
    ['阳谷县人民政府办公室 公用经费', CZJ, YANGGU, agg('公用经费')],
    ['三公经费', '文旅局', WENLV, agg('三公经费')],
    ['三公经费', '财政局', CZJ, agg('三公经费')],
    ['三公经费', SHGZB, SHGZB, agg('三公经费')],
  ])('%s (scope %s) → %s', (text, scopeUnit, unit, subject) => {
    const q = ask(text, scopeUnit);
    expect(q).toMatchObject({ reportId: ID[unit] });
    expect(subjectOf(q)).toMatchObject(subject);
  });

  it('no unit named and none set: ask which, offering every unit', () => {
    const q = ask('三公经费执行率', null);
    expect(q.kind).toBe('clarify');
    if (q.kind === 'clarify')
      expect(q.candidates.map((c) => c.label).sort()).toEqual([CZJ, SHGZB, WENLV, YANGGU].sort());
  });

  it('no reports at all: no_data', () => {
    expect(parseQuestion('三公经费执行率', { ...scopeOfViews([]), unit: null })).toMatchObject({
      kind: 'no_data',
      available: [],
    });
  });

  // 政府办 is an alias of 阳谷县人民政府办公室 and also part of the 款 name 政府办公厅（室）及相关机构事务
  it.each([
    // 财政局's report has no such 科目: did-you-mean, never a unit question
    ['其他政府办公厅（室）及相关机构事务支出', CZJ, 'clarify'],
    ['政府办公厅（室）及相关机构事务', null, 'clarify'],
    ['政府办行政运行', null, 'figure'],
  ])('a unit alias inside a subject name names no unit: %s (scope %s) → %s', (text, scopeUnit, kind) => {
    expect(ask(text, scopeUnit).kind).toBe(kind);
  });
});

describe('tables', () => {
  it.each([
    ['公开05表', 'general_budget_expense'],
    ['公开 5 表', 'general_budget_expense'],
    ['公开07表', 'three_public'],
    ['/table 05', 'general_budget_expense'],
    ['01', 'income_expense_total'],
    ['三公经费表', 'three_public'],
    ['三公经费支出决算表', 'three_public'],
    ['基本支出表', 'basic_expense'],
    ['收入支出决算总表', 'income_expense_total'],
    ['财政拨款收支总表', 'fiscal_total'],
    ['一般公共预算财政拨款支出决算表', 'general_budget_expense'],
    ['支出决算表', 'expense'],
    ['收入表', 'income'],
    ['政府性基金预算财政拨款收入支出决算表', 'gov_fund'],
  ])('%s → %s', (text, table) => expect(ask(text)).toEqual({ kind: 'table', reportId: ID[YANGGU], table }));
});

describe('metrics', () => {
  it.each([
    ['三公经费执行率', 'rate', agg('三公经费')],
    ['三公经费完成率', 'rate', agg('三公经费')],
    ['三公经费预算执行情况', 'rate', agg('三公经费')],
    ['住房保障支出同比', 'yoy', fn('221')],
    ['收支总计比上年', 'yoy', agg('收支总计')],
    ['基本支出比上年下降多少', 'yoy', agg('基本支出')],
    ['项目支出较上年增长', 'yoy', agg('项目支出')],
    ['三公经费和去年相比', 'yoy', agg('三公经费')],
    ['三公经费与去年相比', 'yoy', agg('三公经费')],
    ['今年和去年三公经费对比', 'yoy', agg('三公经费')],
    ['2020年三公经费和2019年比', 'yoy', agg('三公经费')],
    ['三公经费是不是减少了', 'yoy', agg('三公经费')],
    ['基本支出增加了吗', 'yoy', agg('基本支出')],
    ['一般公共服务支出占比', 'share', fn('201')],
    ['基本支出比重', 'share', agg('基本支出')],
    ['住房保障支出占总支出的比例', 'share', fn('221')],
  ])('%s → %s', (text, kind, subject) => {
    const q = ask(text);
    expect(q.kind).toBe(kind);
    expect(subjectOf(q)).toMatchObject(subject);
  });

  it.each([
    ['支出结构', { kind: 'breakdown' }],
    ['支出构成', { kind: 'breakdown' }],
    ['本年支出结构', { kind: 'breakdown' }],
    ['三公经费预算', { kind: 'figure', measure: 'budget', subject: agg('三公经费') }],
    ['2020年三公经费预算是多少', { kind: 'figure', measure: 'budget', subject: agg('三公经费') }],
    ['住房保障支出预算数', { kind: 'figure', measure: 'budget', subject: fn('221') }],
    ['三公经费决算数', { kind: 'figure', measure: 'final', subject: agg('三公经费') }],
    ['一般公共预算财政拨款支出', { kind: 'figure', measure: 'final' }],
  ])('%s', (text, expected) => expect(ask(text)).toMatchObject(expected));
});

describe('other requests', () => {
  it.each([
    ['', { kind: 'help' }],
    ['帮助', { kind: 'help' }],
    ['/help', { kind: 'help' }],
    ['有哪些单位', { kind: 'list', what: 'units' }],
    ['绩效自评', { kind: 'performance', reportId: ID[YANGGU] }],
    ['什么是三公经费', { kind: 'define', reportId: ID[YANGGU], term: '三公经费' }],
    ['全部表格', { kind: 'tables', reportId: ID[YANGGU] }],
    ['所有决算报表', { kind: 'tables', reportId: ID[YANGGU] }],
    ['今天天气怎么样', { kind: 'unknown' }],
    ['2010308', { kind: 'no_data' }],
  ])('%j', (text, expected) => expect(ask(text)).toMatchObject(expected));
});

const subject = { type: 'agg', id: '三公经费', name: '三公经费' };
const codeSubject = { type: 'code', code: '221', classification: 'function', name: '住房保障支出' };
const SCHEMA_ROWS: [string, unknown, boolean][] = [
  ['figure', { kind: 'figure', reportId: 1, subject, measure: 'final' }, true],
  ['figure', { kind: 'figure', reportId: 1, subject, measure: 'actual' }, false],
  [
    'compound',
    {
      kind: 'compound',
      parts: [
        { kind: 'figure', reportId: 1, subject, measure: 'final' },
        { kind: 'yoy_change', reportId: 1, subject },
      ],
    },
    true,
  ],
  ['compound', { kind: 'compound', parts: [{ kind: 'figure', reportId: 1, subject, measure: 'final' }] }, false],
  ['columns', { kind: 'columns', reportId: 1, subject: codeSubject, columns: ['basic', 'project'] }, true],
  ['columns', { kind: 'columns', reportId: 1, subject: codeSubject, columns: [] }, false],
  ['rate', { kind: 'rate', reportId: 1, subject: codeSubject }, true],
  ['rate', { kind: 'rate', reportId: 1.5, subject: codeSubject }, false],
  ['budget_diff', { kind: 'budget_diff', reportId: 1, subject }, true],
  ['budget_diff', { kind: 'budget_diff', subject }, false],
  ['yoy', { kind: 'yoy', reportId: 2, subject }, true],
  ['yoy', { kind: 'yoy', reportId: 2 }, false],
  ['yoy_change', { kind: 'yoy_change', reportId: 2, subject }, true],
  ['yoy_change', { kind: 'yoy_change', reportId: 2, subject: 'x' }, false],
  ['figures', { kind: 'figures', reportId: 1, subjects: [subject, codeSubject], measure: 'figure', sum: false }, true],
  ['figures', { kind: 'figures', reportId: 1, subjects: [subject], measure: 'figure', sum: false }, false],
  [
    'select',
    {
      kind: 'select',
      reportId: 1,
      rows: { type: 'subjects', classification: 'function', level: 'xiang', under: null },
      measure: 'rate',
      filter: { type: 'rate', op: 'lt', percent: '80' },
      order: null,
      limit: null,
    },
    true,
  ],
  [
    'select',
    {
      kind: 'select',
      reportId: 1,
      rows: { type: 'three_public' },
      measure: 'final',
      filter: { type: 'rate', op: 'below', percent: '80' },
      order: 'desc',
      limit: 1,
    },
    false,
  ],
  ['share', { kind: 'share', reportId: 3, subject: codeSubject }, true],
  ['share', { kind: 'share', reportId: 3, subject: codeSubject, whole: subject }, true],
  ['share', { kind: 'share', reportId: 3, subject: codeSubject, whole: 'x' }, false],
  ['share', { kind: 'share', reportId: 3, subject: { ...codeSubject, classification: 'other' } }, false],
  ['breakdown', { kind: 'breakdown', reportId: 1 }, true],
  ['breakdown', { kind: 'breakdown', reportId: '1' }, false],
  ['table', { kind: 'table', reportId: 1, table: 'three_public' }, true],
  ['table', { kind: 'table', reportId: 1, table: 'table_10' }, false],
  ['tables', { kind: 'tables', reportId: 1 }, true],
  ['tables', { kind: 'tables', table: 'three_public' }, false],
  ['performance', { kind: 'performance', reportId: 1 }, true],
  ['performance', { kind: 'performance' }, false],
  ['define', { kind: 'define', reportId: 1, term: '三公经费' }, true],
  ['define', { kind: 'define', reportId: 1 }, false],
  ['list', { kind: 'list', what: 'units', keyword: null }, true],
  ['list', { kind: 'list', what: 'reports', keyword: null }, false],
  [
    'clarify',
    {
      kind: 'clarify',
      message: '请问是哪一个？',
      candidates: [{ label: '功能科目 2210201', code: '2210201', value: '53.16', question: '2210201' }],
    },
    true,
  ],
  [
    'clarify',
    {
      kind: 'clarify',
      message: '请问是哪一个？',
      candidates: [{ label: '功能科目 2210201', code: '2210201', value: 53.16, question: '2210201' }],
    },
    false,
  ],
  ['no_data', { kind: 'no_data', message: '没有数据', available: ['2020年度'] }, true],
  ['no_data', { kind: 'no_data', message: '没有数据' }, false],
  ['prior', { kind: 'prior', reportId: 1, subject }, true],
  ['prior', { kind: 'prior', reportId: 1 }, false],
  ['help', { kind: 'help' }, true],
  ['help', { kind: 'helps' }, false],
  ['unknown', { kind: 'unknown' }, true],
  ['unknown', {}, false],
  ['rank', { kind: 'rank', subject, metric: 'final', order: 'desc', limit: null }, true],
  ['rank', { kind: 'rank', subject, metric: 'final', order: 'desc', limit: 0 }, false],
  [
    'compare',
    { kind: 'compare', units: ['上海市普陀区财政局', '中共上海市普陀区委社会工作部'], subject, metric: 'final' },
    true,
  ],
  ['compare', { kind: 'compare', units: ['上海市普陀区财政局'], subject, metric: 'final' }, false],
  ['total', { kind: 'total', subject, year: 2024 }, true],
  ['total', { kind: 'total', subject }, false],
  ['trend', { kind: 'trend', unit: '上海市普陀区财政局', subject, metric: 'rate', from: 2022, to: 2024 }, true],
  ['trend', { kind: 'trend', unit: '上海市普陀区财政局', subject, metric: 'share', from: 2022, to: 2024 }, false],
];

describe('Query schema: one passing and one failing row per variant', () => {
  it.each(SCHEMA_ROWS)('%s → %j valid=%s', (_kind, value, ok) => expect(querySchema.safeParse(value).success).toBe(ok));

  it('every variant of the union has a passing and a failing row above', () => {
    const kinds = querySchema
      .unwrap()
      .options.map((o) => o.shape.kind.value)
      .sort();
    expect([...new Set(SCHEMA_ROWS.filter((r) => r[2]).map((r) => r[0]))].sort()).toEqual(kinds);
    expect([...new Set(SCHEMA_ROWS.filter((r) => !r[2]).map((r) => r[0]))].sort()).toEqual(kinds);
  });
});

describe('asking back only when the answer would differ', () => {
  it.each([
    // 住房公积金: 2210201 53.16 and 30113 63.74 in 阳谷 → ask; 403.71 under both in 文旅局 → answer with the 功能科目
    ['住房公积金', YANGGU, 'clarify'],
    ['住房公积金', WENLV, 'figure'],
  ])('%s (%s) → %s', (text, unit, kind) => {
    const q = ask(text, unit);
    expect(q.kind).toBe(kind);
    if (kind === 'figure') expect(subjectOf(q)).toMatchObject(fn('2210201'));
  });

  it('an empty store says so for a finance question and helps for anything else', () => {
    expect(parseQuestion('三公经费', { ...scopeOfViews([]), unit: null, year: null }).kind).toBe('no_data');
    expect(parseQuestion('今天天气怎么样', { ...scopeOfViews([]), unit: null, year: null }).kind).toBe('unknown');
  });

  it.each([
    ['上年结转和结余', agg('年初结转和结余')],
    ['政府采购中小企业', agg('政府采购中小企业')],
  ])('%s', (text, subject) => {
    expect(subjectOf(ask(text, CZJ))).toMatchObject(subject);
  });
});

describe('决算 against 预算 as an amount', () => {
  it.each([
    ['机关运行经费比预算少多少', agg('机关运行经费')],
    ['三公经费比年初预算节约了多少', agg('三公经费')],
    ['一般公共预算财政拨款支出超预算了吗', agg('一般公共预算财政拨款支出')],
  ])('%s', (text, subject) => {
    const q = ask(text);
    expect(q.kind).toBe('budget_diff');
    expect(subjectOf(q)).toMatchObject(subject);
  });
});

describe('a unit the store does not hold is named back, never answered with the default unit', () => {
  it.each([
    ['北京市财政局三公经费', '北京市财政局'],
    ['上海市浦东新区教育局人员经费', '上海市浦东新区教育局'],
    ['石泉路街道三公经费', '石泉路街道'],
    ['澜城乡三公经费执行率', '澜城乡'],
    ['平潭县白青乡人员经费', '平潭县白青乡'],
    ['石门镇一般公共服务支出', '石门镇'],
    // however many words the question opens with, a year or a span of years too
    ['麻烦查一下北京市财政局的三公经费', '北京市财政局'],
    ['2020年北京市财政局三公经费', '北京市财政局'],
    ['近两年澜城乡三公经费', '澜城乡'],
    ['请帮忙看一下澜城乡三公经费', '澜城乡'],
  ])('%s', (text, stranger) => {
    const q = ask(text, YANGGU);
    expect(q.kind).toBe('no_data');
    if (q.kind === 'no_data') expect(q.message).toContain(`库中没有“${stranger}”`);
  });

  it.each([
    '本单位办公费',
    '本部门三公经费',
    '政府办公厅（室）及相关机构事务支出',
    '部级领导干部用车几辆',
    '政府办三公经费',
    '城乡社区支出',
    '住房城乡建设支出是多少',
    '城乡居民基本医疗保险',
    '城镇职工基本医疗保险缴费',
    '乡村振兴支出',
    '麻烦查一下政府办三公经费',
    '帮我查查政府办办公费',
  ])('%s is not a stranger', (text) => {
    expect(ask(text, YANGGU).kind).not.toBe('no_data');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/query/answer.js';
import { answerFromViews } from '../../src/query/ask.js';
import type { ReportView } from '../../src/query/report-view.js';
import { fixed2 } from '../../src/render/format.js';
import { renderJson } from '../../src/render/json.js';
import { CZJ, SHGZB, WENLV, YANGGU, realDrafts, viewsOf } from './real-views.js';
import { expectKind, type Of, type Shown } from './expect-answer.js';

// the shapes of ../shared/QUESTIONS.md on the four real reports loaded together, each chat set to one unit
let views: ReportView[];
beforeAll(async () => {
  views = viewsOf(await realDrafts());
});
const answer = (unit: string | null, q: string): Answer => answerFromViews(views, q, { unit });
/** The column of a table answer that holds `header`. */
const column = (a: Shown<Of<'table'>> | Shown<Of<'figure'>>, header: string) => {
  const t = a.table!;
  const i = t.columns.findIndex((c) => c.title.startsWith(header));
  return t.rows.map((r) => r[i]);
};
const names = (a: Shown<Of<'table'>> | Shown<Of<'figure'>>) => column(a, '科目');

describe('several subjects at once: one table, a row each, in the order named', () => {
  it.each([
    [YANGGU, '基本支出和项目支出分别是多少', ['1261.55', '56.49']],
    [YANGGU, '办公费、印刷费、水费各多少', ['33.23', '6.57', '1.35']],
    [YANGGU, '水费、印刷费、办公费各多少', ['1.35', '6.57', '33.23']],
    // the shared part written once, before or after
    [YANGGU, '政府采购货物、工程、服务各是多少', ['31.53', '33.15', '21.81']],
    [YANGGU, '基本、项目支出分别花了多少', ['1261.55', '56.49']],
    [WENLV, '人员经费和公用经费', ['8055.07', '1745.29']],
  ])('%s %s', (unit, q, values) => {
    const a = expectKind(answer(unit, q), 'table');
    expect(column(a, '决算数')).toEqual(values);
  });

  it('their total when asked: 一共多少', () => {
    const a = expectKind(answer(YANGGU, '差旅费和培训费一共多少'), 'figure');
    expect(fixed2(a.value)).toBe('20.19');
    expect(a.formula).toBe('19.96 + 0.23');
  });

  it('each row is answered as if asked alone: 执行率 of two subjects', () => {
    const a = expectKind(answer(YANGGU, '行政运行和事业运行的执行率'), 'table');
    expect(column(a, '执行率')).toEqual(['109.06%', '74.32%']);
  });

  it('a 款 followed by its own 项 is one subject, not a list', () => {
    const a = expectKind(answer(YANGGU, '住房改革支出住房公积金'), 'figure');
    expect(fixed2(a.value)).toBe('53.16');
  });
});

describe('rankings inside one report: the level stated, ties kept', () => {
  it('支出最少的两个项级科目', () => {
    const a = expectKind(answer(YANGGU, '支出最少的两个项级科目'), 'table');
    expect(a.title).toContain('功能分类项级科目');
    expect(names(a)).toEqual([
      '2080506 机关事业单位职业年金缴费支出',
      '2010399 其他政府办公厅（室）及相关机构事务支出',
    ]);
  });

  it('基本支出里哪个经济科目最多: one figure, the rest ranked below it', () => {
    const a = expectKind(answer(YANGGU, '基本支出里哪个经济科目最多'), 'figure');
    expect(a.title).toContain('30101 基本工资');
    expect(fixed2(a.value)).toBe('535.65');
    expect(a.title).toContain('经济分类款级科目');
  });

  it('执行率最高的科目, over the 项 whose budget the prose states', () => {
    const a = expectKind(answer(YANGGU, '执行率最高的科目'), 'figure');
    expect(a.unit).toBe('%');
    expect(fixed2(a.value)).toBe('135.87');
    expect(a.title).toContain('2080505');
  });

  it('类 ranked: 四个类级支出排个序', () => {
    const a = expectKind(answer(CZJ, '四个类级支出排个序'), 'table');
    expect(names(a).map((n) => n.split(' ')[0])).toEqual(['201', '221', '208', '210']);
  });

  it('a tie at the cut stays in and is named', () => {
    // 三公 items of 财政局 are all 0.00: the least two are all four
    const a = expectKind(answer(CZJ, '三公经费里支出最少的两项'), 'table');
    expect(a.table.rows.length).toBe(4);
    expect(a.notes.join()).toContain('并列');
  });
});

describe('filters inside one report: the passing rows and the rule; none is an answer too', () => {
  it.each([
    [YANGGU, '执行率低于80%的科目', ['2010350 事业运行', '2101101 行政单位医疗']],
    [YANGGU, '决算数为0的三公经费项目', ['因公出国（境）费', '公务用车购置费', '公务接待费']],
    [WENLV, '执行率超过110%的', ['2070108 文化活动', '2070199 其他文化和旅游支出']],
  ])('%s %s', (unit, q, expected) => {
    const a = expectKind(answer(unit, q), 'table');
    for (const n of expected)
      expect(
        names(a).some((x) => x.startsWith(n.split(' ')[0]) || x === n),
        `${n} in ${names(a).join('、')}`,
      ).toBe(true);
    expect(a.notes[0]).toMatch(/^范围：.*规则：/);
  });

  it('三公经费各项: the items of the 三公 table, a row each', () => {
    const a = expectKind(answer(WENLV, '三公经费各项分别是多少'), 'table');
    expect(names(a)).toEqual(['因公出国（境）费', '公务用车购置费', '公务用车运行维护费', '公务接待费']);
    expect(column(a, '决算数')).toEqual(['0.00', '0.00', '2.64', '0.40']);
  });

  it('比年初预算多花的科目: 决算 above the budget, each with its rate', () => {
    const a = expectKind(answer(YANGGU, '比年初预算多花的科目'), 'table');
    expect(names(a)).toContain('2010301 行政运行');
    expect(names(a)).not.toContain('2010350 事业运行');
  });

  it('nothing passes: a table of no rows that says so', () => {
    const a = expectKind(answer(CZJ, '执行率低于10%的科目'), 'table');
    expect(a.table.rows).toEqual([]);
    expect(a.title).toContain('没有符合条件的科目');
  });
});

describe("last year from this year's report: derived from the prose, marked", () => {
  it.each([
    [YANGGU, '去年的基本支出', '2054.60'],
    [YANGGU, '上年基本支出', '2054.60'],
    [YANGGU, '19年的财政拨款收入是多少', '3218.30'],
    [YANGGU, '2019年一般公共预算财政拨款支出', '2769.24'],
  ])('%s %s = %s', (unit, q, value) => {
    const a = answer(unit, q);
    const json = renderJson(a);
    expect(json.kind, String(json.text)).toBe('figure');
    expect(json.value).toBe(value);
    expect(json.derived).toBe(true);
    expect(String(json.text)).toContain('由情况说明推算');
  });

  it('上年结转 is a subject, not last year', () => {
    const a = expectKind(answer(WENLV, '上年结转和结余'), 'figure');
    expect(a.derived).toBeUndefined();
  });

  it('a comparison year is not the year asked: 基本支出较2019年下降了百分之多少', () => {
    const a = expectKind(answer(YANGGU, '基本支出较2019年下降了百分之多少'), 'figure');
    expect(fixed2(a.value)).toBe('-38.60');
  });
});

describe('differences are positive amounts with the direction in words', () => {
  it.each([
    [YANGGU, '事业运行比预算节约了多少', '54.11', '少（节约）'],
    [YANGGU, '行政运行超支了多少', '76.43', '多（超支）'],
    [YANGGU, '财政拨款收入比上年少了多少', '1790.40', '减少'],
  ])('%s %s = %s', (unit, q, value, word) => {
    const a = expectKind(answer(unit, q), 'figure');
    expect(fixed2(a.value)).toBe(value);
    expect(a.title).toContain(word);
    expect(renderJson(a).value).toBe(value);
  });

  it('执行得如何 is the rate', () => {
    const a = expectKind(answer(YANGGU, '事业运行执行得如何'), 'figure');
    expect(a.unit).toBe('%');
    expect(fixed2(a.value)).toBe('74.32');
  });
});

describe('everyday words: the lexicon', () => {
  it.each([
    [YANGGU, '出国经费', '0.00', '万元'],
    [YANGGU, '接待经费', '0.00', '万元'],
    [YANGGU, '公车', '9.38', '万元'],
    [YANGGU, '车辆数', '5', '辆'],
    [YANGGU, '公车有几辆', '5', '辆'],
    [YANGGU, '机要车几辆', '1', '辆'],
    [YANGGU, '今年买了几辆公务车', '0', '辆'],
    [WENLV, '特种专业技术用车几辆', '0', '辆'],
    [WENLV, '公务接待了几批', '2', '个'],
    [WENLV, '公务接待多少人次', '24', '个'],
    [YANGGU, '养老支出', '110.37', '万元'],
  ])('%s %s = %s %s', (unit, q, value, figUnit) => {
    const a = expectKind(answer(unit, q), 'figure');
    expect(figUnit === '万元' ? fixed2(a.value) : a.value.toFixed(0)).toBe(value);
    expect(a.unit).toBe(figUnit);
  });

  it('a word that fits several figures is asked back with each figure', () => {
    const a = expectKind(answer(YANGGU, '医疗'), 'clarify');
    expect(a.candidates.map((c) => c.value)).toEqual(expect.arrayContaining(['20.95', '30.95']));
  });

  it('a word whose subjects share one figure is answered (0.00 rows aside)', () => {
    const a = expectKind(answer(CZJ, '医疗支出多少'), 'figure');
    expect(fixed2(a.value)).toBe('60.99');
  });
});

describe('never a bare help text for a question about money', () => {
  it.each([
    [YANGGU, '办工费', '30201'],
    [YANGGU, '机关事业单位基本养老保验缴费支出', '2080505'],
  ])('a typo gets did-you-mean: %s', (unit, q, code) => {
    const a = expectKind(answer(unit, q), 'clarify');
    expect(a.candidates[0].code).toBe(code);
    // each candidate is a question the chat can send back as it is
    expect(expectKind(answer(unit, a.candidates[0].question), 'figure').kind).toBe('figure');
  });

  it("a money word near nothing gets the report's main figures", () => {
    const a = expectKind(answer(YANGGU, '无人机经费多少'), 'clarify');
    expect(a.candidates.map((c) => c.label)).toContain('本年支出合计');
  });

  it('chat that is not a question about money gets the help text', () => {
    expect(answer(YANGGU, '今天天气怎么样').kind).toBe('unknown');
  });
});

describe('units named the way people say them', () => {
  it.each([
    [null, '社工部行政运行花了多少', '51.32'],
    [null, '普陀区文化旅游局机关运行经费', '166.45'],
    [WENLV, '普陀区文旅局三公经费', '3.04'],
  ])('(%s) %s = %s', (unit, q, value) => {
    const a = expectKind(answer(unit, q), 'figure');
    expect(fixed2(a.value)).toBe(value);
  });

  it("another region's unit of the same kind is a stranger, never the default unit", () => {
    expect(answer(CZJ, '上海市财政局三公经费').kind).toBe('no_data');
    expect(answer(SHGZB, '北京市文化旅游局三公经费').kind).toBe('no_data');
  });
});

describe('ask --jsonl shapes', () => {
  it('a table answer carries its rows and columns at the top', () => {
    const json = renderJson(answer(YANGGU, '基本支出和项目支出分别是多少'));
    expect(json.kind).toBe('table');
    expect(json.rows).toEqual([
      ['基本支出', '1261.55'],
      ['项目支出', '56.49'],
    ]);
    expect(json.columns).toEqual(['项目', '决算数（万元）']);
  });
});

describe('what a subject is made of, and whole figures asked together', () => {
  it.each([
    // 明细, 构成, 包括哪些: the subject's rows, as 「…有哪些」 lists them
    [WENLV, '文化和旅游支出明细', '文化和旅游下的功能分类项级科目'],
    [WENLV, '三公经费的构成', '三公经费各项'],
    [WENLV, '社会保障和就业支出包括哪些', '社会保障和就业支出下的功能分类款级科目'],
    // the report's own 支出 and 收入: their breakdowns
    [WENLV, '支出明细', '支出结构（按功能分类 类）'],
    [WENLV, '收入明细', '收入构成'],
  ])('%s %s → %s', (unit, q, title) => {
    expect(expectKind(answer(unit, q), 'table').title).toContain(title);
  });

  it('收入多少，支出多少，结余多少: one table, 结余 being what is left at the year end', () => {
    const a = expectKind(answer(WENLV, '今年收入多少，支出多少，结余多少'), 'table');
    expect(column(a, '项目')).toEqual(['本年收入合计', '本年支出合计', '年末结转和结余']);
    expect(column(a, '决算数')).toEqual(['26538.47', '26538.47', '52.61']);
  });

  it('项目支出比例 is a share, without 占', () => {
    const a = expectKind(answer(CZJ, '项目支出比例'), 'figure');
    expect(a.title).toContain('项目支出占比');
    expect(fixed2(a.value)).toBe('20.51');
  });
});

describe('more everyday wordings (found by asking held-out reports in a leader’s words)', () => {
  it('没花完预算 is under budget, never 执行率不低于100%', () => {
    const a = expectKind(answer(YANGGU, '哪些科目没花完预算'), 'table');
    expect(a.title).toContain('决算少于预算');
    expect(expectKind(answer(YANGGU, '哪些科目花完了预算'), 'table').title).toContain('执行率不低于100%');
  });

  it.each([
    // the start of a 科目's name is that 科目, not a unit the store lacks
    [YANGGU, '政府办公厅花了多少', '政府办公厅（室）及相关机构事务', '1133.55'],
    // 出国 alone, 决算总额
    [CZJ, '有没有出国', '因公出国（境）费', '0.00'],
    [CZJ, '决算总额', '本年支出合计', '2940.05'],
  ])('%s %s → %s %s', (unit, q, title, value) => {
    const a = expectKind(answer(unit, q), 'figure');
    expect(a.title).toContain(title);
    expect(fixed2(a.value)).toBe(value);
  });
});

describe('two subjects of one report against each other, and a part inside its whole', () => {
  it.each([
    ['人员经费比公用经费多多少', '人员经费比公用经费多', '636.85'],
    ['公用经费比人员经费少多少', '公用经费比人员经费少', '636.85'],
    ['一般公共服务支出减去行政运行', '一般公共服务支出比行政运行多', '213.06'],
    ['基本支出和项目支出相差多少', '基本支出比项目支出多', '1205.06'],
  ])('%s: the difference, both figures shown', (q, title, value) => {
    const a = expectKind(answer(YANGGU, q), 'figure');
    expect(a.title).toBe(`2020年度 ${YANGGU} ${title}`);
    expect(fixed2(a.value)).toBe(value);
    expect(a.table!.rows.map((r) => r[0])).toHaveLength(3);
  });

  it('a subject against its year before or its budget stays that question', () => {
    expect(expectKind(answer(WENLV, '三公经费比上年少了多少'), 'figure').title).toContain('三公经费比上年减少');
    expect(expectKind(answer(YANGGU, '决算比预算多多少'), 'figure').title).toContain('决算比年初预算多');
  });

  it.each([
    [WENLV, '政府采购里服务类占多少', '政府采购服务占比', '政府采购 7,571.90'],
    [WENLV, '三公经费中公务接待费的占比', '公务接待费占比', '三公经费 3.04'],
    [WENLV, '基本支出里人员经费占多少', '人员经费占比', '基本支出 9,800.36'],
    [YANGGU, '一般公共预算支出中一般公共服务支出占比', '一般公共服务支出占比', '一般公共预算财政拨款支出 1,318.04'],
  ])('%s %s: the share of the whole named first', (unit, q, title, whole) => {
    const a = expectKind(answer(unit, q), 'figure');
    expect(a.title).toContain(title);
    expect(JSON.stringify(a.formula)).toContain(whole);
  });
});

describe('a unit named by a shortening, and the report itself asked for', () => {
  it('社工部年初预算是多少，执行了多少: the shortening 社工部 is no part of the subject', () => {
    const a = expectKind(answer(null, '社工部年初预算是多少，执行了多少'), 'figure');
    expect(a.title).toContain(`${SHGZB} 一般公共预算财政拨款支出执行率`);
  });

  it.each(['2024年度决算报告', '决算公开'])('%s: the list of its tables', (q) => {
    expect(expectKind(answer(SHGZB, q), 'table').title).toContain('全部决算表');
  });
});

describe('tables by everyday labels, and 车辆购置', () => {
  it.each(['公开七表', '第7张表', '公开07表'])('%s: the 公开07表', (q) => {
    expect(expectKind(answer(YANGGU, q), 'table').title).toContain('公开07表');
  });

  it('车辆购置 is the money spent on buying cars, not the count of cars', () => {
    const a = expectKind(answer(YANGGU, '车辆购置'), 'figure');
    expect(a.title).toContain('公务用车购置费');
    expect(a.unit).toBe('万元');
  });
});

describe("a fund's income is not its spending", () => {
  it.each([
    ['政府性基金收入', '政府性基金预算财政拨款收入'],
    ['政府性基金支出', '政府性基金预算财政拨款支出'],
    ['一般公共预算收入', '一般公共预算财政拨款收入'],
  ])('%s → %s', (q, title) => {
    expect(expectKind(answer(WENLV, q), 'figure').title).toBe(`2025年度 ${WENLV} ${title}`);
  });
});

describe("a term explained in the report's own 名词解释", () => {
  it.each([
    [WENLV, '什么是三公经费', '三公经费：指单位使用本级财政拨款安排的因公出国（境）费'],
    [YANGGU, '机关运行经费是什么意思', '机关运行经费：指为保障行政单位'],
    [YANGGU, '基本支出指什么', '基本支出：指单位为保障机构正常运转'],
  ])('%s %s', (unit, q, text) => {
    const a = expectKind(answer(unit, q), 'message');
    expect(a.text).toContain(text);
    expect(a.text).toMatch(/来源：.+名词解释 · 第\d+页/);
  });

  it('a term it does not explain is said to be missing, with the terms it does', () => {
    const a = expectKind(answer(YANGGU, '什么是绩效'), 'no_data');
    expect(a.message).toContain('报告的名词解释中没有“绩效”');
    expect(a.notes.join('')).toContain('三公经费');
  });
});

import { Decimal } from 'decimal.js';
import type { Line } from './line-types.js';
import type { Fact, ReportDraft } from './types.js';
import { numberOf, squash } from './tokens.js';
import { extractPerformance, performanceFacts } from './performance.js';

type Unit = Fact['unit'];

/** Subjects the prose talks about, earliest match in a clause wins, then the longest. */
const NAME = '[\\u4e00-\\u9fa5、（）()“”"]{2,40}?';
/** A 科目's level after its name: 「（项）」, or written out 「（项级科目）」. */
const LEVEL = { 类: '（类(?:级科目)?）', 款: '（款(?:级科目)?）', 项: '（项(?:级科目)?）' } as const;
const hasLevel = (level: keyof typeof LEVEL) => {
  const re = new RegExp(LEVEL[level]);
  return (clause: string) => re.test(clause);
};
const SUBJECTS: [RegExp, string][] = [
  [new RegExp(`(${NAME})${LEVEL.类}(${NAME})${LEVEL.款}(${NAME})${LEVEL.项}`), 'ITEM'],
  [new RegExp(`(${NAME})${LEVEL.款}(${NAME})${LEVEL.项}`), 'KUAN_ITEM'],
  [new RegExp(`(${NAME})${LEVEL.项}`), 'XIANG'],
  [/([\u4e00-\u9fa5、“”"]{2,40}?)[（(](?:科目编码)?(2\d{2}(?:\d{2}){0,2})[)）]/, 'CODE'],
  [new RegExp(`([\\u4e00-\\u9fa5]{2,16}?)(?:支出)?${LEVEL.类}(?:支出)?`), 'CLASS'],
  // the code first: 「2012901 行政运行支出29.18万元」, 「2012999其他群众团体事务支出121.00万元」 (3, 5 or 7 digits)
  // also 「科目编码2130101-农业行政运行支出的金额为36.53万元」
  [
    /(?<![0-9.])(2\d{2}(?:\d{2}){0,2})(?![0-9.])\s*[-—－]?\s*([\u4e00-\u9fa5（）()—―－]{2,40}?)(?:的(?:支出)?金额)?(?:为|是)?(?=\s*[0-9])/,
    'CODE_FIRST',
  ],
  // 「财政拨款收、支总计」, 「财政拨款收入、支出决算总计」 (the national template)
  [/财政拨款收入?[、和与及]?支出?(?:决算)?总计/, '财政拨款收支总计'],
  [/收入?[、和与及]?支出?(?:决算)?总计|(?<!财政拨款)(?:收入|支出)(?:决算)?总计/, '收支总计'],
  // 「部门决算总收入959.48万元，其中本年收入945.18万元」: the total with the year's carry-over, as the 2014 说明 say it
  [/决算总(?:收入|支出)(?=\s*[0-9])/, '收支总计'],
  // 「本年收入1,151.16万元」, 「2017年收入1151.16万元」: the year's total
  [
    /本年收入(?:合计)?|(?<=\d{4}年度?)(?:部门)?收入(?:决算)?(?:合计|总额|数)?(?!表)(?=\s*(?:决算)?(?:为|是|[0-9]))/,
    '本年收入合计',
  ],
  [/(?<=\d{4}年度?)(?:部门)?支出(?:决算)?(?:合计|总额|数)?(?!表)(?=\s*(?:决算)?(?:为|是|[0-9]))/, '本年支出合计'],
  [/本年支出(?:合计)?/, '本年支出合计'],
  [/年初结转和?结余/, '年初结转和结余'],
  [/年末结转和?结余/, '年末结转和结余'],
  [/(?:用)?事业基金弥补收支差额/, '用事业基金弥补收支差额'],
  [/结余分配/, '结余分配'],
  [/一般公共预算财政拨款基本支出/, '一般公共预算财政拨款基本支出'],
  // 「一般公共预算拨款支出」, and before 2015 「公共财政拨款支出」; not 「三公经费一般公共预算财政拨款支出」, a 三公 figure
  [/(?<!经费)一般公共预算(?:财政)?拨款支出|(?<!经费|一般)公共财政拨款支出/, '一般公共预算财政拨款支出'],
  [/政府性基金(?:预算财政拨款)?(?:收入和)?支出/, '政府性基金预算财政拨款支出'],
  [/国有资本经营预算财政拨款(?:收入和)?支出/, '国有资本经营预算财政拨款支出'],
  [/财政拨款收入/, '财政拨款收入'],
  [/上级补助收入/, '上级补助收入'],
  [/事业收入/, '事业收入'],
  [/经营收入/, '经营收入'],
  [/附属单位上缴收入/, '附属单位上缴收入'],
  [/其他收入/, '其他收入'],
  [/基本支出/, '基本支出'],
  [/项目支出/, '项目支出'],
  [/上缴上级支出/, '上缴上级支出'],
  [/经营支出/, '经营支出'],
  [/对附属单位补助支出/, '对附属单位补助支出'],
  // 「基本支出124.60万元，其中：人员支出95.17万元，公用支出29.43万元」: the 2016 template's words for them
  [/人员经费|人员支出/, '人员经费'],
  [/公用经费|公用支出/, '公用经费'],
  // the 经济分类 classes the prose gives (「其中：工资福利支出10.45万元，商品和服务支出92.75万元」)
  [/工资福利支出/, '经济:301'],
  [/商品和服务支出/, '经济:302'],
  [/对个人和家庭的?补助(?:支出)?/, '经济:303'],
  [/["“]三公["”]经费|三公经费/, '三公经费'],
  // 「因公出国(境)费用4.2万元」
  [/因公出国[（(]境[)）](?:经)?费(?:用)?/, '因公出国（境）费'],
  // 「公务用车购置及运维费30.93万元」
  [/公(?:务用?)?车购置及运(?:行(?:维护)?|维)费/, '公务用车购置及运行维护费'],
  // 「车辆购置支出0万元」
  [/公务用车购置费?|车辆购置(?:费|支出)/, '公务用车购置费'],
  // 「公务用车购置费不变，运行费下降13%」: a clause that begins with 运行费 goes on about the 公务用车
  // 「公务用车运行维护支出 2.64 万元」 (the 2025 template) as well as …费
  // 「2015年车辆运行维护费支出13.01万元」
  [/公务用车运行(?:维护)?(?:费用|费|支出)|^运行(?:维护)?费|车辆运行(?:维护)?费/, '公务用车运行维护费'],
  [/公务接待费?/, '公务接待费'],
  [/机关运行经费/, '机关运行经费'],
  [/政府采购货物|货物采购/, '政府采购货物'],
  [/政府采购工程|工程采购/, '政府采购工程'],
  [/政府采购服务|服务采购/, '政府采购服务'],
  // 「…占政府采购支出总额的80%，其中：授予小微企业合同金额30万元」: the 小微企业's part of it, a figure of its own
  [/授予小微企业合同/, '政府采购小微企业'],
  [/授予中小企业合同|中小企业供应商中标|面向中小企业/, '政府采购中小企业'],
  // 「采购计划预算金额21.8万元」: the 政府采购's budget
  [/政府采购(?:支出总额|金额|支出)?|(?:政府)?采购计划/, '政府采购'],
  [/公务用车保有量|共有车辆/, '车辆'],
];

/**
 * Each pattern once as a global regex, with what a clause must contain for it to match (a clause without it is
 * skipped): a literal, or for CODE a bracket before a function code's 2.
 */
const NEEDS: Record<string, (clause: string) => boolean> = {
  ITEM: hasLevel('类'),
  KUAN_ITEM: hasLevel('款'),
  XIANG: hasLevel('项'),
  CLASS: hasLevel('类'),
  CODE: (c) => c.includes('(2') || c.includes('（2') || c.includes('科目编码2'),
  CODE_FIRST: (c) => CODE_THEN_NAME.test(c),
};
const CODE_THEN_NAME = /(?<![0-9.])2\d{2}(?:\d{2}){0,2}(?![0-9.])\s*[-—－]?\s*[\u4e00-\u9fa5]/;
const SUBJECT_SCANS = SUBJECTS.map(([re, name]) => ({ g: new RegExp(re.source, 'g'), name, needs: NEEDS[name] }));

const AMOUNT = '(-?[0-9][0-9,]*(?:\\.[0-9]+)?)';
const num = (s: string) => s.replace(/,/g, '');
/** An amount or a percentage as printed. */
const FIGURE = '[0-9][0-9,]*(?:\\.[0-9]+)?\\s*(?:万元|%)';
// the clause patterns with an amount, compiled once
const INITIAL_BUDGET = new RegExp(`年初(?:预算|预算数|安排|预算安排)(?:数)?(?:为|是|[:：])?\\s*${AMOUNT}\\s*万元`);
const FULL_BUDGET = new RegExp(`(?:全年|调整后)预算(?:数)?(?:为|是|[:：])?\\s*${AMOUNT}\\s*万元`);
/** 「“三公”经费财政拨款支出预算为12.00万元」: a budget said without 年初 or 全年 is the one set at the start (年初预算). */
const PLAIN_BUDGET = new RegExp(
  `(?<!年初|全年|调整后)预算(?:数)?(?:为|是|[:：]|总计|合计|总额为?)\\s*${AMOUNT}\\s*万元`,
);
/** 「采购计划预算金额21.8万元」: what the year's 政府采购 was planned at, its budget. */
const PROCUREMENT_PLAN = new RegExp(`采购计划(?:预算)?(?:金额)?(?:为|是|[:：])?\\s*${AMOUNT}\\s*万元`);
const FINAL = new RegExp(`决算(?:数|支出)?(?:为|是|[:：]|共计|合计|总计|总额为?)?\\s*${AMOUNT}\\s*万元`);
const FINAL_AFTER_SUBJECT = new RegExp(
  `^\\s*["”]?\\s*(?:(?:一般公共预算|公共财政)(?:财政)?拨款)?(?:合计|共计|总计)?(?:支出|总额|金额)?(?:决算)?(?:（[^）]*）)?(?:为|是|共计|合计|各|均)?\\s*${AMOUNT}\\s*万元`,
);
const CHANGE = new RegExp(`(增加|减少|增长|下降|降低|上升|节约|超支)\\s*${AMOUNT}\\s*万元`);
/** 「较2014年度…合计16.08万元增加15.15万元」, 「比上年的20万元减少…」: the amount a comparison is made with */
const PRIOR_IN_COMPARISON = new RegExp(
  `^\\s*(?:[比较与])\\s*(?:上年|去年|\\d{4}\\s*年度?)[^0-9，,；;]{0,30}?${AMOUNT}\\s*万元\\s*(?=增加|减少|增长|下降)`,
);

interface Ctx {
  subject: string | null;
  detail: string | null;
  yoy: boolean;
}

/** Names of the report's own 科目 (from its tables): a clause naming one is about that subject. */
export type SubjectNames = Map<string, string[]>;

interface Hit {
  subject: string;
  detail: string | null;
  start: number;
  end: number;
  heading: boolean;
}

const clean = (name: string) =>
  name
    .replace(/^[（(][一二三四五六七八九十]+[)）]/, '')
    .replace(/^[0-9、.．]+/, '')
    .replace(/^(?:其中|主要是|包括)[:：]?/, '');

/** The subject a clause is about: the last one named before its first figure (headings come first). */
function subjectIn(clause: string, names: SubjectNames, lei: string | null): Hit | null {
  const firstFigure = /[0-9][0-9,.]*\s*(万元|%|辆|个|人次|批次)/.exec(clause)?.index ?? clause.length;
  const hits: Hit[] = [];
  for (const { g, name, needs } of SUBJECT_SCANS) {
    if (needs && !needs(clause)) continue;
    g.lastIndex = 0;
    for (let m = g.exec(clause); m && m.index < firstFigure; m = g.exec(clause)) {
      const start = m.index;
      const end = m.index + m[0].length;
      const detail = clean(m[0]);
      if (name === 'ITEM')
        hits.push({ subject: `项:${clean(m[1])}/${m[2]}/${m[3]}`, detail, start, end, heading: true });
      else if (name === 'KUAN_ITEM')
        hits.push({ subject: `项:${lei ?? ''}/${clean(m[1])}/${m[2]}`, detail, start, end, heading: true });
      else if (name === 'XIANG')
        hits.push({ subject: `项:${lei ?? ''}//${clean(m[1])}`, detail, start, end, heading: true });
      else if (name === 'CODE') hits.push({ subject: `科目:${m[2]}`, detail: clean(m[1]), start, end, heading: true });
      else if (name === 'CODE_FIRST')
        hits.push({ subject: `科目:${m[1]}`, detail: clean(m[2]), start, end, heading: true });
      else if (name === 'CLASS')
        hits.push({ subject: `类:${m[1].replace(/支出$/, '')}支出`, detail: m[0], start, end, heading: true });
      else hits.push({ subject: name, detail: null, start, end, heading: false });
    }
  }
  // a 科目 the tables name, said without （类）/（项）: 「教育支出 425,287.27 万元」
  for (const [n, codes] of names) {
    for (let at = clause.indexOf(n); at >= 0 && at < firstFigure; at = clause.indexOf(n, at + 1)) {
      hits.push({
        subject: codes.length === 1 ? `科目:${codes[0]}` : `名:${n}`,
        detail: n,
        start: at,
        end: at + n.length,
        heading: false,
      });
    }
  }
  const outer = hits.filter(
    (h) => !hits.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start),
  );
  return outer.sort((a, b) => b.start - a.start || b.end - a.end)[0] ?? null;
}

/** Amounts as one token: full-width digits made ASCII, thousands separators dropped (「1,676.41」 -> 「1676.41」). */
export function normaliseAmounts(text: string): string {
  return (
    text
      .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
      .replace(/\s*[％%]/g, '%')
      .replace(/(?<=\d)[．](?=\d)/g, '.')
      .replace(/(?<=\d)\s*,\s*(?=\d{3}(?!\d))/g, '')
      .replace(/(?<=\d)，(?=\d{3}\.\d)/g, '')
      // nothing is nothing in any unit: 「年初预算为 0 元」 in a report whose amounts are 万元
      .replace(/(?<![\d.])(0(?:\.0+)?)\s*元/g, '$1 万元')
      // 「国内公务接待支出 0.40 万（含外宾…）」: 万 alone before a bracket or a break is 万元
      .replace(/(?<=\d)\s*万(?=[（(）)，,。；;、])/g, '万元')
  );
}

// a figure-less clause that describes the subject (主要用于…, 原因是…) does not switch it
const DESCRIBES = /主要用于|用于|主要是|原因|主要包括|包括/;
/** A sentence that opens an item of a list: （一）, 一、, 1. or 1、 (not 1.5). */
const ENUMERATED = /^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|[0-9]{1,2}[、.．](?![0-9]))/;

/** A decrease as a negative figure; nothing is nothing, not -0 (「下降0%」). */
const signed = (decrease: boolean, value: string) => (decrease && !new Decimal(value).isZero() ? `-${value}` : value);

/**
 * Two subjects and their figures in order (「公务用车购置费和运行费分别下降0%、86.9%」, 「基本支出和项目支出分别为416.08万元、
 * 86.77万元」) as a clause each: 「公务用车购置费下降0%，运行费下降86.9%」.
 */
const RESPECTIVELY = new RegExp(
  `([^，,；;。：:]+?)(?:和|与|及|、)([^，,；;。：:]+?)分别(增长|下降|增加|减少|上升|降低)?(为|是)?\\s*(${FIGURE})、\\s*(${FIGURE})`,
  'g',
);
function eachOwnFigure(sentence: string): string {
  if (!sentence.includes('分别')) return sentence;
  return sentence.replace(
    RESPECTIVELY,
    (_, a: string, b: string, verb = '', is = '', x: string, y: string) => `${a}${verb}${is}${x}，${b}${verb}${is}${y}`,
  );
}

/**
 * What went to small and medium businesses when the prose gives it in two parts (the 2024 template: 「在面向中小企业预留的
 * 政府采购项目中，由中小企业供应商中标或成交的，采购金额 246.47 万元；……在其他政府采购项目中，由中小企业供应商中标或成交的，
 * 采购金额 4.79 万元」): their sum, marked derived with both parts. (小微企业's reserved projects are part of the 中小企业's.)
 */
const RESERVED_AWARD = new RegExp(
  `在面向中小企业预留的政府采购项目中，?由中小企业供应商中标或成交的，?采购金额\\s*(${AMOUNT})\\s*万元`,
);
const OTHER_AWARD = new RegExp(`在其他政府采购项目中，?由中小企业供应商中标或成交的，?采购金额\\s*(${AMOUNT})\\s*万元`);
function awardedToSmallBusinesses(sentence: string): Omit<Fact, 'sentence' | 'page'> | null {
  if (!sentence.includes('中小企业供应商')) return null;
  const compacted = sentence.replace(/\s+/g, '');
  const reserved = RESERVED_AWARD.exec(compacted)?.[1];
  const other = OTHER_AWARD.exec(compacted)?.[1];
  if (!reserved || !other) return null;
  return {
    subject: '政府采购中小企业',
    measure: 'final',
    value: new Decimal(num(reserved)).plus(num(other)).toFixed(),
    unit: '万元',
    derived: true,
    detail: `预留项目 ${num(reserved)} + 其他项目 ${num(other)}`,
  };
}

/**
 * A sum of the prose's parts that is more than the whole it is part of (a 政府采购中小企业 above the 政府采购 stated, beyond
 * the rounding of its two parts) comes from a misprint: it is left out rather than answered.
 */
function withoutImpossibleSums(facts: Fact[]): Fact[] {
  const whole = facts.find((f) => f.subject === '政府采购' && f.measure === 'final' && !f.derived);
  if (!whole) return facts;
  const limit = new Decimal(whole.value).plus('0.01');
  return facts.filter((f) => !(f.derived && f.subject === '政府采购中小企业' && new Decimal(f.value).gt(limit)));
}

export function extractFacts(
  narrative: Line[],
  annex: Line[],
  names: SubjectNames = new Map(),
  /** the report's year: a sentence about a later one (「2022年度“三公”经费预算总计21.8万元」 in 2021's) is not read */
  year?: number,
): Fact[] {
  const facts: Fact[] = [];
  const { text, pageAt, sectionStarts } = joinLines(narrative);
  const ctx: Ctx = { subject: null, detail: null, yoy: false };
  let lei: string | null = null;
  // 「具体情况如下（按项级科目分类统计）：（一）综合医院支出485.89万元…」: until the next section, an item names a 项
  let itemsAreXiang = false;
  let laterYear = false;
  const said: { sentence: string; page: number | null }[] = [];
  let offset = 0;
  for (const sentence of sentencesOf(
    text,
    sectionStarts,
    /(?<=[。])|(?=（[一二三四五六七八九十]+）)|(?<=[^0-9.])(?=[0-9]{1,2}[、.．](?![0-9]))/,
  )) {
    const page = pageAt(offset);
    offset += sentence.length;
    // "主要用于：…基本支出" describes the subject, it does not switch it; a "；" ends the description
    const s = sentence
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/主要(?:用于|包括)[:：][^；;。]*/g, '');
    if (!s) continue;
    // (and the sentences after one, until a sentence or section about the report's year: 「…公务用车运行费用较上年同期增
    // 加2.27万元」 goes on about the 2022 budget)
    const yearLed =
      /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|[0-9]{1,2}[.．、])?\s*(20\d{2})\s*年/.exec(s);
    if (yearLed) laterYear = year !== undefined && Number(yearLed[1]) > year;
    else if (SECTION_NUMBER.test(s)) laterYear = false;
    if (laterYear) continue;
    said.push({ sentence: s, page });
    // an item of a list (（一）, 1., 一、) is about what it names: a subject the first clause does not name is unknown,
    // not the one before's (「（一）2017年收入…增加94.32万元」 after a 政府采购 sentence is no 政府采购 figure)
    if (ENUMERATED.test(s)) {
      ctx.subject = null;
      ctx.detail = null;
    }
    if (SECTION_NUMBER.test(s)) itemsAreXiang = false;
    if (/按项级科目/.test(s)) itemsAreXiang = true;
    // 「其中：…增加 x 万元」 continues the comparison of the sentence before it
    ctx.yoy =
      (ctx.yoy && /^其中/.test(s)) ||
      /与\s*(?:\d{4}\s*年度?|上年度?)(?:决算数?)?持平|与\s*(?:\d{4}\s*年度?|上年度?)(?:决算)?相比|比\s*\d{4}\s*年度?[增减]?(?:增加|减少|增长|下降|持平|决算)|比上年|较上年|[比较与]去年|较\s*\d{4}\s*年度?|同比/.test(
        s,
      );
    const awarded = awardedToSmallBusinesses(s);
    if (awarded) facts.push({ ...awarded, sentence: s, page });
    let headed = false;
    let foreign = false;
    // 「“三公”经费预算为20万元，其中：因公出国（境）费0万元，公务接待费9万元…」: the items listed after a budget are budgets
    let budgetList = false;
    const clauses = eachOwnFigure(s.replace(/收、支/g, '收支')).split(/[，,；;]|(?<=万元|%|辆|个|人次|批次)、/);
    // 「一般公共服务支出（科目编码201）531.03万元（其中…科目编码2010301-…495.15万元；…），总体较2016年…增加198.15万元」:
    // the items inside 「（其中…）」 are their own; after it the sentence is about its subject again
    let outer: { subject: string | null; detail: string | null } | null = null;
    let closed = false;
    for (const [k, clause] of clauses.entries()) {
      if (closed && outer) {
        ctx.subject = outer.subject;
        ctx.detail = outer.detail;
        outer = null;
        closed = false;
      }
      const found: Hit | null =
        subjectIn(
          clause.replace(/占[^0-9%]{0,16}的/, (x) => '占'.padEnd(x.length, '…')),
          names,
          lei,
        ) ??
        (itemsAreXiang && k === 0 ? namedItem(clause) : null) ??
        (itemsAreXiang ? itemAfterColon(clause) : null);
      const figure = /[0-9]\s*(万元|%|辆|个|人次|批次)|无预算|未安排预算/.test(clause);
      let rest = clause;
      // after a heading, a clause without a figure describes it (「主要用于…人员支出，公用支出及项目支出」)
      if (found && (figure || found.heading || (!DESCRIBES.test(clause) && !headed))) {
        ctx.subject = found.subject;
        ctx.detail = found.detail;
        rest = clause.slice(found.end);
        headed ||= found.heading;
        if (found.subject.startsWith('类:')) lei = found.subject.slice(2);
        else if (found.subject.startsWith('项:')) lei = found.subject.slice(2).split('/')[0] || lei;
      }
      if (/[（(]其中[^）)]*$/.test(clause)) outer = { subject: ctx.subject, detail: ctx.detail };
      else if (outer && /[）)]/.test(clause)) closed = true;
      if (!ctx.subject) continue;
      // vehicles are counted, never in 万元 or %: an amount after 「保有量5辆」 is another subject's, one not recognised
      // (「公务用车购运行费下降24.09%」, as printed)
      const add = (measure: string, value: string, unit: Unit, derived = false, detail: string | null = ctx.detail) => {
        if (ctx.subject!.startsWith('车辆') && (unit === '万元' || unit === '%')) return;
        facts.push({ subject: ctx.subject!, measure, value: num(value), unit, derived, detail, sentence: s, page });
      };
      let m: RegExpExecArray | null;
      const listedBudget = budgetList && !/决算|实际|支出|花|使用|完成/.test(clause);
      if ((m = INITIAL_BUDGET.exec(clause) ?? PLAIN_BUDGET.exec(clause) ?? PROCUREMENT_PLAN.exec(clause))) {
        add('budget_initial', m[1], '万元');
        budgetList = true;
      } else if (listedBudget && found && (m = FINAL_AFTER_SUBJECT.exec(rest))) add('budget_initial', m[1], '万元');
      else if (/年初(?:无预算|未安排(?:预算)?|预算为零|没有预算)/.test(clause))
        add('budget_initial', '0', '万元', false, '年初无预算');
      if ((m = FULL_BUDGET.exec(clause))) add('budget_full', m[1], '万元');
      // 「其中：国内公务接待支出 0.40 万元（含外宾接待…）」 is a part of the 公务接待费, not its amount
      // (its 批次 and 人次 are counted below)
      const receptionPart = ctx.subject === '公务接待费' && /国内|外宾|国[（(]境[)）]外|境外/.test(clause);
      // 「较2014年度部门决算公开“三公”经费合计16.08万元增加15.15万元」: the amount compared with is the year before's
      const comparedWith = PRIOR_IN_COMPARISON.exec(clause);
      if (comparedWith && CHANGE.test(clause)) add('prior', comparedWith[1], '万元');
      else if (!receptionPart && !listedBudget) {
        if ((m = FINAL.exec(clause))) add('final', m[1], '万元');
        else if (found && (m = FINAL_AFTER_SUBJECT.exec(rest))) add('final', m[1], '万元');
      }
      if ((m = /完成(年初|全年)?预算(?:数)?的\s*([0-9.]+)%/.exec(clause))) add('rate', m[2], '%', false, m[1] ?? null);
      else if ((m = /(年初|全年)?预算执行率(?:为|是|达到?)?\s*([0-9.]+)%/.exec(clause)))
        add('rate', m[2], '%', false, m[1] ?? null);
      // 「比年初预算减少…」, 「较年初预算数减少4万元，下降2.2%」
      const budgetCtx = /(?:比|较|与)(?:年初|全年|调整后)?预算(?:数)?/.test(clause);
      // 「比上年预算数字下降35.45%」: against last year's budget, neither the year's budget nor last year's 决算
      const lastBudget = /(?:上年|去年|\d{4}\s*年度?)预算/.test(clause);
      if ((m = CHANGE.exec(clause)) && (budgetCtx || ctx.yoy) && !lastBudget) {
        const v = signed(/减少|下降|降低|节约/.test(m[1]), num(m[2]));
        add(budgetCtx ? 'budget_change' : 'yoy_change', v, '万元');
      }
      if (
        (m = /(增长|下降|降低|增加|减少|上升)\s*([0-9.]+)%/.exec(clause)) &&
        (budgetCtx || ctx.yoy || facts.at(-1)?.measure.endsWith('_change')) &&
        !lastBudget
      ) {
        const last = facts.at(-1);
        const kind = budgetCtx || last?.measure === 'budget_change' ? 'budget_change_rate' : 'yoy_rate';
        add(kind, signed(/下降|降低|减少/.test(m[1]), m[2]), '%');
      }
      // 「与上年持平」, 「与上年一致」; not 「口径不一致」
      if (ctx.yoy && /持平|(?<!不)一致/.test(clause) && !/增加|减少|增长|下降|降低/.test(clause))
        add('yoy_change', '0', '万元');
      // "占单位预算项目支出总额的100%" is a share of the subject itself, not of the whole
      if (
        (m = /占([^0-9%]{0,16}的)?\s*([0-9.]+)%/.exec(clause)) &&
        !(m[1] && ctx.subject && m[1].includes(ctx.subject.replace(/^[类项]:/, '')))
      )
        add('share', m[2], '%');
      // 「新购置一辆公车」: a purchase counted in words
      if ((m = /(?:购置|购买|新购)了?\s*([一两二三四五六七八九十])\s*辆/.exec(clause))) {
        facts.push({
          subject: '车辆',
          measure: 'purchased',
          value: String(numberOf(m[1])),
          unit: '辆',
          derived: false,
          detail: null,
          sentence: s,
          page,
        });
      } else if (
        (m = /([0-9]+)\s*辆/.exec(clause)) &&
        /车辆|用车|保有量|共有|公车/.test(clause) &&
        // 「公务用车保有量减少4辆」 is a change, not a count
        !/(?:减少|增加|下降|上升|多|少)了?\s*[0-9]+\s*辆/.test(clause)
      ) {
        // a kind's count is the one written after it: 「…其余3辆已被收回、一般执法执勤用车0辆」 has 0 of that kind;
        // 「其余3辆已被车改办收回」 alone names no vehicles, so counts none
        // (「单位共有公务用车8辆」 counts them all; 「按规定更新购置公务用车0辆」 counts a purchase)
        const bought = /购置|购买|新购|更新/.test(clause);
        const ofKind = bought ? null : /([\u4e00-\u9fa5]{2,10}?用车)\s*([0-9]+)\s*辆/.exec(clause);
        const named = ofKind?.[1]?.replace(/^其中，?|^符合规定|^.*?(?:共有|现有|实有|保有|拥有)/, '') ?? null;
        const kind = named && named !== '公务用车' ? named : null;
        facts.push({
          subject: kind && !/保有量/.test(clause) ? `车辆:${kind}` : '车辆',
          measure: bought ? 'purchased' : 'count',
          value: kind && !/保有量/.test(clause) ? ofKind![2] : m[1],
          unit: '辆',
          derived: false,
          detail: kind,
          sentence: s,
          page,
        });
      }
      // 「其中：接待外宾 0 批次、0 人次」 counts foreign guests only, not the 国内公务接待 a report must state
      if (/外宾|国[（(]境[)）]外|境外/.test(clause)) foreign = true;
      else if (/国内|接待\s*[0-9]/.test(clause)) foreign = false;
      for (const [re, measure, unit] of [
        [/团组(?:数)?\s*(?:为|共)?\s*([0-9]+)\s*个/, 'groups', '个'],
        // 「接待总人数50人」 counts people as 人次 does
        // and 「国内公务接待221批次，1768人」: a clause that is only a number of people
        [
          /([0-9]+)\s*人次|(?<=总人数|接待人数|人次)\s*(?:为|共|是)?\s*([0-9]+)\s*人|^\s*([0-9]+)\s*人\s*[)）。；;]*\s*$/,
          'persons',
          '人次',
        ],
        // 「国内公务接待批次为520个」 too
        [
          /接待(?:外宾|外事|境外|国内)?(?:批次)?\s*(?:为|共)?\s*([0-9]+)\s*(?:批次|批|次)|接待批次(?:为|共|是)\s*([0-9]+)\s*个?/,
          'batches',
          '批次',
        ],
      ] as const) {
        if (!(m = re.exec(clause))) continue;
        // 「因公出国(境)团组数0个，因公出国(境)0人次；…国内公务接待275批次」: a count is of what its clause names
        // (of the word last before the number: 「无出国（境）人没、公务接待8批人」 counts 接待)
        const before = clause.slice(0, m.index + m[0].length);
        const abroad = Math.max(before.lastIndexOf('出国'), before.lastIndexOf('出境'));
        const reception = before.lastIndexOf('接待');
        const of =
          measure === 'groups'
            ? '因公出国（境）费'
            : measure === 'batches' || reception > abroad
              ? '公务接待费'
              : abroad >= 0
                ? '因公出国（境）费'
                : ctx.subject;
        facts.push({
          subject: of,
          measure,
          value: num(m[1] ?? m[2] ?? m[3]),
          unit,
          derived: false,
          detail: foreign ? '外宾' : of === ctx.subject ? ctx.detail : null,
          sentence: s,
          page,
        });
      }
    }
  }
  return [
    ...withoutImpossibleSums(withStatedAbsences(facts, said)),
    ...performanceFacts(text, pageAt),
    ...extractPerformance(annex),
  ];
}

/** An item of a list of 项 named by name alone: 「（一）综合医院支出485.89万元」 is the 项 综合医院支出. */
const NAMED_ITEM = /^[（(][一二三四五六七八九十]+[)）]\s*([\u4e00-\u9fa5（）()]{2,30}?)\s*(?=[0-9])/;
function namedItem(clause: string, unnumbered = false): Hit | null {
  const m = (unnumbered ? PLAIN_ITEM : NAMED_ITEM).exec(clause);
  if (!m) return null;
  const name = clean(m[1]);
  return name.length >= 2 ? { subject: `项://${name}`, detail: name, start: 0, end: m[0].length, heading: true } : null;
}
/** 「具体情况如下(按项级科目分类统计)：政府办公厅及相关机构事务支出325.96万元」: the one item after the colon, unnumbered. */
const PLAIN_ITEM = /^([\u4e00-\u9fa5（）()]{2,30}?)\s*(?=[0-9])/;
const ITEMS_COLON = /按项级科目[^：:]*[：:]\s*/;
function itemAfterColon(clause: string): Hit | null {
  const colon = ITEMS_COLON.exec(clause);
  if (!colon) return null;
  const from = colon.index + colon[0].length;
  const hit = namedItem(clause.slice(from), true);
  return hit ? { ...hit, start: hit.start + from, end: hit.end + from } : null;
}

/** Prior-year values and budgets the prose implies: 本年 − 增减. Marked derived. */
export function deriveFacts(facts: Fact[]): Fact[] {
  const out = [...facts];
  for (const f of facts) {
    if (f.measure !== 'yoy_change' && f.measure !== 'budget_change') continue;
    const current =
      [...facts].reverse().find((g) => g.subject === f.subject && g.measure === 'final' && g.sentence === f.sentence) ??
      facts.find((g) => g.subject === f.subject && g.measure === 'final' && g.page === f.page);
    if (!current) continue;
    const value = new Decimal(current.value).minus(f.value).toFixed();
    const measure = f.measure === 'yoy_change' ? 'prior' : 'budget_initial';
    if (out.some((g) => g.subject === f.subject && g.measure === measure && !g.derived)) continue;
    out.push({
      ...f,
      measure,
      value,
      derived: true,
      detail: `${current.value} ${f.value.startsWith('-') ? `+ ${f.value.slice(1)}` : `− ${f.value}`}`,
    });
  }
  return out;
}

/**
 * The lines as one text, with each line's page, and where a line opens a section (「七、“三公”经费…」): a section
 * starts a sentence even when the one before ends without 「。」 (「…：无项目内容」 then 「七、…」).
 */
/**
 * A 三公 item the prose says did not happen (「无出国计划」, 「无公款出国(境)」, 「县文联无公务用车，所以没有公务用车运行维护费」):
 * its 决算 is 0 by the report's words, unless the prose states an amount for it. Not 「无国(境)外公务接待」, which is of
 * foreign guests only.
 */
const ABSENT_ITEMS: [RegExp, string, string, Unit][] = [
  [
    /(?:无|没有|未发生|未安排)(?:公款|因公)?出国|出国(?:[（(]境[)）])?(?:费|经费)?(?:未发生|为零|没有发生)/,
    '因公出国（境）费',
    'final',
    '万元',
  ],
  [/(?:无|没有|未发生)(?:国内)?公务接待(?:费|支出|经费)?(?![^，,。；;]*[0-9])/, '公务接待费', 'final', '万元'],
  [/(?:无|没有)公务用车运行(?:维护)?费/, '公务用车运行维护费', 'final', '万元'],
  [/(?:无|没有)公务用车购置(?:费)?/, '公务用车购置费', 'final', '万元'],
  [/(?:无|没有)(?:公务用车|公车)(?!运行|购置)/, '车辆', 'count', '辆'],
];

function withStatedAbsences(facts: Fact[], said: { sentence: string; page: number | null }[]): Fact[] {
  const absent: Fact[] = [];
  for (const f of said) {
    for (const clause of f.sentence.split(/[，,。；;]/)) {
      if (/国[（(]境[)）]外|外宾|外事|境外/.test(clause)) continue;
      for (const [re, subject, measure, unit] of ABSENT_ITEMS) {
        const stated = (x: Fact) => x.subject === subject && x.measure === measure;
        if (!re.test(clause) || facts.some(stated) || absent.some(stated)) continue;
        absent.push({
          subject,
          measure,
          value: '0',
          unit,
          derived: false,
          detail: '报告称未发生',
          sentence: f.sentence,
          page: f.page,
        });
      }
    }
  }
  return [...facts, ...absent];
}

function joinLines(lines: Line[]): { text: string; pageAt: (i: number) => number | null; sectionStarts: number[] } {
  const starts: { at: number; page: number | null }[] = [];
  const sectionStarts: number[] = [];
  let text = '';
  for (const l of lines) {
    const t = normaliseAmounts(squash(l.text));
    const needsSpace = /[0-9a-zA-Z%]$/.test(text) && /^[0-9a-zA-Z]/.test(t);
    text += needsSpace ? ' ' : '';
    starts.push({ at: text.length, page: l.page });
    if (text.length > 0 && SECTION_NUMBER.test(t)) sectionStarts.push(text.length);
    text += t;
  }
  const pageAt = (i: number) => {
    let p: number | null = null;
    for (const s of starts) {
      if (s.at > i) break;
      p = s.page;
    }
    return p;
  };
  return { text: text.replace(/\((类|款|项)\)/g, '（$1）'), pageAt, sectionStarts };
}
const SECTION_NUMBER = /^[一二三四五六七八九十]+、/;

/** The text cut at each section start, then into sentences by `sentenceBreak`: pieces that join up to the text. */
function sentencesOf(text: string, sectionStarts: number[], sentenceBreak: RegExp): string[] {
  const cuts = [0, ...sectionStarts, text.length];
  return cuts.slice(1).flatMap((end, k) => text.slice(cuts[k], end).split(sentenceBreak));
}

const HEADING = /^(?:第[一二三四五六七八九十]部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|目\s*录)/;

/** The words the text checks read: contents and part titles, then each 情况说明 sentence with its page. */
export function proseOf(overview: Line[], narrative: Line[]): NonNullable<ReportDraft['prose']> {
  const headings = [...overview, ...narrative]
    .map((l) => ({ text: squash(l.text), page: l.page }))
    .filter((l) => l.text.length <= 60 && (HEADING.test(l.text) || /决算/.test(l.text)) && !/[。；]/.test(l.text))
    .map((l) => ({ kind: 'heading' as const, ...l }));
  const { text, pageAt, sectionStarts } = joinLines(narrative);
  const sentences: NonNullable<ReportDraft['prose']> = [];
  let offset = 0;
  for (const s of sentencesOf(text, sectionStarts, /(?<=[。])/)) {
    const page = pageAt(offset);
    offset += s.length;
    if (s.trim()) sentences.push({ kind: 'sentence', text: s.trim(), page });
  }
  return [...headings, ...sentences];
}

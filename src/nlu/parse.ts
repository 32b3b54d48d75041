import { PROJECTS_ASKED, performanceAsked, projectsNamed } from './performance.js';
import { subjectsByPurpose } from './purposes.js';
import { Decimal } from 'decimal.js';
import { numberOf } from '../ingest/tokens.js';
import type { TableKey } from '../ingest/types.js';
import type { Query, Subject } from '../query/query.js';
import type { Directory, QueryScope } from '../query/directory.js';
import { codeFacts, type ReportView } from '../query/report-view.js';
import { budgetOf, finalOf, statedAmounts, THREE_PUBLIC_KINDS, unitOf } from '../query/measures.js';
import { AGG_ENTRIES, buildCatalog, type Entry, entriesIn, subjectKey } from './catalog.js';
import { normalize } from './normalize.js';
import {
  likeUnits,
  namedUnits,
  regionNames,
  soleUnitOfRegion,
  unitByName,
  unitsOfRegion,
  unknownUnitIn,
  withoutUnit,
} from './units.js';
import { parseMulti, unitsNamed } from './parse-multi.js';
import {
  COUNT_WORDS,
  COUNTS_VEHICLES,
  FILLER,
  VEHICLES_BOUGHT,
  MEASURE_WORDS,
  type MeasureWord,
  PRIOR_YEAR,
  MEASURE_PARTS,
  THIS_YEAR,
  WHOLE_SUBJECT_WORDS,
} from './lexicon.js';
import { isRowQuestion, parseRows } from './rows.js';
import { severalSubjects } from './several.js';
import { candidateOf } from './candidates.js';
import { oneOff, suggest } from './suggest.js';

export interface Scope extends QueryScope {
  unit?: string | null;
  year?: number | null;
}

const TABLE_WORDS: [RegExp, TableKey][] = [
  [/财政拨款收入支出决算总表|财政拨款收支总表/, 'fiscal_total'],
  [/收入支出决算总表|收支(决算)?总表/, 'income_expense_total'],
  [/一般公共预算财政拨款基本支出决算表|基本支出(决算)?表/, 'basic_expense'],
  [/一般公共预算(财政拨款)?支出(决算)?表|^(高等学校)?财政拨款支出决算表/, 'general_budget_expense'],
  [/三公(经费)?(支出)?(决算)?表/, 'three_public'],
  [/政府性基金.*表/, 'gov_fund'],
  [/国有资本.*表/, 'state_capital'],
  [/收入决算表|收入表/, 'income'],
  [/支出决算表|支出表/, 'expense'],
];
/** A table asked for by what it is about (三公那张表发一下, 基本支出明细表给我): the first topic the question names. */
const TABLE_TOPICS: [RegExp, TableKey][] = [
  [/财政拨款收(入)?支(出)?/, 'fiscal_total'],
  [/总表|收支总/, 'income_expense_total'],
  [/基本支出/, 'basic_expense'],
  [/一般公共预算/, 'general_budget_expense'],
  [/三公/, 'three_public'],
  [/政府性基金/, 'gov_fund'],
  [/国有资本/, 'state_capital'],
  [/收入/, 'income'],
  [/支出/, 'expense'],
];
const ASKS_FOR_TABLE = /(那|这|哪)?张表|表格|明细表|[的那这]表|表(给|发|看)|^.{0,12}表$/;
/** 全部表格, 所有报表, 九张表: every table of one report (one workbook of nine sheets when exported) */
// 全部决算表, and the report itself asked for (决算报告, 2024年度决算公开): its tables
const ALL_TABLES =
  /(?:全部|所有|整套|全套|九张|9张|各张)的?(?:决算)?(?:公开)?报?表(?:格)?|^(?:20\d{2}年度?)?的?(?:部门|单位)?决算(?:报告|公开)(?:全文)?$/;
const TABLE_BY_NUMBER: TableKey[] = [
  'income_expense_total',
  'income',
  'expense',
  'fiscal_total',
  'general_budget_expense',
  'basic_expense',
  'three_public',
  'gov_fund',
  'state_capital',
];

// the rate named outright wins over the words around it (群众文化超了预算三倍多？具体执行率多少)
const measureOf = (text: string): MeasureWord | null =>
  /执行率|完成率/.test(text) ? 'rate' : (MEASURE_WORDS.find((m) => m.pattern.test(text))?.measure ?? null);
const BUDGET = /预算/;
/** asked in percent: 几个点, 百分之几, 多少% */
const IN_PERCENT = /几个点|几个百分点|多少个?百分点|百分之几|百分之多少|多少%|百分比|幅度/;
/** 物业管理费是办公费的几倍, 项目支出相当于基本支出多少倍 */
const TIMES = /^(.+?)(?:是|为|相当于|等于|有)(.+?)的?(?:几|多少)倍/;
const BREAKDOWN = /结构|构成|分布|明细|组成/;

/** 一般公共预算(财政)拨款(支出)里/中…: what follows is asked of the 一般公共预算 only. */
const GENERAL_FUND = /一般公共预算(?:财政)?(?:拨款)?(?:支出)?(?:里面|当中|之中|里|中)的?(?=.{2,})/;

/** 为什么, 原因 …: the question asks why, and the answer adds the reasons the report gives. */
const WHY = /原因|为什么|为何|什么缘故|怎么回事|咋回事/g;
type AnsweredWithWhy = Extract<Query, { kind: 'figure' | 'rate' | 'budget_diff' | 'yoy' | 'yoy_change' }>;
const answeredWithWhy = (q: Query): q is AnsweredWithWhy =>
  q.kind === 'figure' || q.kind === 'rate' || q.kind === 'budget_diff' || q.kind === 'yoy' || q.kind === 'yoy_change';

/** Text → typed query: unit, year, then table requests, then metric + subject by longest dictionary match. */
export function parseQuestion(raw: string, scope: Scope): Query {
  const whole = parseOne(raw, scope);
  const q = compoundOf(raw, scope, whole) ?? whole;
  return arithmeticNotRead(raw, q, scope) ?? q;
}

/** Words a question about 预算绩效 has (绩效, 自评, 评级, 整改, 得分 …): the report's 绩效 facts are looked at only then */
const PERFORMANCE_WORDS = /绩效|自评|评级|评为|等级|整改|分|评价/;

/** Arithmetic asked of figures (A加B, A减B, 一半, 几倍, 高出, 剩下的): a question that asks it is not one figure. */
const ARITHMETIC =
  /(?<![增追附参外])加上?(?![强快大班入油])|(?<![增递缩])减去?(?![少免税半轻持员])|一半|半数|二分之一|[几多少]倍|高出|低出|之和|合起来|加起来|加在一起|加一块|剩下的|剩余的/;

/**
 * A single figure read from a question that asks arithmetic of it (养老保险缴费加住房公积金, 工程减货物, 津贴补贴砍一半): the
 * arithmetic was not read (a name it works on was not found), so the figure found is not the answer. Asked back with
 * that figure, never answered with it.
 */
function arithmeticNotRead(raw: string, q: Query, scope: Scope): Query | null {
  const view = q.kind === 'figure' && ARITHMETIC.test(raw) ? scope.view(q.reportId) : undefined;
  if (q.kind !== 'figure' || !view) return null;
  // (not a word of a name: 减排专项支出, 附加费)
  const names = buildCatalog(view).filter((e) => e.name.length >= 2 && /[加减]/.test(e.name));
  const text = names.reduce((t, e) => t.split(e.name).join('…'), normalize(raw).split(q.subject.name).join('…'));
  const op = ARITHMETIC.exec(text)?.[0];
  if (!op) return null;
  return {
    kind: 'clarify',
    message: `问题里有“${op}”的计算，但只认出了“${q.subject.name}”一项，不能直接给出结果。请写出参与计算的各项名称（如“A加B”“A减B”），或先查看：`,
    candidates: [candidateOf({ name: q.subject.name, subject: q.subject }, view, q.measure === 'budget' ? '预算' : '')],
  };
}

type Part = Extract<Query, { kind: 'compound' }>['parts'][number];
const PART_KINDS = new Set(['figure', 'prior', 'rate', 'budget_diff', 'yoy', 'yoy_change', 'share', 'figures']);
const isPart = (q: Query): q is Part => PART_KINDS.has(q.kind);
/** What a part of a message asks with: a question word or a measure. */
const ASKS = /多少|几|占|同比|比|差|预算|决算|花|用|执行|完成|增|减|降|涨|超|省|节约|结余|吗|呢|[？?]/;
/** 百分之几, 幅度多少: a part that asks only for a percentage */
const PERCENT_ONLY =
  /^(?:下降|减少|增长|增加|降|少|多)?(?:了)?(?:百分之几|百分之多少|多少%|几个点|几个百分点|幅度(?:是)?多少|比例(?:是)?多少)[？?]*$/;
/** 两者差多少, 相差多少: after two subjects named together, their difference. */
const BOTH_DIFFER = /两者|二者|两个|相差|差(了|额)?多少|差距/;

/**
 * Several questions in one message, one after another (三公经费预算多少，实际花了多少，省了多少; 基本支出多少，占比多少): a
 * part that names no subject of its own is asked of the first part's subject, in the first part's unit and year.
 * Null when the message is one question, or a part is not a figure question.
 */
function compoundOf(raw: string, scope: Scope, whole: Query): Query | null {
  if (!isPart(whole)) return null;
  // a space between words parts a message as a comma does (公车运维今年用了多少 预算多少), and a spoken one runs on
  // after each question word (年初预算多少最后花了多少完成了百分之多少)
  // (only after words that ask something: 请问本单位行政运行  花了多少 is one question)
  const spaced = raw
    .trim()
    .split(/(?<=[\u4e00-\u9fa5？?])\s+(?=[\u4e00-\u9fa5])/)
    .reduce((text, next) => text + (ASKS.test(text.split(/[，,；;]/).at(-1)!) ? '，' : '') + next);
  const parts = normalize(spaced)
    .split(
      /[，,；;]+|(?<=多少|几|吗)[？?]+(?=.)|(?<=多少|几成|百分之几|怎么样)(?![钱万元亿个人倍分项次辆批%百比？?，,；;])(?=.{3})/,
    )
    .filter((p) => p.replace(/[？?！!。\s]/g, '').length >= 2);
  // each later part must ask something (a measure or a question word), or the message is one question
  // (「三公经费'; DROP TABLE reports;--」 is not three); checked before any part is parsed
  if (parts.length < 2 || parts.length > 4 || !parts.slice(1).every((p) => ASKS.test(p))) return null;
  const first = parseOne(parts[0], scope);
  if (!isPart(first)) return null;
  // A和B分别多少，两者差多少: the two, then their difference
  if (first.kind === 'figures' && first.subjects.length === 2 && parts.length === 2 && BOTH_DIFFER.test(parts[1]))
    return { kind: 'compound', parts: [first, { ...first, difference: true }] };
  // 三公经费多少，公务接待费多少 is a list, read whole
  if (first.kind === 'figures' || whole.kind === 'figures') return null;
  const key = subjectKey(first.subject);
  // read whole, the message asks of another subject than its first part: the first part only set the scene for it
  // (单位还有公车吗，几辆: the 公务用车保有量)
  if (subjectKey(whole.subject) !== key) return null;
  const view = scope.view(first.reportId);
  if (!view) return null;
  // the later parts are asked in the first part's unit and year
  const within: Scope = { ...scope, unit: view.unitName, year: view.year };
  // 其他城乡社区管理事务支出，决算减年初预算等于多少: a first part that asks nothing names the subject the rest ask of
  const topic = !ASKS.test(parts[0]);
  const out: Part[] = topic ? [] : [first];
  const asked = (q: Query) => out.some((o) => JSON.stringify(o) === JSON.stringify(q));
  // the 三公 item the first part counts (团组数 of 因公出国（境）费), and its other counts
  const countOf = COUNT_WORDS.find((c) => first.subject.type === 'agg' && c.id === first.subject.id)?.of;
  const fellowCounts = new Set(COUNT_WORDS.filter((c) => c.of === countOf).map((c) => c.id));
  for (const p of parts.slice(1)) {
    // 预算多少，决算多少，差了多少: after its budget and its 决算, the difference between them
    const has = (m: 'budget' | 'final') => out.some((o) => o.kind === 'figure' && o.measure === m);
    if (/^(相)?差(了|额|距)?(是)?多少/.test(p) && has('budget') && has('final')) {
      out.push({ kind: 'budget_diff', reportId: first.reportId, subject: first.subject });
      continue;
    }
    // the part asked of the first's subject, when that is what it asks (比去年少了多少, 占比多少, 实际花了多少); else,
    // after a count, its fellow count (接待了多少批次，多少人: the 公务接待 人次); else the part as it stands
    const about = parseOne(`${first.subject.name}${p}`, within);
    const fellow = () => {
      const q = countOf ? parseOne(`${countOf}${p}`, within) : null;
      return q?.kind === 'figure' && q.subject.type === 'agg' && fellowCounts.has(q.subject.id) ? q : null;
    };
    const alone = () => {
      const q = parseOne(p, within);
      return isPart(q) ? q : null;
    };
    const ofFirst = isPart(about) && about.kind !== 'figures' && subjectKey(about.subject) === key;
    // 掉了多少，百分之几: after the change in 万元, the rate of it (after the difference from the budget, its share)
    const last = out[out.length - 1];
    if (PERCENT_ONLY.test(p) && (last.kind === 'yoy_change' || last.kind === 'budget_diff')) {
      out.push(
        last.kind === 'yoy_change'
          ? { kind: 'yoy', reportId: last.reportId, subject: last.subject }
          : { ...last, percent: true },
      );
      continue;
    }
    // (after a topic, a part must ask of it: 科学技术支出2536.65万里，项目支出有多少 is one question)
    if (topic && !ofFirst) return null;
    const q = (ofFirst && !asked(about) ? about : null) ?? fellow() ?? (ofFirst ? null : alone());
    // a part that asks again what is asked already (请问行政运行  花了多少？) leaves one question
    if (!q || asked(q)) return null;
    out.push(q);
  }
  // 花了多少，预算多少 is the execution, which shows both (not when a part asks more: 差了多少)
  const plain = (q: Part) => q.kind === 'figure' || q.kind === 'rate';
  if (whole.kind === 'rate' && out.every(plain)) return null;
  if (out.length === 1) return out[0];
  return { kind: 'compound', parts: out };
}

/** An amount asked in 元 (办公费是多少元, 几块钱) or in 亿元 (总支出多少亿, 几个亿), not in the 万元 the reports print. */
const IN_YUAN = /(?:多少|几)(?:块钱|块|元)|(?<![万亿千百])元(?:钱)?[？?吗呢]?$/;
const IN_YI = /(?:多少|几)(?:个)?亿/;
const UNIT_KINDS = new Set(['figure', 'prior', 'budget_diff', 'yoy_change']);

function parseOne(raw: string, scope: Scope): Query {
  const q = parseOneAsked(raw, scope);
  if (!/[元块亿]/.test(raw)) return q;
  const text = normalize(raw);
  const inUnit = IN_YI.test(text) ? '亿元' : IN_YUAN.test(text) ? '元' : null;
  return inUnit && UNIT_KINDS.has(q.kind) ? ({ ...q, inUnit } as Query) : q;
}

function parseOneAsked(raw: string, scope: Scope): Query {
  // 一般公共预算拨款里城乡社区支出: a 功能科目's amount in the 一般公共预算 table, asked as such
  const normalized = normalize(raw);
  if (GENERAL_FUND.test(normalized)) {
    const q = parseOne(normalized.replace(GENERAL_FUND, ''), scope);
    const fnCodes = (ss: Subject[]) => ss.every((s) => s.type === 'code' && s.classification === 'function');
    if (q.kind === 'figure' && q.measure === 'final' && fnCodes([q.subject])) return { ...q, fund: 'general' };
    if (q.kind === 'figures' && q.measure === 'figure' && fnCodes(q.subjects)) return { ...q, fund: 'general' };
    if (q.kind === 'columns') return { ...q, fund: 'general' };
  }
  const without = raw.replace(WHY, ' ');
  if (without === raw) return parseWithoutWhy(raw, scope);
  // 为什么…增加了, 支出增加的原因: why it changed is asked of the change from the year before (not of the budget)
  const change = BUDGET.test(without) ? without : without.replace(CHANGED, '同比');
  const q = parseWithoutWhy(change, scope);
  return answeredWithWhy(q) ? { ...q, why: true } : q;
}
const CHANGED = /(增加|减少|增长|下降|上升|降低|变多|变少|多了|少了)了?/g;

function parseWithoutWhy(raw: string, scope: Scope): Query {
  let text = normalize(raw);
  if (!text) return { kind: 'help' };
  if (/^(帮助|help|\/help|\/start|你能做什么|怎么用)/i.test(text)) return { kind: 'help' };
  // across units first: 所有单位三公经费排名 is a ranking, not the list of units
  // rows of one report (执行率最高的科目) are not a ranking of units
  const { dir } = scope;
  const units = dir.units;
  const unitCount = units.length;
  const multi = isRowQuestion(text, unitCount) ? null : parseMulti(text, dir, scope.unit ?? null);
  if (multi) return multi;
  if (/(有哪些|哪些|所有|列出).{0,4}单位|单位列表/.test(text)) return { kind: 'list', what: 'units', keyword: null };
  const named = namedUnits(text, dir);
  // a unit that is not in the store is never answered with another unit's figures
  const stranger = unknownUnitIn(text, dir);
  // 普陀区文化馆单独的人员经费: a body (馆, 所, 站 …) asked alone that the store holds no report of
  const aloneBody = /([\u4e00-\u9fa5]{2,12}?(?:馆|所|站|队|中心|院))(?:的)?(?:单独|单列)/.exec(text)?.[1];
  const alone =
    stranger ??
    (aloneBody && !dir.units.some((u) => u.includes(aloneBody) || aloneBody.includes(u)) ? aloneBody : null);
  if (alone && /单独|单列|自己的|本身/.test(text))
    return {
      kind: 'no_data',
      message: `库中没有“${alone}”单独的决算报告；部门决算是部门所属单位的汇总，不单列其中某个单位的数。${unitsHeld(units)}`,
      available: [...units],
    };
  if (stranger) {
    // a unit whose name is like the one said is offered (地方志办公室 → 地方志编纂委员会), never answered for it
    const like = likeUnits(stranger, dir).slice(0, 5);
    if (like.length)
      return {
        kind: 'clarify',
        message: `库中没有“${stranger}”的决算报告。您是不是要问：`,
        candidates: like.map((u) => ({ label: u, code: null, value: null, question: text.replace(stranger, u) })),
      };
    return {
      kind: 'no_data',
      message: `库中没有“${stranger}”的决算报告。${unitsHeld(units)}`,
      available: [...units],
    };
  }
  const scoped = scope.unit ? scopedUnit(scope.unit, dir) : null;
  // a region with one unit in the store stands for it (阳谷县三公经费), even over the chat's unit
  const regional = named.length === 0 ? soleUnitOfRegion(text, dir) : null;
  const unit =
    named.length === 1
      ? named[0]
      : named.length > 1
        ? null
        : (regional ?? (scope.unit ? scoped : units.length === 1 ? units[0] : null));
  if (!unit) {
    if (!looksFinancial(text, dir)) return { kind: 'unknown' };
    const inRegion = unitsOfRegion(text, dir);
    // the units most like the words said first (西大 → 西南大学)
    const like = likeUnits(text, dir);
    const options = [...new Set([...like, ...units])].filter((u) =>
      named.length > 1 ? named.includes(u) : inRegion.length ? inRegion.includes(u) : true,
    );
    if (options.length === 0) return { kind: 'no_data', message: '库中还没有任何决算报告，请先导入。', available: [] };
    return {
      kind: 'clarify',
      message: named.length > 1 ? '这个简称对应多个单位，请问是哪一个？' : '请问要查哪个单位？（本聊天未设置默认单位）',
      candidates: options.map((u) => ({ label: u, code: null, value: null, question: `${u} ${raw}` })),
    };
  }
  // the unit's reports as the directory lists them: only the one asked about is read (scope.view)
  const mine = [...dir.reportsOf(unit)].sort((a, b) => b.year - a.year);
  text = withoutUnit(text, unit, dir);
  // the unit's region said beside it or alone (平潭财政金融局, 阳谷 for 阳谷县人民政府办公室) is no subject's word
  const region = dir.reportsOf(unit)[0]?.region;
  const said = region ? regionNames(region).find((n) => text.includes(n)) : undefined;
  if (said) text = text.replace(said, '');
  const years = mine.map((v) => v.year);
  // the year asked about, not the one compared with (基本支出较2019年下降了多少 is about the report's year)
  const y =
    /(?<![比较与跟和同于])(20\d{2})\s*年(?!相比|比)/.exec(text)?.[1] ??
    relativeYear(text, years) ??
    (scope.year ? String(scope.year) : null);
  // a year before the first report: the next year's report states the figures it changed from
  const nextYear =
    y && !mine.some((v) => v.year === Number(y)) ? mine.find((v) => v.year === Number(y) + 1) : undefined;
  const entry = nextYear ?? (y ? mine.find((v) => v.year === Number(y)) : mine[0]);
  const view = entry && scope.view(entry.reportId);
  if (!view)
    return {
      kind: 'no_data',
      message: `没有${unit} ${y}年度的决算数据。已有年度：${years.join('、')}。`,
      available: years.map((x) => `${x}年度`),
    };
  const reportId = view.reportId;
  // 总收入/总支出 in the report's own words: where its prose calls the 收入总计 总收入 (「总收入959.48万元，其中本年收入
  // 945.18万元」), that is what the word asks; elsewhere 总收入 is the year's income (本年收入合计)
  text = text.replace(/总(收入|支出)/g, (w, side: string) => (ownsTotalWord(view, w) ? `${side}总计` : w));
  // a year only the next report's prose speaks of: its 决算 amounts can be asked, nothing else
  const priorOnly = (): Query => ({
    kind: 'no_data',
    message: `没有${unit} ${y}年度的决算报告；${nextYear!.year}年度报告只说明了与上年相比的增减额，可以问上年的决算数。已有年度：${years.join('、')}。`,
    available: years.map((x) => `${x}年度`),
  });
  if (ALL_TABLES.test(text)) return { kind: 'tables', reportId };
  // 什么是三公经费, 机关运行经费是什么意思: the report's own 名词解释
  const define = DEFINE.exec(text);
  if (define) return { kind: 'define', reportId, term: (define[1] ?? define[2]).replace(/^(的|一下)/, '') };
  // a table by the label the report prints (表3, 公开03表, 表一), then by the standard order
  // 表3, 公开03表, 公开七表, 第5张表
  const label =
    /(?:公开)?表\s*0?([1-9一二三四五六七八九])(?![\d.])|公开\s*0?([1-9一二三四五六七八九])\s*表|第\s*([1-9一二三四五六七八九])\s*张(?:决算)?表/.exec(
      text,
    );
  if (label) {
    const n = numberOf(label[1] ?? label[2] ?? label[3]);
    const printed = [...view.tables.values()].find(
      (t) => t.label && new RegExp(`^(公开)?表?\\s*0?${n}(?!\\d)|公开0?${n}表`).test(t.label.replace(/\s/g, '')),
    );
    if (printed) return { kind: 'table', reportId, table: printed.key };
    // the report numbers its tables and none has this number: say which it has, never another table by position
    const labels = [...view.tables.values()].flatMap((t) => (t.label ? [`${t.label} ${t.title}`] : []));
    if (labels.length && /公开|^表|表$/.test(text) && text.replace(label[0], '').replace(FILLER, '').length <= 4) {
      return {
        kind: 'no_data',
        message: `${view.year}年度 ${view.unitName} 的报告中没有读取到“${label[0]}”（它可能不是九张标准表之一）。已读取的表：${labels.join('、')}。`,
        available: labels,
      };
    }
    // unlabelled tables in the standard order, when the question is about the table (表3, 看下表5), not 表3里的教育支出
    if (!view.tables.size || [...view.tables.values()].every((t) => !t.label)) {
      if (text.replace(label[0], '').replace(FILLER, '').length <= 2)
        return { kind: 'table', reportId, table: TABLE_BY_NUMBER[n - 1] };
    }
  }
  const num = /公开\s*0?([1-9])\s*表|^(?:\/table)?\s*0?([1-9])表?$/.exec(text);
  if (num) return { kind: 'table', reportId, table: TABLE_BY_NUMBER[Number(num[1] ?? num[2]) - 1] };
  const tw = TABLE_WORDS.find(([re]) => re.test(text));
  if (tw && /表/.test(text)) return { kind: 'table', reportId, table: tw[1] };
  const topic = ASKS_FOR_TABLE.test(text) ? TABLE_TOPICS.find(([re]) => re.test(text)) : undefined;
  if (topic) return { kind: 'table', reportId, table: topic[1] };
  // 绩效自评 (the prose's figures, the annex), not 绩效工资 (a 经济科目); 评为优的项目几个, 问题整改了几个: 绩效's words,
  // where the report states its 绩效自评; 电子政务外网项目得了几分: a project of the annex's 绩效自评表 by name
  const projects = PERFORMANCE_WORDS.test(text)
    ? view.facts.filter((f) => f.subject.startsWith('绩效:')).map((f) => f.subject)
    : [];
  const projectNamed = projects.length && /分|等级|评价/.test(text) ? projectsNamed(text, projects) : [];
  const aboutPerformance =
    /绩效|自评/.test(text) ||
    projectNamed.length > 0 ||
    (/评级|评为|等级为?[优良合]|整改/.test(text) && view.facts.some((f) => f.subject.startsWith('绩效自评')));
  if (aboutPerformance && !buildCatalog(view).some((e) => e.name.includes('绩效') && text.includes(e.name)))
    return {
      kind: 'performance',
      reportId,
      item: performanceAsked(text, projects),
      projects: PROJECTS_ASKED.test(text) || projectNamed.length > 1,
    };
  const rows = parseRows(text, view, unitCount) ?? partsOf(text, view, unitCount);
  // 除了办公费哪项最多: the rows named after 除(了) are left out of the ranking
  const leftOut = rows?.kind === 'select' ? EXCEPTED.exec(text)?.[1] : undefined;
  const exclude = leftOut ? matchSubjects(leftOut, buildCatalog(view), () => true).map((e) => e.subject) : [];
  if (rows?.kind === 'select' && exclude.length) return { ...rows, exclude };
  if (rows) return rows;
  const metric = measureOf(text);
  const plain = text.replace(/一般公共预算|政府性基金预算|国有资本经营预算/g, '');
  const measure = BUDGET.test(plain) && !/决算/.test(plain) ? 'budget' : 'final';
  const needsBudget = metric === 'rate' || metric === 'budget_diff' || (!metric && measure === 'budget');
  // 人员经费比公用经费多多少, 一般公共服务支出减去行政运行: one subject's figure less another's
  const difference = differenceOf(text, view);
  if (difference) return difference;
  // 节能环保支出里基本、项目各多少, 高等教育的项目支出: a 科目's columns of the 支出决算表
  const columns = columnsAsked(text, view);
  if (columns) return columns;
  // several subjects named together (基本支出和项目支出, 办公费、印刷费、水费): one row each
  const several = severalSubjects(
    text,
    buildCatalog(view),
    (t, usable) => matchSubjects(t, buildCatalog(view), usable),
    needsBudget ? (s) => budgetOf(view, s) !== null : (s) => finalOf(view, s) !== null,
    (s) => finalOf(view, s)?.value.toFixed(2) ?? null,
  );
  if (several?.kind === 'subjects') {
    const each = nextYear ? 'prior' : (metric ?? (measure === 'budget' ? 'budget' : 'figure'));
    if (nextYear && (metric || measure !== 'final')) return priorOnly();
    return { kind: 'figures', reportId, subjects: several.subjects, measure: each, sum: several.sum };
  }
  if (several?.kind === 'ambiguous') return clarify(several.entries, view, metric, measure);
  // 收入和支出各多少, 一共收入多少，支出多少: everyday words for whole figures, asked together
  const wholes = several ? null : wholeSubjectList(text, buildCatalog(view));
  if (wholes) {
    if (nextYear) return priorOnly();
    const each = metric ?? (measure === 'budget' ? 'budget' : 'figure');
    return { kind: 'figures', reportId, subjects: wholes.map((e) => e.subject), measure: each, sum: false };
  }
  const has = (s: Subject) => finalOf(view, s) !== null;
  // 钱主要花在哪了, 支出主要用途: where the money went is the 支出 by 功能科目, when nothing else is named
  if (WHERE_SPENT.test(text) && !text.replace(WHERE_SPENT, '').replace(FILLER, '').replace(SPENDING_WORDS, ''))
    return { kind: 'breakdown', reportId };
  // the one subject each of two pieces of the question names, when each names one
  const oneEach = (m: RegExpExecArray | null): [Subject, Subject] | null => {
    if (!m) return null;
    const [a, b] = [matchSubjects(m[1], buildCatalog(view), has), matchSubjects(m[2], buildCatalog(view), has)];
    return a.length === 1 && b.length === 1 ? [a[0].subject, b[0].subject] : null;
  };
  const differ = (pair: [Subject, Subject] | null): pair is [Subject, Subject] =>
    pair !== null && subjectKey(pair[0]) !== subjectKey(pair[1]);
  // A是B的几倍: the one over the other as a multiple
  const times = oneEach(TIMES.exec(text));
  if (differ(times)) return { kind: 'share', reportId, subject: times[0], whole: times[1], times: true };
  // 其他社会工作事务支出在一般公共服务支出里占比多少: the part, then the whole it is in
  const placed = metric === 'share' ? oneEach(PART_IN_WHOLE.exec(text)) : null;
  if (differ(placed)) return { kind: 'share', reportId, subject: placed[0], whole: placed[1] };
  // "A占B的比重": the part before 占, the whole after it
  // (「服务类占多大比重」 names no whole: 多大 is the question)
  // (「政府采购里货物占采购金额的比重」: a part named inside a whole before 占 is that part, of that whole)
  const spelled =
    metric === 'share'
      ? /^(.+?)占(?!了?(?:多大|多少|几成|百分之几))(.+?)(的)?(比重|比例|占比|百分比|份额|多少|百分之|几成)/.exec(text)
      : null;
  const sides = oneEach(spelled);
  const split = spelled && (sides === null || differ(sides)) ? spelled : null;
  // 政府采购里服务类占多少, 三公经费中公务接待费的占比: the part named inside the whole
  const inside =
    metric === 'share' && !split ? PART_INSIDE.exec(text.replace(/占.*?(?=的?(?:比重|比例|占比))/, '')) : null;
  if (inside) {
    const whole = matchSubjects(inside[1], buildCatalog(view), has);
    // the part named with the whole's words before it (服务类 → 政府采购服务), else by its own (一般公共服务支出)
    const other = (es: Entry[]) =>
      es.length === 1 && whole.length === 1 && subjectKey(es[0].subject) !== subjectKey(whole[0].subject);
    const withWhole = matchSubjects(inside[1] + inside[2], buildCatalog(view), has);
    // a fixed measure's own parts first (采购里服务类: 政府采购服务, not 商品和服务支出)
    const ownParts = whole.length === 1 ? partsNamed(view, whole[0].subject, inside[2], has) : [];
    const part =
      other(withWhole) && withWhole[0].name.includes(inside[1])
        ? withWhole
        : other(ownParts)
          ? ownParts
          : matchSubjects(inside[2], buildCatalog(view), has);
    if (other(part)) return { kind: 'share', reportId, subject: part[0].subject, whole: whole[0].subject };
  }
  if (split) {
    const [part, whole] = [
      matchSubjects(split[1], buildCatalog(view), has),
      matchSubjects(split[2], buildCatalog(view), has),
    ];
    if (part.length === 1 && whole.length === 1)
      return { kind: 'share', reportId, subject: part[0].subject, whole: whole[0].subject };
    // the whole is in the report and the part is not: said of the part, never answered with the whole's share
    if (part.length === 0 && whole.length > 0)
      return suggest(split[1], view, buildCatalog(view), metricWord(metric, measure));
  }
  if (BREAKDOWN.test(text) && /^(本年)?收入(的|来源)?(构成|结构|分布)/.test(text))
    return { kind: 'breakdown', reportId, of: 'income' };
  // a long name written with one character wrong (城乡社区规化与管理) is asked back, not read as the short name inside it
  // asked back with these subjects, each a question the chat can send as it is
  const askBack = (message: string, entries: Entry[]): Query => ({
    kind: 'clarify',
    message,
    candidates: entries.map((e) => candidateOf(e, view, metricWord(metric, measure))),
  });
  // 港澳台侨事务支出, a 款 a 说明 names only in its 项 (「港澳台侨事务—行政运行」): those 项, not a name one character off
  const asked = subjectWords(text);
  const words = asked.replace(/支出$/, '');
  const holding =
    words.length >= 4
      ? buildCatalog(view).filter(
          (e) => e.subject.type === 'code' && (e.name.startsWith(`${words}—`) || e.name.startsWith(`${words}支出—`)),
        )
      : [];
  if (holding.length) return askBack(`报告没有单列“${asked}”的合计，它下面的科目有：`, holding.slice(0, 8));
  const typo = nearMiss(text, buildCatalog(view));
  if (typo.length)
    return askBack(
      `没有找到“${typo[0].written}”，您是不是要问：`,
      typo.slice(0, 5).map((t) => t.entry),
    );
  // 人均人员经费, 平均每辆车运行费: an amount per head or per vehicle is not the amount
  const per = PER_UNIT.exec(text);
  if (per) {
    const named = matchSubjects(text.replace(per[0], ''), buildCatalog(view), has);
    // no report gives a head count or a vehicle count to divide by: said so, with the totals it does give
    if (named.length) {
      const totals = named
        .slice(0, 4)
        .map((e) => {
          const f = unitOf(e.subject) === '万元' ? finalOf(view, e.subject) : null;
          return f ? `${e.subject.name} ${f.value.toFixed(2)} 万元` : null;
        })
        .filter((t) => t !== null);
      return {
        kind: 'no_data',
        message: `${view.unitName} ${view.year}年度报告中没有可作分母的人数或车辆数，不能按“${per[0]}”计算。${totals.length ? `报告中的总额：${totals.join('；')}。` : ''}`,
        available: [],
      };
    }
  }
  // 除三公经费外的支出, 行政运行以外: an amount left after taking one away is not that one's figure
  const except = EXCEPT.exec(text);
  if (except) {
    const taken = except[1] ?? except[2] ?? except[3];
    const named = matchSubjects(taken, buildCatalog(view), has);
    if (named.length)
      return askBack(`暂不能计算除“${taken}”以外的金额；可分别查看：`, [
        ...named.slice(0, 3),
        ...wholeSubject('支出', buildCatalog(view)),
      ]);
  }
  // 公用经费中的办公费: the part, where the report lists it within the whole; otherwise asked back, never the whole's figure
  const within = WITHIN.exec(text);
  const part = within ? withinPart(within[1], within[2], buildCatalog(view), has) : null;
  if (part && 'ask' in part)
    return askBack(`报告没有单独列出“${within![1]}”中的“${within![2].replace(FILLER, '')}”，您是不是要问：`, part.ask);
  if (part && metric === 'share' && part.found.length === 1)
    return { kind: 'share', reportId, subject: part.found[0].subject, whole: part.whole.subject };
  const found = part
    ? part.found
    : matchSubjects(text, buildCatalog(view), needsBudget ? (s) => budgetOf(view, s) !== null : has);
  // 公务车有几辆, 一共几台车: a count of vehicles whatever the vehicle is called
  const vehicles = found.length === 0 ? vehicleCount(text, null) : null;
  if (vehicles) found.push({ name: vehicles.name, subject: vehicles });
  // 今年预算执行得怎么样, 总体执行率: a budget's execution with nothing else named is the 一般公共预算财政拨款支出's, the
  // figure a 决算说明 leads with
  if (
    found.length === 0 &&
    metric === 'rate' &&
    !text.replace(RATE_WORDS, '').replace(OVERALL, '').replace(FILLER, '')
  ) {
    const general: Subject = { type: 'agg', id: '一般公共预算财政拨款支出', name: '一般公共预算财政拨款支出' };
    if (budgetOf(view, general)) found.push({ name: general.name, subject: general });
  }
  // 旅游厕所花了多少: the 项 whose money the 说明 says went to it; several such 项 are asked back
  if (found.length === 0) {
    const purposes = subjectsByPurpose(view, subjectWords(text));
    const byPurpose = purposes.subjects.map((subject) => ({
      name: subject.name,
      subject: buildCatalog(view).find((e) => subjectKey(e.subject) === subjectKey(subject))?.subject ?? subject,
    }));
    if (byPurpose.length > 1)
      return askBack(`情况说明所述用途含“${purposes.words}”的科目有${byPurpose.length}个，请问是哪一个？`, byPurpose);
    found.push(...byPurpose);
  }
  if (found.length === 0) {
    const code = /(?<!\d)(2\d{2}(?:\d{2}){0,2}|3\d{2}(?:\d{2})?)(?!\d)/.exec(text.replace(/20\d{2}\s*年度?/g, ''))?.[1];
    if (code)
      return {
        kind: 'no_data',
        message: `${view.year}年度 ${view.unitName} 的决算表中没有科目 ${code}。可用 /subjects 关键词 查找科目。`,
        available: [],
      };
    if (BREAKDOWN.test(text) && /收入/.test(text)) return { kind: 'breakdown', reportId, of: 'income' };
    if (BREAKDOWN.test(text) && /支出|^结构|^构成/.test(text)) return { kind: 'breakdown', reportId };
    // nothing named: the nearest subjects the report has, never a bare help text for a question about money
    return suggest(text, view, buildCatalog(view), metricWord(metric, measure));
  }
  // the same figure under both classifications (住房公积金 2210201 = 30113) needs no question: answer with the 功能科目
  // rows printed as 0 (公务员医疗补助缴费 0.00) are not what a word for spending means when the others agree
  const values = found.map((e) => finalOf(view, e.subject)?.value.toFixed(2) ?? null);
  const spent = values.filter((v): v is string => v !== null && v !== '0.00');
  if (
    found.length > 1 &&
    !metric &&
    measure === 'final' &&
    spent.length > 0 &&
    spent.every((v) => v === spent[0]) &&
    values.every((v) => v !== null)
  ) {
    const first = found[values.indexOf(spent[0])];
    found.splice(0, found.length, first);
  }
  // a 款 and its 项 of the same name (城乡社区规划与管理): a budget question means the one whose budget the prose states
  if (found.length > 1 && needsBudget) {
    const stated = found.filter(
      (e) =>
        e.subject.type === 'code' &&
        (codeFacts(view, e.subject.code, 'budget_initial').length ||
          codeFacts(view, e.subject.code, 'budget_full').length),
    );
    if (stated.length === 1) found.splice(0, found.length, stated[0]);
  }
  if (found.length > 1) return clarify(found, view, metric, measure);
  let subject: Subject = vehicleCount(text, found[0].subject) ?? found[0].subject;
  // 公务接待了多少批次: the count the question's measure word asks for
  const counted = COUNT_WORDS.find((c) => subject.type === 'agg' && subject.id === c.of && c.asked.test(text));
  if (counted) subject = { type: 'agg', id: counted.id, name: counted.id };
  if (BREAKDOWN.test(text) && subject.type === 'agg' && /支出/.test(subject.id) && !metric)
    return { kind: 'breakdown', reportId };
  if (BREAKDOWN.test(text) && subject.type === 'agg' && /收入/.test(subject.id) && !metric)
    return { kind: 'breakdown', reportId, of: 'income' };
  if (nextYear) {
    if (metric || measure !== 'final') return priorOnly();
    return { kind: 'prior', reportId, subject };
  }
  // 比预算少了几个点: the difference from the budget as a share of it
  if (metric === 'budget_diff' && IN_PERCENT.test(text)) return { kind: metric, reportId, subject, percent: true };
  if (metric) return { kind: metric, reportId, subject };
  // the prose states two amounts for it (two 项 of one name, or a figure misprinted once): both shown, none chosen
  const stated = measure === 'final' ? statedAmounts(view, subject) : [];
  if (stated.length)
    return {
      kind: 'clarify',
      message: `报告情况说明中“${subject.name}”有${stated.length}个不同的数，请按原文确认是哪一个：`,
      candidates: stated.map((f) => ({
        label: `${subject.name}（情况说明：“${f.sentence.slice(0, 40)}”）`,
        code: null,
        value: new Decimal(f.value).toFixed(2),
        question: text,
      })),
    };
  return { kind: 'figure', reportId, subject, measure };
}

/** A count of vehicles asked (公车有几辆, 今年买了几辆车): the count, not the 公务用车 money. */
function vehicleCount(text: string, subject: Subject | null): Subject | null {
  if (!/车|辆/.test(text)) return subject;
  if (VEHICLES_BOUGHT.test(text)) return { type: 'agg', id: '车辆购置数', name: '当年购置车辆' };
  const isCount = subject?.type === 'agg' && (subject.id.startsWith('车辆') || subject.id === '公务用车保有量');
  if (COUNTS_VEHICLES.test(text) && !isCount) {
    return /公车|公务(用)?车/.test(text)
      ? { type: 'agg', id: '公务用车保有量', name: '公务用车保有量' }
      : { type: 'agg', id: '车辆', name: '车辆' };
  }
  return subject;
}

const metricWord = (metric: MeasureWord | null, measure: 'final' | 'budget') =>
  metric === 'rate'
    ? '执行率'
    : metric === 'share'
      ? '占比'
      : metric === 'yoy'
        ? '同比'
        : metric === 'budget_diff'
          ? '比预算节约或超支多少'
          : metric === 'yoy_change'
            ? '比上年增减多少'
            : measure === 'budget'
              ? '预算'
              : '';

/** Asked back: which of these subjects, each with its figure, each a question the chat can send as it is. */
function clarify(found: Entry[], view: ReportView, metric: MeasureWord | null, measure: 'final' | 'budget'): Query {
  const word = found[0].name;
  return {
    kind: 'clarify',
    message: `“${word}”对应多个科目，请问是哪一个？`,
    candidates: found.slice(0, 8).map((e) => candidateOf(e, view, metricWord(metric, measure))),
  };
}

const isCode = (name: string) => /^\d+$/.test(name);

/** A code counts only as a whole number: 2020年 does not name 202, 2210201 does not name 221. */
function occurs(text: string, name: string): boolean {
  if (!isCode(name)) return text.includes(name);
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    if (!/\d/.test(text[i - 1] ?? '') && !/\d/.test(text[i + name.length] ?? '')) return true;
  }
  return false;
}

/** The report's totals, whose everyday names (全年支出, 支出总额, 一共支出) also say "the whole of" what is named before. */
const TOTAL_IDS = new Set(['本年支出合计', '本年收入合计', '收支总计']);

/**
 * 公车全年支出, 办公费支出总额, 住房保障一共支出: a total's name after another subject's name is that subject's whole
 * amount, not the report's total (which, being the longer name, would otherwise win); and 本年支出合计中的基本支出 asks
 * for the part.
 */
function qualifiesAnother(text: string, e: Entry, named: Entry[]): boolean {
  if (e.subject.type !== 'agg' || !TOTAL_IDS.has(e.subject.id)) return false;
  const at = text.indexOf(e.name);
  const end = at + e.name.length;
  // 本年支出合计中的基本支出: the part named after 中的 is what is asked
  const within = /^(?:当中|里面|之中|中|里|其中)/.test(text.slice(end));
  return named.some((o) => {
    if (o.subject.type === 'agg' && TOTAL_IDS.has(o.subject.id)) return false;
    const oat = text.indexOf(o.name);
    return oat >= 0 && (oat + o.name.length <= at || (within && oat >= end));
  });
}

/**
 * A fixed measure's own parts whose names hold the word (政府采购 + 服务 → 政府采购服务), each once: the parts are the
 * fixed measures whose ids begin with the whole's. None for a 科目 (its children are found by code).
 */
function partsNamed(view: ReportView, whole: Subject, said: string, has: (s: Subject) => boolean): Entry[] {
  if (whole.type !== 'agg') return [];
  // 三公里车的钱: 车 names the 公务用车 kind of the three
  const word = said.replace(/的?(?:钱|费用|经费|那块|这块|部分|这一块|那一块)$/, '');
  const kinds = KINDS_OF[whole.id];
  if (kinds)
    return pickOne(
      buildCatalog(view).filter(
        (e) => e.subject.type === 'agg' && kinds.includes(e.subject.id) && e.name.includes(word) && has(e.subject),
      ),
    );
  return pickOne(
    buildCatalog(view).filter(
      (e) =>
        e.subject.type === 'agg' &&
        e.subject.id.startsWith(whole.id) &&
        e.subject.id !== whole.id &&
        e.name.includes(word) &&
        has(e.subject),
    ),
  );
}

/** The kinds a fixed measure is made of, whose ids do not start with its own (政府采购货物 does, of 政府采购). */
const KINDS_OF: Record<string, string[]> = { 三公经费: THREE_PUBLIC_KINDS };

/** 「已有单位：…」: the store's units, the first ten, as a no-data answer lists them. */
const unitsHeld = (units: readonly string[]): string =>
  units.length ? `已有单位：${units.slice(0, 10).join('、')}${units.length > 10 ? ` 等${units.length}个` : ''}。` : '';

/** The entries of one subject, once (the several names of one subject are one choice). */
const pickOne = (es: Entry[]): Entry[] => [...new Map(es.map((e) => [subjectKey(e.subject), e])).values()];

/** Whether the report's prose says 总收入 (总支出) of its 收支总计. */
const ownsTotalWord = (view: ReportView, word: string): boolean =>
  view.facts.some((f) => f.subject === '收支总计' && f.measure === 'final' && !f.derived && f.sentence.includes(word));

/**
 * 政府采购里工程采购, 三公经费中的接待费: a fixed measure named before 里/中 and another subject after it is the whole the
 * part is asked inside, not asked itself. (A 科目 before 中 is left to the parent and child rules below.)
 */
function wholeOfAPart(text: string, e: Entry, named: Entry[]): boolean {
  const inside = /^(.+?)(?:里面|当中|之中|里|中)的?(?=.)/.exec(text);
  if (!inside || e.subject.type !== 'agg' || text.indexOf(e.name) + e.name.length > inside[1].length) return false;
  return named.some(
    (o) => o !== e && subjectKey(o.subject) !== subjectKey(e.subject) && text.indexOf(o.name) >= inside[0].length,
  );
}

/** Longest name found in the text; ties between different subjects are ambiguous (e.g. 住房公积金: 2210201 and 30113). */
export function matchSubjects(text: string, catalog: Entry[], usable: (s: Subject) => boolean): Entry[] {
  const pick = (hits: Entry[]) => {
    const ok = hits.filter((e) => usable(e.subject));
    const pool = ok.length ? ok : hits;
    const byKey = new Map(pool.map((e) => [subjectKey(e.subject), e]));
    return [...byKey.values()];
  };
  // a name followed by 结转 or 结余, or after 其他 or 非, names another figure (财政拨款结转 is not 财政拨款收入, 其他一般公共服务支出
  // not 一般公共服务支出, 非财政拨款支出 not 财政拨款支出): not this entry
  // (filtered after names inside longer names are dropped: 环保 inside 其他节能环保支出 is not named either)
  const named = entriesIn(catalog, text).filter((e) => occurs(text, e.name));
  // a name seen only inside a longer name is not named (教育支出 inside 其他留学教育支出)
  const spans = (n: string) => {
    const out: number[] = [];
    for (let i = text.indexOf(n); i >= 0; i = text.indexOf(n, i + 1)) out.push(i);
    return out;
  };
  const exact = named
    .filter(
      (e) =>
        isCode(e.name) ||
        spans(e.name).some(
          (at) =>
            !named.some(
              (o) =>
                o.name.length > e.name.length &&
                !isCode(o.name) &&
                spans(o.name).some((oat) => oat <= at && oat + o.name.length >= at + e.name.length),
            ),
        ),
    )
    .filter((e) => !namesAnother(text, e.name))
    .filter((e, _, all) => !qualifiesAnother(text, e, all))
    .filter((e, _, all) => !wholeOfAPart(text, e, all));
  // a parent's name followed by its child's, as the prose writes them (款 21099 其他卫生健康支出 + 项 2109999 其他卫生健康支出):
  // the child, even where one name contains the other
  const flat = text.replace(/[（(][类款项][)）]|的|\s/g, '');
  const pairLength = (e: Entry) =>
    Math.max(
      0,
      ...catalog
        .filter(
          (p) =>
            p.subject.type === 'code' &&
            e.subject.type === 'code' &&
            !isCode(e.name) &&
            !isCode(p.name) &&
            p.subject.classification === e.subject.classification &&
            p.subject.code === e.subject.code.slice(0, e.subject.code.length - 2) &&
            flat.includes(p.name + e.name),
        )
        .map((p) => p.name.length + e.name.length),
    );
  const pairs = exact.map((e) => [e, pairLength(e)] as const).filter(([, n]) => n > 0);
  if (pairs.length) {
    const longestPair = Math.max(...pairs.map(([, n]) => n));
    const ok = pick(pairs.filter(([, n]) => n === longestPair).map(([e]) => e)).filter((e) => usable(e.subject));
    if (ok.length) return ok;
  }
  if (exact.length) {
    // a 款 or 类 named together with one of its own items means the item (住房改革支出住房公积金 → 2210201)
    const child = exact.filter((e) => exact.some((p) => isParent(p, e)));
    if (child.length) {
      const longestChild = Math.max(...child.map((e) => e.name.length));
      const ok = pick(child.filter((e) => e.name.length === longestChild)).filter((e) => usable(e.subject));
      if (ok.length) return ok;
    }
    const longest = Math.max(...exact.map((e) => e.name.length));
    const tied = exact.filter((e) => e.name.length === longest);
    // a fixed measure (公务接待费 of the 三公 table) is what a bare name means, not the 经济科目 of the same name
    const top = tied.some((e) => e.subject.type === 'agg' && usable(e.subject))
      ? tied.filter((e) => e.subject.type === 'agg')
      : tied;
    // 款 + 项 named together: keep the 项 whose 款 is also named
    const items = top.filter((e) => e.subject.type === 'code' && e.subject.code.length === 7);
    if (items.length > 1) {
      const withParent = items.filter((e) =>
        catalog.some(
          (p) =>
            p.subject.type === 'code' &&
            e.subject.type === 'code' &&
            p.subject.code === e.subject.code.slice(0, 5) &&
            text.includes(p.name),
        ),
      );
      if (withParent.length) return pick(withParent);
    }
    const usableTop = pick(top).filter((e) => usable(e.subject));
    if (usableTop.length) return usableTop;
  }
  const wholes = wholeSubject(text, catalog);
  const whole = wholes.filter((e) => usable(e.subject));
  if (whole.length) return whole;
  const residual = MEASURE_WORDS.reduce((t, m) => {
    // every measure word, however many (行政运行同比增长多少)
    let out = t;
    for (let i = 0, next = out.replace(m.pattern, ''); i < 4 && next !== out; i++, next = out.replace(m.pattern, ''))
      out = next;
    return out;
  }, text).replace(
    /(是)?多少钱?|花了|(?<=费)用了|决算数?|预算数?|一年|全年|百分之几|(多少|几)个?百分点|率|的|了|吗|呢|[？?！!。,，]/g,
    '',
  );
  if (residual.length >= 2) {
    // a part of a printed 科目's name, brackets left out (维修费 for 维修（护）费); a 说明's own 项 too
    const printed = (e: Entry) => e.subject.type === 'code' || /^(?:项|类|科目|名):/.test(e.subject.id);
    const containing = pick(
      catalog.filter(
        (e) =>
          !isCode(e.name) &&
          printed(e) &&
          (e.name.includes(residual) || e.name.replace(/[（(][^）)]*[)）]|的/g, '').includes(residual)),
      ),
    ).filter((e) => usable(e.subject));
    // 社区管理 is 21201 城乡社区管理事务, not also its catch-all item 2120199 其他城乡社区管理事务支出 (文化 stays vague:
    // 群众文化, 文化活动 and their 类 are asked back)
    const under = (e: Entry, p: Entry) =>
      e.subject.type === 'code' &&
      p.subject.type === 'code' &&
      e.subject.classification === p.subject.classification &&
      e.subject.code !== p.subject.code &&
      e.subject.code.startsWith(p.subject.code);
    const outermost = containing.filter((e) => !(e.name.startsWith('其他') && containing.some((p) => under(e, p))));
    if (outermost.length) return outermost;
  }
  if (exact.length) return pick(exact.filter((e) => e.name.length === Math.max(...exact.map((x) => x.name.length))));
  // the report's total named by an everyday word, without what the measure needs (a budget): that total, so the answer
  // says what is missing (报告中没有…的预算数), not the help text
  return wholes;
}

/**
 * Names of 4 characters or more written with one character wrong, longer than any name the text holds as written
 * (信息画建设 → 信息化建设; not 公用经费 when 公用经费 is written).
 */
function nearMiss(text: string, catalog: Entry[]): { entry: Entry; written: string }[] {
  const longest = Math.max(
    0,
    ...entriesIn(catalog, text)
      .filter((e) => occurs(text, e.name))
      .map((e) => e.name.length),
  );
  const out: { entry: Entry; written: string }[] = [];
  const seen = new Set<string>();
  for (const e of entriesIn(catalog, text, true)) {
    // printed 科目 names only: the everyday words are short and many (接待费用 is no typo of 接待费花)
    if (
      e.subject.type !== 'code' ||
      e.name.length < 4 ||
      e.name.length < longest + 2 ||
      e.name.length > text.length ||
      isCode(e.name)
    )
      continue;
    // one character wrong or added leaves one half of the name as written
    const half = e.name.length >> 1;
    if (!text.includes(e.name.slice(0, half)) && !text.includes(e.name.slice(half))) continue;
    // (a four-character name too when what is written whole is two characters at most: 绩笑工资 is no 工资 question)
    const substitution = e.name.length >= 5 ? e.name.length >= longest + 3 : longest <= 2 && e.name === e.subject.name;
    for (let i = 0; i + e.name.length <= text.length; i++) {
      const written = text.slice(i, i + e.name.length);
      if (substitution && oneOff(written, e.name) && !seen.has(subjectKey(e.subject))) {
        seen.add(subjectKey(e.subject));
        out.push({ entry: e, written });
        break;
      }
      // one character too many (留学生教育 for 留学教育)
      const longer = text.slice(i, i + e.name.length + 1);
      if (
        longer.length > e.name.length &&
        [...longer].some((_, j) => longer.slice(0, j) + longer.slice(j + 1) === e.name) &&
        !seen.has(subjectKey(e.subject))
      ) {
        seen.add(subjectKey(e.subject));
        out.push({ entry: e, written: longer });
        break;
      }
    }
  }
  return out.sort((a, b) => b.entry.name.length - a.entry.name.length);
}

const isParent = (p: Entry, e: Entry) =>
  p.subject.type === 'code' &&
  e.subject.type === 'code' &&
  p.subject.classification === e.subject.classification &&
  e.subject.code.length > p.subject.code.length &&
  e.subject.code.startsWith(p.subject.code) &&
  !isCode(p.name) &&
  !isCode(e.name) &&
  !p.name.includes(e.name) &&
  !e.name.includes(p.name);

/** The chat's unit as stored: by its name, an alias or another way unitByName reads (several fitting: none). */
export const scopedUnit = (unit: string, dir: Directory): string | null => {
  const found = unitByName(unit, dir);
  return found && 'unit' in found ? found.unit : null;
};

/**
 * The units whose reports a question may read, to be loaded before it is parsed: those it names (by name, alias or
 * shortening), the chat's unit, and the only unit of a store that has one.
 */
export function unitsToLoad(raw: string, scope: { dir: Directory; unit?: string | null }): string[] {
  const text = normalize(raw);
  const { dir } = scope;
  const out = new Set<string>([...namedUnits(text, dir), ...unitsNamed(text, dir).units]);
  for (const a of unitsNamed(text, dir).ambiguous) for (const u of a.units) out.add(u);
  const scoped = scope.unit ? scopedUnit(scope.unit, dir) : null;
  if (scoped) out.add(scoped);
  if (dir.units.length === 1) out.add(dir.units[0]);
  const regional = soleUnitOfRegion(text, dir);
  if (regional) out.add(regional);
  return [...out];
}

/** Whether the text names anything the reports hold, so that asking "which unit?" makes sense. */
function looksFinancial(text: string, dir: Directory): boolean {
  if (
    measureOf(text) ||
    /公开\s*0?[1-9]\s*表|绩效|结构|构成/.test(text) ||
    ALL_TABLES.test(text) ||
    TABLE_WORDS.some(([re]) => re.test(text))
  )
    return true;
  if (AGG_ENTRIES.some((e) => text.includes(e.name))) return true;
  return entriesIn(dir.names, text).some((e) => text.includes(e.name));
}

/** 今年/最新 = the latest year in the store for this unit, 去年/上年度 = the one before, 前年 = two before; the answer names the year. */
function relativeYear(text: string, years: number[]): string | null {
  const latest = Math.max(...years);
  if (THIS_YEAR.test(text)) return String(latest);
  if (/前年/.test(text)) return String(latest - 2);
  if (PRIOR_YEAR.test(text) && !/同比/.test(text)) return String(latest - 1);
  return null;
}

const WHOLE_SUBJECT = new Map(
  Object.entries(WHOLE_SUBJECT_WORDS).flatMap(([id, words]) => words.map((w) => [normalize(w), id] as const)),
);
const EVERY_MEASURE_WORD = MEASURE_WORDS.map((m) => new RegExp(m.pattern.source, 'g'));
const RATE_WORDS = MEASURE_WORDS.find((m) => m.measure === 'rate')!.pattern;
const BUDGET_DIFF_WORDS = MEASURE_WORDS.find((m) => m.measure === 'budget_diff')!.pattern;
/** Words for the whole budget that name no subject: 今年, 总体, 整体, 全年, 预算 left after a rate word. */
const OVERALL = /20\d{2}\s*年度?|今年|本年|去年|全年|总体|整体|总的|全部|单位|部门|预算|的|得|了|是|呢/g;

/**
 * The report's total when the question's whole subject, once its measure words (同比, 变化, 占比 …), filler and year
 * are taken away, is an everyday word for it (收入同比变化, 支出是多少): see WHOLE_SUBJECT_WORDS.
 */
function wholeSubject(text: string, catalog: Entry[]): Entry[] {
  const rest = subjectWords(text);
  // 执行率 or 比预算多了多少 with nothing else named: the budget the report rates as a whole, as 预算执行率
  const againstBudget = RATE_WORDS.test(text) || BUDGET_DIFF_WORDS.test(text);
  // 今年比去年多花了多少: what was spent, the words for spending inside the measure word
  const spent = /花|开支/.test(text) ? WHOLE_SUBJECT.get('花') : undefined;
  const id = WHOLE_SUBJECT.get(rest) ?? (rest === '' ? (againstBudget ? WHOLE_SUBJECT.get('预算') : spent) : undefined);
  return id ? catalog.filter((e) => e.subject.type === 'agg' && e.subject.id === id && e.name === normalize(id)) : [];
}

/** Two subjects, the first's figure less the second's asked: A比B多/少多少, A减去B, A和B相差多少. */
const DIFFERENCE =
  /^(.+?)(?:比|较)(.+?)(?:多|少|高|低)(?:出|了)?(?:多少|几|百分之)|^(.+?)(?:和|与|跟)(.+?)[，,]?哪个(?:花得?|用得?|支出)?(?:多|少|高|低|大|小)|^(.+?)(?:减去|减掉|减)(.+?)(?:等于|是|还剩)?(?:多少)?$|^(.+?)(?:和|与|跟)(.+?)(?:相差|差)了?多少/;
/** Words that make such a question one of a subject against its year before or its budget (比上年多多少, 预算和决算差多少). */
const NOT_TWO_SUBJECTS = /上年|去年|上一年|年初(?!结转)|预算|决算|20\d{2}|年度/;

function differenceOf(text: string, view: ReportView): Query | null {
  const m = DIFFERENCE.exec(text);
  if (!m) return null;
  const [a, b] = [m[1] ?? m[3] ?? m[5] ?? m[7], m[2] ?? m[4] ?? m[6] ?? m[8]];
  if (NOT_TWO_SUBJECTS.test(a) || NOT_TWO_SUBJECTS.test(b)) return null;
  const has = (s: Subject) => finalOf(view, s) !== null;
  // 采购里服务比货物多多少: both are parts of the whole named first (政府采购服务, 政府采购货物)
  const within = /^(.+?)(?:里面|当中|里|中)的?(.+)$/.exec(a);
  const whole = within ? matchSubjects(within[1], buildCatalog(view), has) : [];
  const partOf = (word: string): Entry[] => (whole.length === 1 ? partsNamed(view, whole[0].subject, word, has) : []);
  const [firsts, seconds] =
    within && partOf(within[2]).length === 1 && partOf(b).length === 1
      ? [partOf(within[2]), partOf(b)]
      : [a, b].map((t) => matchSubjects(t, buildCatalog(view), has));
  // 住房公积金比购房补贴多多少: a name two 科目 share (2210201 and 30113) is the one of the other's classification
  const classOf = (e: Entry) => (e.subject.type === 'code' ? e.subject.classification : 'agg');
  const pairs = firsts.flatMap((x) => seconds.filter((y) => classOf(x) === classOf(y)).map((y) => [x, y] as const));
  const [first, second] =
    firsts.length === 1 && seconds.length === 1
      ? [firsts[0], seconds[0]]
      : pairs.length === 1
        ? pairs[0]
        : [null, null];
  if (!first || !second || subjectKey(first.subject) === subjectKey(second.subject)) return null;
  return {
    kind: 'figures',
    reportId: view.reportId,
    subjects: [first.subject, second.subject],
    measure: 'figure',
    sum: false,
    difference: true,
    // 行政运行比事业运行高出百分之几: the difference as a share of the second
    ...(IN_PERCENT.test(text) ? { percent: true as const } : {}),
  };
}

/** 「X里基本、项目各多少」, 「X的基本支出和项目支出」, 「X的项目支出」: X then the columns asked. */
const COLUMNS_ASKED =
  /^(.+?)(?:里面|当中|里|中)?的?(基本支出|项目支出|基本|项目)(?:(?:和|与|及|、|，|,)(基本支出|项目支出|基本|项目))?(?:支出)?(?:各|分别|都)?(?:是|为)?(?:多少|几|有多少|花了多少)?$/;
function columnsAsked(text: string, view: ReportView): Query | null {
  const m = COLUMNS_ASKED.exec(text);
  // 「项目」 alone is a column only beside 「基本」 (项目 is also a word of 项目支出's own name)
  if (!m || (!m[3] && !/支出$/.test(m[2]))) return null;
  // 财政拨款里高等教育的…: the 一般公共预算 table's row
  const scoped = /^(?:一般公共预算|财政拨款)(?:财政)?(?:拨款)?(?:支出)?(?:里面|当中|里|中)的?/.exec(m[1]);
  const named = scoped ? m[1].slice(scoped[0].length) : m[1];
  const found = matchSubjects(named, buildCatalog(view), (s) => finalOf(view, s) !== null);
  const s = found.length === 1 ? found[0].subject : null;
  if (s?.type !== 'code' || s.classification !== 'function') return null;
  const column = (w: string) => (w.startsWith('基本') ? ('basic' as const) : ('project' as const));
  const columns = [...new Set([m[2], ...(m[3] ? [m[3]] : [])].map(column))];
  return {
    kind: 'columns',
    reportId: view.reportId,
    subject: s,
    columns,
    ...(scoped && view.tables.has('general_budget_expense') ? { fund: 'general' as const } : {}),
  };
}

/** A term asked to be explained: 什么是X, X是什么意思, X指什么, X的含义/定义, 名词解释X, 解释一下X. */
const DEFINE =
  /^(?:什么(?:是|叫)|何为|何谓|名词解释|解释一下|解释)(.{2,20}?)$|^(.{2,20}?)(?:是什么意思|什么意思|是指什么|指什么|指的是什么|的含义|的定义|的意思|怎么理解|是啥意思)$/;

/** A part named inside its whole, then its share asked: 政府采购里服务类占多少, 基本支出中人员经费的占比. */
/** 「其他社会工作事务支出在一般公共服务支出里占比多少」: the part, 在, the whole, 里 */
const PART_IN_WHOLE =
  /^(.+?)在(.+?)(?:里面|里头|当中|之中|里|中)的?(?:占比|比重|比例|所占比例|所?占了?(?:多大|多少|几成|百分之几))/;
const PART_INSIDE =
  /^(.+?)(?:里面|里头|当中|之中|里|中)的?(.+?)(?:类|项)?的?(?:占比|比重|比例|所占比例|所?占了?(?:多大|多少|几成|百分之几)的?(?:比重|比例|份额|占比)?)/;

/** What a subject is made of, asked (文化和旅游支出明细, 三公经费的构成, 基本支出包括哪些). */
const PARTS_OF = /(?:的)?(?:明细|构成|组成(?:部分)?|细项|分项|具体(?:构成|内容)?)$|由哪些.{0,4}组成|包括(?:什么|哪些)/;

/**
 * A subject's parts (文化和旅游支出明细): its rows, as 「…有哪些」 lists them. Not the report's own 支出 or 收入 (支出明细
 * is the 支出 breakdown) nor a question without a subject.
 */
function partsOf(text: string, view: ReportView, unitCount: number): Query | null {
  if (!PARTS_OF.test(text)) return null;
  const rest = text.replace(PARTS_OF, '');
  const said = subjectWords(rest);
  if (!said || WHOLE_SUBJECT.has(said)) return null;
  return parseRows(`${rest}有哪些`, view, unitCount);
}

/** A question's words for its subject: without its measure words (同比, 占比 …), filler, year and 决算. */
const subjectWords = (text: string) =>
  EVERY_MEASURE_WORD.reduce((t, re) => t.replace(re, ''), text)
    .replace(FILLER, '')
    .replace(/20\d{2}年?|决算数?|决算额/g, '');

/**
 * Two or more everyday words for whole figures asked together (收入和支出各多少, 一共收入多少，支出多少，结余多少): the
 * text split at list separators and commas, each part such a word by itself (see wholeSubject) or a name of one
 * subject (结余). Null otherwise.
 */
function wholeSubjectList(text: string, catalog: Entry[]): Entry[] | null {
  const parts = text
    .replace(/收入(?=支出(?!总计|合计|总额))/, '收入和') // 收入支出分别是多少: the two words written together (not 收入支出总计)
    .split(/以及|和|与|及|跟|、|，|,|；|;/)
    .map((p) => p.replace(/各|分别|都|一共|总共/g, ''));
  if (parts.length < 2) return null;
  // 年初结转和结余 is one name, not 年初结转 and 结余
  if (catalog.some((e) => /和|与|及|、/.test(e.name) && text.includes(e.name))) return null;
  const found: Entry[] = [];
  let whole = false;
  for (const part of parts) {
    const wholes = wholeSubject(part, catalog);
    whole ||= wholes.length > 0;
    const named = subjectWords(part);
    const [entry, ...more] = wholes.length ? wholes : catalog.filter((e) => e.name === named);
    if (!entry || more.some((e) => subjectKey(e.subject) !== subjectKey(entry.subject))) return null;
    if (!found.some((e) => subjectKey(e.subject) === subjectKey(entry.subject))) found.push(entry);
  }
  // names alone (办公费，印刷费) are severalSubjects' to read
  return found.length >= 2 && whole ? found : null;
}

/** Where the money went (钱主要花在哪, 资金都用到哪里了, 主要用途). */
const WHERE_SPENT =
  /(花|用)(在|到|于)?了?(哪些方面|哪方面|哪些地方|哪些领域|哪里?|哪儿|什么地方|什么方面|何处)|主要用途|(主要|都)用于(哪|什么)|主要(支出|开支)(项目|方向|内容)?(是|有|为)?(什么|哪些|哪几)/;
/** The words such a question may say besides (钱, 资金, 支出, 主要): anything else names a subject. */
const SPENDING_WORDS = /钱|资金|经费|支出|开支|主要|都|全部/g;

/**
 * Every place the name is written, it is part of another name: followed by 结转, 结余 or 结存, or after 其他 or 非 (and
 * the name is not itself one of those).
 */
function namesAnother(text: string, name: string): boolean {
  // 教育收费, 住房收入: a word of spending followed by 收费 or 收入 names an income, not that spending
  const income = !/收入|收费/.test(name);
  const after = !/结转|结余|结存/.test(name);
  const before = !name.startsWith('其他');
  let any = false;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const carried =
      (after && /^(结转|结余|结存)/.test(text.slice(at + name.length))) ||
      (income && /^(收费|收入)/.test(text.slice(at + name.length)));
    const other = before && (text.slice(Math.max(0, at - 2), at) === '其他' || text[at - 1] === '非');
    if (!carried && !other) return false;
    any = true;
  }
  return any;
}

const PER_UNIT = /人均|平均每[人辆台名位个]?|每人|每辆车?|每名|每位|每个人/;
/** 除了办公费, 除去三公以外, 不算行政运行: what a ranking leaves out */
const EXCEPTED =
  /(?:除了?|除去|不算|不含|不包括|去掉|刨去)(.{2,12}?)(?:以外|之外|外|的话|后)?(?=[，,]?(?:哪|剩下|其余|其他|还有|最|前|排))/;
const EXCEPT =
  /除了?(.{2,}?)(?:以外|之外|外)|(.{2,}?)(?:以外|之外)(?:的|$)|(?:不含|不包括|扣除|刨去|去掉)(.{2,}?)(?:后|以外|之外|的|$)/;
const WITHIN = /^(.{2,}?)(?:当中|里面|之中|中|里)的?(.{2,})$/;
/** The wholes the 基本支出 table lists by 经济科目: a 经济科目 within one of them is that 科目's row. */
const ECONOMIC_WHOLES = new Set(['基本支出', '人员经费', '公用经费']);

/**
 * 「A中的B」: B's entry when the report lists B within A (a 经济科目 in 基本支出, 人员经费 or 公用经费, a fixed measure
 * in the one holding it (MEASURE_PARTS), or a 科目 under its parent 科目); `ask` with B and A when it cannot (项目支出中的办公费: the 办公费
 * printed is 基本支出's); null otherwise (not two names so joined, or a relation read as before).
 */
function withinPart(
  wholeText: string,
  partText: string,
  catalog: Entry[],
  usable: (s: Subject) => boolean,
): { found: Entry[]; whole: Entry } | { ask: Entry[] } | null {
  const whole = matchSubjects(wholeText, catalog, () => true);
  const part = matchSubjects(partText, catalog, usable);
  if (whole.length !== 1 || part.length === 0) return null;
  const w = whole[0].subject;
  if (part.some((e) => subjectKey(e.subject) === subjectKey(w))) return null;
  const inside = (s: Subject) =>
    s.type === 'code'
      ? (w.type === 'agg' && ECONOMIC_WHOLES.has(w.id) && s.classification === 'economic') ||
        (w.type === 'code' &&
          w.classification === s.classification &&
          s.code.length > w.code.length &&
          s.code.startsWith(w.code))
      : w.type === 'agg' && (MEASURE_PARTS[w.id] ?? []).includes(s.id);
  if (part.every((e) => inside(e.subject))) return { found: part, whole: whole[0] };
  // the 经济科目 a report prints are its 基本支出's: 项目支出 by 经济科目 is not published in the nine tables
  const economic = part.every((e) => e.subject.type === 'code' && e.subject.classification === 'economic');
  return w.type === 'agg' && w.id === '项目支出' && economic ? { ask: [...part.slice(0, 4), whole[0]] } : null;
}

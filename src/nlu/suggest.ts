import type { Query } from '../query/query.js';
import type { ReportView } from '../query/report-view.js';
import { budgetOf, statesAnyBudget } from '../query/measures.js';
import { ECONOMIC_SUBJECTS } from '../ingest/economic-subjects.js';
import { type Entry, subjectKey } from './catalog.js';
import { FILLER, MEASURE_WORDS, MONEY_WORDS } from './lexicon.js';
import { candidateOf } from './candidates.js';

// pairs in a great many names (经费, 支出) say nothing about which name is meant
const GENERIC_PAIRS = new Set(['经费', '支出', '费用', '收入', '预算', '决算', '其他', '单位', '事业', '管理', '行政']);
const bigrams = (s: string) =>
  new Set(
    [...s]
      .slice(0, -1)
      .map((c, i) => c + s[i + 1])
      .filter((b) => !GENERIC_PAIRS.has(b)),
  );
// characters in nearly every subject name say nothing about which one is meant
const COMMON = new Set([...'支出费用经的其他']);

/** How near a subject name is to what was asked: shared character pairs count most, then shared characters. */
function nearness(asked: string, name: string, pairs: Set<string>): number {
  // nothing in common but the generic characters: not near
  let any = false;
  for (const c of name)
    if (!COMMON.has(c) && asked.includes(c)) {
      any = true;
      break;
    }
  if (!any) return 0;
  // one character wrong (办工费 for 办公费): the nearest there is, when what is right is more than the generic words
  // two characters, one of them right in place (水休 → 水费, 水体): only where nothing nearer is found
  if (
    asked.length === 2 &&
    name.length === 2 &&
    (asked[0] === name[0] || asked[1] === name[1]) &&
    !COMMON.has(asked[0] === name[0] ? asked[0] : asked[1])
  )
    return 3;
  const kept = (part: string) => [...new Set(part)].filter((c) => !COMMON.has(c) && name.includes(c)).length;
  if (name.length >= 3) {
    for (let i = 0; i + name.length <= asked.length; i++) {
      const part = asked.slice(i, i + name.length);
      if (oneOff(part, name) && kept(part) >= (name.length === 3 ? 1 : 2)) return 100 + name.length;
    }
  }
  const shared = [...bigrams(name)].filter((b) => pairs.has(b)).length;
  const chars = [...new Set(name)].filter((c) => !COMMON.has(c) && asked.includes(c)).length;
  const meaningful = [...new Set(asked)].filter((c) => !COMMON.has(c)).length;
  if (shared === 0 && (chars < 2 || chars < meaningful * 0.6)) return 0;
  return shared * 2 + chars;
}

/** Same length, at most one character different. */
export const oneOff = (a: string, b: string): boolean =>
  a.length === b.length && [...a].filter((c, i) => c !== b[i]).length <= 1;

/**
 * Nothing named that the report has: did-you-mean, with the nearest subjects of the report (by characters shared, codes,
 * everyday words) as candidates. A question about money that is near nothing gets the report's main subjects; only chat
 * that is not about money gets the help text.
 */
/** The standard 经济科目 names, brackets left out (维修费 for 维修（护）费). */
const ECONOMIC_NAMES = new Map(
  Object.values(ECONOMIC_SUBJECTS).map((n) => [n.replace(/[（(][^）)]*[)）]/g, ''), n] as const),
);

/** 经济科目 names that are also 功能科目 项 names (2210201 住房公积金, 2210202 提租补贴, 2210203 购房补贴). */
const FUNCTION_NAMES_TOO = new Set(['住房公积金', '提租补贴', '购房补贴']);

/** The people of a unit asked (编制多少人, 在职人数, 多少个职工): what a 决算 does not give (only some 说明 state it). */
export const HEADCOUNT = /编制|在职|人数|职工|员工|工作人员|干部|多少人|几个人|几人/;
/** A number asked (多少个, 几个, 多少): of something not money, when nothing the report has is named. */
const COUNT_ASKED = /多少|几个|几家|几所|几名/;

export function suggest(text: string, view: ReportView, catalog: Entry[], word: string): Query {
  const asked = MEASURE_WORDS.reduce((t, m) => t.replace(m.pattern, ''), text)
    .replace(FILLER, '')
    .replace(/20\d{2}年?/g, '');
  // a budget asked of nothing the report budgets as a whole (今年年初预算安排了多少 of a 说明 of 决算数 only): said so,
  // with the budgets it does state, nothing offered in its place
  const whole = (id: string) => budgetOf(view, { type: 'agg', id, name: id }) !== null;
  if (/预算/.test(text) && !whole('一般公共预算财政拨款支出') && !whole('本年支出合计')) {
    const budgeted = [
      ...new Set(view.facts.filter((f) => /^budget_(initial|full)$/.test(f.measure)).map((f) => f.subject)),
    ];
    return {
      kind: 'no_data',
      message: statesAnyBudget(view)
        ? `${view.unitName} ${view.year}年度报告没有列出单位总的预算数；列出预算数的只有：${budgeted.slice(0, 6).join('、')}。`
        : `${view.unitName} ${view.year}年度报告没有列出任何预算数（只有决算数）。`,
      available: [],
    };
  }
  // a standard 经济科目 the report does not print (办公费 in a 说明 published without its tables): said to be missing
  // (not a name the 功能分类 has too: 住房公积金 is 2210201 as well)
  // (the name with what is said around it: 差旅费花了, 会议费用了)
  const bare = asked.replace(/[（(][^）)]*[)）]/g, '');
  const economic =
    ECONOMIC_NAMES.get(bare) ??
    [...ECONOMIC_NAMES].find(
      ([n]) => bare.includes(n) && !bare.replace(n, '').replace(/花了?|用了?|支出|总共|一共|共/g, ''),
    )?.[1];
  if (economic && !view.tables.has('basic_expense') && !FUNCTION_NAMES_TOO.has(economic))
    return {
      kind: 'no_data',
      message: `报告中没有“${economic}”的数据：${view.unitName} ${view.year}年度报告没有基本支出决算表（经济分类科目明细）。`,
      available: [],
    };
  // 情况怎么样: a question that names nothing gets the report's main figures to choose from
  if (asked.length < 2)
    return /怎么样|如何|多少|吗|[？?]|咋样/.test(text) ? mainSubjects(text, view, catalog, word) : { kind: 'unknown' };
  // 单位编制多少人, 在职一共多少人: a number the report does not give is said to be missing, not answered with help
  if (HEADCOUNT.test(text))
    return {
      kind: 'no_data',
      message: `${view.unitName} ${view.year}年度报告中没有人员编制或在职人数的数据。`,
      available: [],
    };
  const byKey = new Map<string, { e: Entry; score: number }>();
  const pairs = bigrams(asked);
  for (const e of catalog) {
    if (/^\d+$/.test(e.name)) continue;
    const score = nearness(asked, e.name, pairs);
    const key = subjectKey(e.subject);
    if (score > (byKey.get(key)?.score ?? 0)) byKey.set(key, { e, score });
  }
  const near = [...byKey.values()].sort((a, b) => b.score - a.score || a.e.name.length - b.e.name.length).slice(0, 5);
  if (near.length) {
    return {
      kind: 'clarify',
      message: `报告中没有找到“${asked}”，您是不是要问：`,
      candidates: near.map(({ e }) => candidateOf(e, view, word)),
    };
  }
  if (!MONEY_WORDS.test(asked))
    return COUNT_ASKED.test(text)
      ? { kind: 'no_data', message: `${view.unitName} ${view.year}年度报告中没有“${asked}”的数据。`, available: [] }
      : { kind: 'unknown' };
  return mainSubjects(asked, view, catalog, word);
}

function mainSubjects(asked: string, view: ReportView, catalog: Entry[], word: string): Query {
  const main = catalog.filter(
    (e) =>
      (e.subject.type === 'agg' &&
        ['本年支出合计', '基本支出', '项目支出', '三公经费'].includes(e.subject.id) &&
        e.name === e.subject.id) ||
      (e.subject.type === 'code' &&
        e.subject.classification === 'function' &&
        e.subject.code.length === 3 &&
        e.name === e.subject.name),
  );
  return {
    kind: 'clarify',
    message:
      asked.length >= 2 ? `报告中没有找到“${asked}”。报告中的主要支出有：` : '请问要查哪一项？报告中的主要支出有：',
    candidates: main.slice(0, 8).map((e) => candidateOf(e, view, word)),
  };
}

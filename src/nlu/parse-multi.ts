import type { Query, Subject } from '../query/query.js';
import type { Directory } from '../query/directory.js';
import { SMALL_NUMBER, numberOf } from '../ingest/tokens.js';
import { itemsIn, pairIndex } from './pair-index.js';
import { mentionsUnitName, regionNames, unknownUnitIn, withoutUnit } from './units.js';
import { KIND_WORDS, unitKindIn } from '../query/unit-kinds.js';
import { rowFilterIn } from './rows.js';

const N = SMALL_NUMBER;
/** 各街道, 所有镇: a kind of unit ranged over (see unit-kinds.ts) */
const EACH_KIND = `(?:各|每个|所有|全部)(?:${KIND_WORDS})`;
// 前3名, 前两名 (not 前两年), 后3名, 倒数第一, 排名第一
const RANK = new RegExp(
  `排名|排行|排序|最多|最少|最高|最低|最大|最小|倒数|前\\s*${N}\\s*(名|个|位)?(?!\\s*年)|后\\s*${N}\\s*(名|个|位)|第\\s*${N}\\s*名|各单位|每个单位|所有单位|${EACH_KIND}`,
);
/** A share asked (A占B的比重, A的占比): its part, and its whole when named. */
const SHARE_OF = /([^，,]*?)占([^，,]*?)(?:的)?(?:比重|比例|占比|百分比|份额)|([^，,]*?)(?:的)?(?:占比|比重)/;
const TOTAL = /全区|全县|全市|全部单位|所有单位.{0,4}(合计|总共|一共)|各单位.{0,4}(合计|总共|一共)|(合计|总共|一共)/;
// 2022-2024, 2022年至2024年, and two years named together (2023年和2024年): the years between them too
const TREND =
  /近\s*([2-9两三四五])\s*年|历年|逐年|趋势|(20\d{2})\s*(?:年度?)?\s*(?:[-—~至到]|和|与|跟|及|、)\s*(20\d{2})(?!\d)/;
const COMPARE = /对比|比较|和|与|跟|同|相比|比/;
/** Units asked for as a set (哪些单位, 有几个街道, …的单位): with a line to pass, which of them pass it. */
const UNITS_ASKED = new RegExp(
  `(?:哪些|哪几个|哪几家|几个|多少个|多少家)(?:单位|部门|${KIND_WORDS})|的(?:单位|部门|${KIND_WORDS})(?:有哪些|是哪些|有几个|有多少个?)?$`,
);
/** The one unit (of a kind) at the top or the bottom: 最多的单位, 哪个街道…最少. */
const SINGLE = new RegExp(`最(多|少|高|低|大|小)的?(单位|${KIND_WORDS})|哪(个|家)(单位|${KIND_WORDS}).{0,6}最`);

// per directory: sorting every unit name on every question is what a large store cannot afford
const namesCache = new WeakMap<
  Directory,
  { all: { n: string; unit: string }[]; inText: (text: string) => { n: string; unit: string }[] }
>();
const unitNames = (dir: Directory) => {
  let names = namesCache.get(dir);
  if (!names) {
    const all = dir.reports
      .flatMap((v) => [v.unitName, ...v.aliases].map((n) => ({ n, unit: v.unitName })))
      .filter((x) => x.n.length >= 2)
      .sort((a, b) => b.n.length - a.n.length);
    const index = pairIndex(all, (x) => x.n.slice(0, 2));
    namesCache.set(
      dir,
      (names = { all, inText: (text) => itemsIn(text, index).sort((a, b) => b.n.length - a.n.length) }),
    );
  }
  return names;
};

/**
 * Units named in the text in the order named (财政局比社会工作部… keeps 财政局 first), longest names matched first so
 * 财政局 inside 上海市普陀区财政局 counts once; a short name several units share is ambiguous.
 */
export function unitsNamed(
  text: string,
  dir: Directory,
): { units: string[]; ambiguous: { name: string; units: string[] }[] } {
  const names = unitNames(dir).inText(text);
  let rest = text;
  const found: { name: string; owners: string[]; at: number }[] = [];
  for (const { n } of names) {
    const at = rest.indexOf(n);
    if (at < 0 || found.some((f) => f.name === n) || !mentionsUnitName(text, n, dir)) continue;
    const owners = [...new Set(names.filter((x) => x.n === n).map((x) => x.unit))];
    found.push({ name: n, owners, at });
    // same length, so later positions still index the text
    rest = rest.split(n).join('\u0000'.repeat(n.length));
  }
  found.sort((a, b) => a.at - b.at);
  const units = [...new Set(found.filter((f) => f.owners.length === 1).map((f) => f.owners[0]))];
  return { units, ambiguous: found.filter((f) => f.owners.length > 1).map((f) => ({ name: f.name, units: f.owners })) };
}

/**
 * The region a question is about: one it names (普陀区, 阳谷县), or for 全区/全县 the one region of that level loaded;
 * `choices` when 全区/全县 fits several.
 */
function regionFor(text: string, dir: Directory): { region: string | null; choices: string[] } {
  const regions = dir.regions;
  const named = regions.filter((r) => regionNames(r).some((n) => text.includes(n)));
  if (named.length === 1) return { region: named[0], choices: [] };
  const level = /全区/.test(text) ? '区' : /全县/.test(text) ? '县' : /全市/.test(text) ? '市' : null;
  const fit = level ? regions.filter((r) => r.endsWith(level)) : [];
  return fit.length === 1
    ? { region: fit[0], choices: [] }
    : { region: null, choices: fit.length > 1 && named.length === 0 ? fit : [] };
}

const yearIn = (text: string) => {
  const y = /(20\d{2})\s*年/.exec(text)?.[1];
  return y ? Number(y) : null;
};
const count = (x: string | undefined) => (x ? numberOf(x) : null);

/** Questions across units or years: rank, compare, total, trend. Null when the question is about one report. */
export function parseMulti(text: string, dir: Directory, scopeUnit: string | null): Query | null {
  const named = unitsNamed(text, dir);
  const rank = RANK.test(text);
  const compare = named.units.length + named.ambiguous.length >= 2 && COMPARE.test(text);
  const trendMatch = TREND.exec(text);
  const total =
    TOTAL.test(text) &&
    named.units.length === 0 &&
    named.ambiguous.length === 0 &&
    (/全区|全县|全市|各单位|所有单位|全部单位/.test(text) || unitKindIn(text) !== null);
  const line = UNITS_ASKED.test(text) && named.units.length === 0 ? rowFilterIn(text) : null;
  const threshold =
    line?.type === 'amount'
      ? { metric: 'final' as const, op: line.op, value: line.wan }
      : line?.type === 'rate'
        ? { metric: 'rate' as const, op: line.op, value: line.percent }
        : line?.type === 'zero'
          ? { metric: 'final' as const, op: 'le' as const, value: '0' }
          : null;
  if (!rank && !compare && !trendMatch && !total && !threshold) return null;
  // the subject is looked for with the units' names taken out (文旅局支出 names 支出, not 文旅 …), as for one unit
  const unitsOut = [...named.units, ...named.ambiguous.flatMap((a) => a.units)].reduce(
    (t, unit) => withoutUnit(t, unit, dir),
    text,
  );
  const subject = subjectFor(unitsOut, dir, named.units.length + named.ambiguous.length > 0 && !trendMatch && !compare);
  if (!subject) return null;
  // 各单位人员经费占基本支出比重排名: a share is not ranked across units; never a ranking of one of its two figures
  const share = (rank || threshold) && named.units.length === 0 ? SHARE_OF.exec(unitsOut) : null;
  if (share) {
    const [part, whole] = [share[1] ?? share[3], share[2] ?? ''].map(
      (t) => dir.names.find((e) => t && t.includes(e.name))?.subject.name,
    );
    const asks = [part, whole].flatMap((n) => (n ? [`各单位${n}排名`] : []));
    return {
      kind: 'clarify',
      message: `各单位之间暂不按占比排名。可以分别排名${part && whole ? '，或问某个单位的占比' : ''}：`,
      candidates: asks.map((q) => ({ label: q, code: null, value: null, question: q })),
    };
  }
  // 哪些单位三公经费超过20万, 执行率低于80%的街道: the units past the line, in order
  if (threshold) {
    const { region } = regionFor(text, dir);
    const { metric, op, value } = threshold;
    const order = op === 'gt' || op === 'ge' ? ('desc' as const) : ('asc' as const);
    const unitKind = unitKindIn(text);
    return {
      kind: 'rank',
      subject,
      metric,
      order,
      limit: null,
      year: yearIn(text),
      region,
      unitKind,
      threshold: { op, value },
    };
  }
  // a short name several units share (two 财政局): ask which before comparing or tracing one of them
  if ((compare || (trendMatch && named.units.length === 0)) && named.ambiguous.length) {
    const { name, units } = named.ambiguous[0];
    return {
      kind: 'clarify',
      message: `“${name}”对应多个单位，请问是哪一个？`,
      candidates: units.map((u) => ({ label: u, code: null, value: null, question: text.split(name).join(u) })),
    };
  }
  const metric = /执行率|完成率/.test(text) ? ('rate' as const) : ('final' as const);
  if (compare) return { kind: 'compare', units: named.units, subject, metric, year: yearIn(text) };
  if (trendMatch) {
    // a unit the store does not hold (近两年澜城乡…) is never traced with the chat's unit: the question is left to say so
    const unit = named.units[0] ?? (unknownUnitIn(text, dir) ? null : scopeUnit);
    if (!unit) return null;
    const years = dir.reports
      .filter((v) => v.unitName === unit)
      .map((v) => v.year)
      .sort();
    const last = years[years.length - 1] ?? new Date().getFullYear();
    const span = trendMatch[1] ? numberOf(trendMatch[1]) : null;
    const named2 = trendMatch[2] ? [Number(trendMatch[2]), Number(trendMatch[3])].sort((a, b) => a - b) : null;
    const from = named2 ? named2[0] : span ? last - span + 1 : (years[0] ?? last);
    const to = named2 ? named2[1] : last;
    return { kind: 'trend', unit, subject, metric, from, to };
  }
  const { region, choices } = regionFor(text, dir);
  if (choices.length) {
    const word = /全[区县市]/.exec(text)![0];
    return {
      kind: 'clarify',
      message: `库中有多个${word.slice(1)}的单位，请问是哪个${word.slice(1)}？`,
      candidates: choices.map((r) => ({
        label: r,
        code: null,
        value: null,
        question: text.replace(word, `${r}${word}`),
      })),
    };
  }
  const unitKind = unitKindIn(text);
  if (total) return { kind: 'total', subject, year: yearIn(text), region, unitKind };
  const top = count(new RegExp(`前\\s*${N}(?!\\s*年)`).exec(text)?.[1]);
  const bottom = count(new RegExp(`(?:倒数|后)\\s*(?:第\\s*)?${N}`).exec(text)?.[1]);
  const nth = count(new RegExp(`(?:排名|排|名列)\\s*第\\s*${N}|第\\s*${N}\\s*名`).exec(text)?.slice(1).find(Boolean));
  const single = SINGLE.test(text) && !top;
  const order = /最少|最低|最小|倒数|升序/.test(text) || bottom !== null ? ('asc' as const) : ('desc' as const);
  const limit = single ? 1 : (top ?? bottom ?? nth);
  const limited = limit && limit > 0 ? limit : null;
  return { kind: 'rank', subject, metric, order, limit: limited, year: yearIn(text), region, unitKind };
}

/** The subject by longest name over all reports (cross-unit questions name no single report), when some report has it. */
function subjectFor(text: string, dir: Directory, unitNamed: boolean): Subject | null {
  const best = dir.names.find((e) => text.includes(e.name));
  if (best) return dir.hasFigures(best.subject) ? best.subject : null;
  // 哪个街道支出最多, 各单位收入排名, 东庠乡近两年支出: with nothing else named, the everyday word for a report's total —
  // not in a ranking with a unit named (石泉路街道最大的一笔支出 is about that unit's own rows)
  if (unitNamed) return null;
  const id = /支出|开支|花钱|花的钱|花了/.test(text) ? '本年支出合计' : /收入/.test(text) ? '本年收入合计' : null;
  const total: Subject | null = id ? { type: 'agg', id, name: id } : null;
  return total && dir.hasFigures(total) ? total : null;
}

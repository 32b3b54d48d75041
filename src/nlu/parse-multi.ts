import type { Query } from '../query/query.js';
import type { ReportView } from '../query/report-view.js';
import { budgetOf, finalOf } from '../query/measures.js';
import { buildCatalog } from './catalog.js';
import { mentionsUnitName } from './units.js';

const RANK = /排名|排行|排序|最多|最少|最高|最低|最大|最小|前\s*(\d+|[一二三四五六七八九十])\s*(名|个|位)?|各单位|每个单位|所有单位/;
const TOTAL = /全区|全县|全市|全部单位|所有单位.{0,4}(合计|总共|一共)|各单位.{0,4}(合计|总共|一共)|(合计|总共|一共)/;
const TREND = /近\s*([2-9两三四五])\s*年|历年|逐年|趋势|(20\d{2})\s*[-—~至到]\s*(20\d{2})/;
const COMPARE = /对比|比较|和|与|跟|同|相比|比/;
const CN: Record<string, number> = { 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 一: 1 };

// per loaded set of views: sorting every unit name on every question is what a large library cannot afford
const namesCache = new WeakMap<ReportView[], { n: string; unit: string }[]>();
const unitNames = (views: ReportView[]) => {
  let names = namesCache.get(views);
  if (!names) namesCache.set(views, (names = views.flatMap((v) => [v.unitName, ...v.aliases].map((n) => ({ n, unit: v.unitName }))).filter((x) => x.n.length >= 2).sort((a, b) => b.n.length - a.n.length)));
  return names;
};

/** Units named in the text, longest names first so 财政局 inside 上海市普陀区财政局 counts once. */
export function unitsNamed(text: string, views: ReportView[]): { units: string[]; ambiguous: string[][] } {
  const names = unitNames(views);
  let rest = text;
  const found: string[][] = [];
  for (const { n } of names) {
    if (!rest.includes(n) || !mentionsUnitName(text, n, views)) continue;
    const owners = [...new Set(names.filter((x) => x.n === n).map((x) => x.unit))];
    found.push(owners);
    rest = rest.split(n).join('\u0000');
  }
  const units = [...new Set(found.filter((o) => o.length === 1).map((o) => o[0]))];
  return { units, ambiguous: found.filter((o) => o.length > 1) };
}

/** Questions across units or years: rank, compare, total, trend. Null when the question is about one report. */
export function parseMulti(text: string, views: ReportView[], scopeUnit: string | null): Query | null {
  const named = unitsNamed(text, views);
  const rank = RANK.test(text);
  const compare = named.units.length >= 2 && COMPARE.test(text);
  const trendMatch = TREND.exec(text);
  const total = TOTAL.test(text) && named.units.length === 0 && /全区|全县|全市|各单位|所有单位|全部单位/.test(text);
  if (!rank && !compare && !trendMatch && !total) return null;
  const subject = subjectFor(text, views);
  if (!subject) return null;
  const metric = /执行率|完成率/.test(text) ? 'rate' as const : 'final' as const;
  if (compare) return { kind: 'compare', units: named.units, subject, metric };
  if (trendMatch) {
    const unit = named.units[0] ?? scopeUnit;
    if (!unit) return null;
    const years = views.filter((v) => v.unitName === unit).map((v) => v.year).sort();
    const last = years[years.length - 1] ?? new Date().getFullYear();
    const span = trendMatch[1] ? (CN[trendMatch[1]] ?? Number(trendMatch[1])) : null;
    const from = trendMatch[2] ? Number(trendMatch[2]) : span ? last - span + 1 : years[0] ?? last;
    const to = trendMatch[3] ? Number(trendMatch[3]) : last;
    return { kind: 'trend', unit, subject, metric, from, to };
  }
  if (total) {
    const y = /(20\d{2})\s*年/.exec(text)?.[1];
    return { kind: 'total', subject, year: y ? Number(y) : null };
  }
  const top = /前\s*(\d+|[一二三四五六七八九十])/.exec(text)?.[1];
  const single = /最(多|少|高|低|大|小)的?单位|哪个单位.{0,6}最/.test(text) && !top;
  return { kind: 'rank', subject, metric, order: /最少|最低|最小|倒数|升序/.test(text) ? 'asc' : 'desc', limit: single ? 1 : top ? (CN[top] ?? Number(top)) : null };
}

/** The subject by longest name over all loaded reports (cross-unit questions name no single report). */
function subjectFor(text: string, views: ReportView[]) {
  let best: { name: string; subject: ReturnType<typeof buildCatalog>[number]['subject'] } | null = null;
  for (const v of views) for (const e of buildCatalog(v)) {
    if (e.name.length < 2 || !text.includes(e.name)) continue;
    if (!best || e.name.length > best.name.length) best = e;
  }
  if (!best) return null;
  const s = best.subject;
  // a report-specific code is compared by code; the measures work per view
  return views.some((v) => finalOf(v, s) || budgetOf(v, s)) ? s : null;
}

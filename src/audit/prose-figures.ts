import type { Fact, Finding, ReportDraft } from '../ingest/types.js';
import type { Figure } from './across-tables.js';
import { finding } from './context.js';
import { BUDGET, dedupe, finalFigures, printedFacts, proseWhere, subjectName } from './prose-context.js';
import { dec, decimalsOf, judge, money, roundHalfUp, roundingBand } from './tolerance.js';

const MEASURE_NAME: Record<string, string> = {
  final: '决算数',
  budget_initial: '年初预算数',
  budget_full: '全年预算数',
};

/** Prose figure vs the table figure: equal → nothing; the prose rounding the table figure to fewer decimals → 尾数; else the single-figure band. */
function compareProse(rule: string, fact: Fact, figures: Figure[]): Finding | null {
  if (figures.length === 0) return null;
  const actual = dec(fact.value);
  if (figures.some((f) => f.value.eq(actual))) return null;
  const fig = figures[0];
  const k = decimalsOf(fact.value);
  // a table in 元 printed to the cent: the prose's 万元 figure to two decimals is that figure, rounded as published
  if (k >= 2 && fig.value.decimalPlaces() > k && roundHalfUp(fig.value, k).eq(actual)) return null;
  const lead = `文字说明称${subjectName(fact.subject)}${MEASURE_NAME[fact.measure] ?? ''}为${fact.value}万元，${fig.text}`;
  const location = `${proseWhere(fact)}；${fig.location}`;
  if (k < 2 && roundHalfUp(fig.value, k).eq(actual)) {
    return finding(rule, 'rounding', `${lead}；文字按${k}位小数取整，属尾数误差`, fig.value, actual, location);
  }
  const verdict = judge(fig.value, actual, 1);
  if (verdict === 'equal') return null;
  const diff = money(actual.minus(fig.value).abs());
  const tail =
    verdict === 'rounding'
      ? `相差${diff}万元，在尾数误差允许范围（±${roundingBand(1).toFixed()}万元）以内`
      : `相差${diff}万元，文字与表格不一致`;
  return finding(rule, verdict, `${lead}，${tail}`, fig.value, actual, location);
}

/** Rule 7a: prose figures (决算数, 三公 年初预算数) against the tables. */
export function proseFigures(draft: ReportDraft): Finding[] {
  const out: Finding[] = [];
  for (const f of dedupe(printedFacts(draft).filter((x) => x.unit === '万元'))) {
    let figures: Figure[] = [];
    if (f.measure === 'final') figures = finalFigures(draft, f.subject);
    else if (f.measure === 'budget_initial' && BUDGET[f.subject])
      figures = [BUDGET[f.subject](draft)].filter((x): x is Figure => !!x);
    const r = compareProse('prose.figure', f, figures);
    if (r) out.push(r);
  }
  return out;
}

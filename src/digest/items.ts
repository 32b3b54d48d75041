import type { Decimal } from 'decimal.js';
import { budgetOf, type Budget } from '../query/measures.js';
import type { ReportView } from '../query/report-view.js';
import { tableRows } from '../query/report-view.js';
import { fmt, pct } from '../render/format.js';
import { cite, ratio } from './figures.js';

export interface FlaggedItem {
  code: string;
  name: string;
  budget: Budget;
  /** null when the budget is 0: spending with no budget */
  rate: Decimal | null;
  flag: 'low' | 'high' | 'unbudgeted';
}

/** 项级科目 the prose gives a budget for, in table order. */
function proseItems(v: ReportView): { code: string; name: string }[] {
  const codes = new Set<string>();
  for (const f of v.facts) {
    const code = v.factCode.get(f);
    if (code && code.length === 7 && (f.measure === 'budget_initial' || f.measure === 'budget_full')) codes.add(code);
  }
  const rows = [...tableRows(v, 'general_budget_expense'), ...tableRows(v, 'expense'), ...tableRows(v, 'gov_fund')];
  const name = (code: string) => rows.find((r) => r.code === code)?.name ?? code;
  return [...codes].sort().map((code) => ({ code, name: name(code) }));
}

/** Items whose 执行率 is below `low` or above `high` percent, and items spent with a zero budget. */
export function flaggedItems(v: ReportView, low: Decimal, high: Decimal): { checked: number; flagged: FlaggedItem[] } {
  let checked = 0;
  const flagged: FlaggedItem[] = [];
  for (const { code, name } of proseItems(v)) {
    const budget = budgetOf(v, { type: 'code', code, classification: 'function', name });
    if (!budget) continue;
    checked++;
    if (budget.value.isZero()) {
      if (!budget.final.value.isZero()) flagged.push({ code, name, budget, rate: null, flag: 'unbudgeted' });
      continue;
    }
    const rate = ratio(budget.final.value, budget.value);
    if (rate.lt(low)) flagged.push({ code, name, budget, rate, flag: 'low' });
    else if (rate.gt(high)) flagged.push({ code, name, budget, rate, flag: 'high' });
  }
  return { checked, flagged };
}

export function itemLine(item: FlaggedItem, low: Decimal, high: Decimal): string {
  const b = item.budget;
  const what = item.rate
    ? `执行率 ${pct(item.rate)}（${item.flag === 'low' ? `低于${low.toString()}%` : `高于${high.toString()}%`}）`
    : `${b.base}为0，决算 ${fmt(b.final.value)} 万元`;
  const calc = item.rate ? `：决算 ${fmt(b.final.value)} ÷ ${b.base} ${fmt(b.value)} 万元` : '';
  const basis = [...new Set([cite(b.final, false), cite(b, false)])].filter(Boolean).join('；');
  return `⚠ ${item.code} ${item.name} ${what}${calc}〔${basis}〕`;
}

import type { Decimal } from 'decimal.js';
import type { Finding, ParsedTable, ReportDraft, TableKey, TableRow } from '../ingest/types.js';
import { cell, columnTitle, compare, push, rowName, tableName, tableOf, usable, where } from './context.js';
import { summaryRow } from './summary-tables.js';
import { totalRow } from './within-tables.js';
import { ZERO, money, sum } from './tolerance.js';

/** One side of a cross-table comparison: a printed figure (or a declared-empty table's 0) and where it sits. */
export interface Figure {
  value: Decimal;
  text: string;
  location: string;
  n: number;
}

/** A cell as a figure: blank in a present row is 0; a declared-empty table is 0; an unread table or missing row is unknown. */
export function figureAt(
  t: ParsedTable | undefined,
  find: (t: ParsedTable) => TableRow | undefined,
  key: string,
  label?: string,
): Figure | null {
  if (!usable(t)) return null;
  if (t.rows.length === 0)
    return { value: ZERO, text: `${tableName(t)}（本表无数据，按0计）`, location: tableName(t), n: 1 };
  const r = find(t);
  if (!r) return null;
  const v = cell(r, key);
  const col = t.columns.length > 1 ? `“${columnTitle(t, key)}”列` : '';
  return {
    value: v ?? ZERO,
    text: `${tableName(t)}${label ?? `“${rowName(r)}”行`}${col}${v === null ? '（空白，按0计）' : money(v)}`,
    location: where(t, r, t.columns.length > 1 ? key : null),
    n: 1,
  };
}

/** A figure compared with another one that should print the same (band: both printed, n = 1, or the sum's n). */
export function sameFigure(rule: string, expected: Figure | null, actual: Figure | null, what: string): Finding | null {
  if (!expected || !actual) return null;
  const n = Math.max(expected.n, actual.n, 1);
  return compare(
    rule,
    expected.value,
    actual.value,
    n,
    (tail) => `${what}：${actual.text}，${expected.text}，两者应相等，${tail}`,
    actual.location,
  );
}

const classRowsOf = (t: ParsedTable, side: string | null) =>
  t.rows.filter((r) => r.level === 'lei' && r.code && (side === null || r.side === side));

/** Each 类 of `a` (by code) against the same 类 of `b`; a 类 missing on one side counts as 0 there. */
function classByClass(
  rule: string,
  a: ParsedTable | undefined,
  aSide: string | null,
  aKey: string,
  b: ParsedTable | undefined,
  bSide: string | null,
  bKey: string,
  what: string,
): Finding[] {
  const out: Finding[] = [];
  if (!usable(a) || !usable(b) || a.rows.length === 0 || b.rows.length === 0) return out;
  const codes = new Set<string>([
    ...classRowsOf(a, aSide)
      .filter((r) => cell(r, aKey) !== null)
      .map((r) => r.code!),
    ...classRowsOf(b, bSide)
      .filter((r) => cell(r, bKey) !== null)
      .map((r) => r.code!),
  ]);
  for (const code of [...codes].sort()) {
    const ra = classRowsOf(a, aSide).find((r) => r.code === code);
    const rb = classRowsOf(b, bSide).find((r) => r.code === code);
    const fa = ra
      ? figureAt(a, () => ra, aKey)
      : { value: ZERO, text: `${tableName(a)}没有${code}类`, location: tableName(a), n: 1 };
    const fb = rb
      ? figureAt(b, () => rb, bKey)
      : { value: ZERO, text: `${tableName(b)}没有${code}类`, location: tableName(b), n: 1 };
    push(out, sameFigure(rule, fb, fa, `${what}（${code}）`));
  }
  return out;
}

/** 08/09 本年支出合计: the 合计 row, or Σ 类 when the table prints none. */
function fundTotal(t: ParsedTable | undefined): Figure | null {
  if (!usable(t)) return null;
  if (t.rows.length === 0) return figureAt(t, () => undefined, 'total');
  const tr = totalRow(t);
  if (tr && tr.values.total !== undefined) return figureAt(t, () => tr, 'total');
  const classes = classRowsOf(t, null).filter((r) => r.values.total !== undefined);
  if (classes.length === 0) return null;
  const value = sum(classes.map((r) => cell(r, 'total')!));
  return {
    value,
    text: `${tableName(t)}各类“${columnTitle(t, 'total')}”之和（表中合计行无金额）${money(value)}`,
    location: `${tableName(t)} “${columnTitle(t, 'total')}”列`,
    n: classes.length,
  };
}

/** Rule 6: figures that several tables print. */
export function auditAcrossTables(draft: ReportDraft): Finding[] {
  const out: Finding[] = [];
  const T = (k: TableKey) => tableOf(draft, k);
  const t01 = T('income_expense_total'),
    t02 = T('income'),
    t03 = T('expense'),
    t04 = T('fiscal_total');
  const t05 = T('general_budget_expense'),
    t06 = T('basic_expense'),
    t08 = T('gov_fund'),
    t09 = T('state_capital');
  const nonEmpty = (t: ParsedTable | undefined) => (t && t.rows.length > 0 ? t : undefined);

  const f04Spent = (key: string) => figureAt(nonEmpty(t04), (t) => summaryRow(t, 'expense', '本年支出合计'), key);
  push(
    out,
    sameFigure(
      'across.05-04-total',
      f04Spent('general'),
      figureAt(nonEmpty(t05), totalRow, 'total'),
      '一般公共预算财政拨款支出合计',
    ),
  );
  out.push(
    ...classByClass(
      'across.05-04-class',
      nonEmpty(t05),
      null,
      'total',
      nonEmpty(t04),
      'expense',
      'general',
      '一般公共预算财政拨款类级支出',
    ),
  );

  const f01 = (side: 'income' | 'expense', name: string) =>
    figureAt(nonEmpty(t01), (t) => summaryRow(t, side, name), 'amount');
  push(
    out,
    sameFigure(
      'across.03-01-total',
      f01('expense', '本年支出合计'),
      figureAt(nonEmpty(t03), totalRow, 'total'),
      '本年支出合计',
    ),
  );
  out.push(
    ...classByClass('across.03-01-class', nonEmpty(t03), null, 'total', nonEmpty(t01), 'expense', 'amount', '类级支出'),
  );
  push(
    out,
    sameFigure(
      'across.02-01-total',
      f01('income', '本年收入合计'),
      figureAt(nonEmpty(t02), totalRow, 'total'),
      '本年收入合计',
    ),
  );

  if (t06 && t06.rows.length > 0) {
    const p = t06.rows.find((r) => r.level === 'total' && r.side === 'personnel');
    const q = t06.rows.find((r) => r.level === 'total' && r.side === 'public');
    const terms = [p, q].filter((r): r is TableRow => !!r && cell(r, 'amount') !== null);
    // an economic-classification table of the whole 一般公共预算 (2016's 「…决算表（二）」) is checked against its 合计, not 基本支出
    const whole = !/基本支出/.test(t06.title);
    const basic = figureAt(nonEmpty(t05), totalRow, whole ? 'total' : 'basic');
    if (terms.length > 0 && basic) {
      const value = sum(terms.map((r) => cell(r, 'amount')!));
      const text = `${tableName(t06)}${terms.map((r) => `“${r.name}”${money(cell(r, 'amount')!)}`).join(' + ')} = ${money(value)}`;
      push(
        out,
        sameFigure(
          'across.06-05-basic',
          { value, text, location: where(t06, terms[0], null), n: terms.length },
          basic,
          whole ? '一般公共预算财政拨款支出' : '一般公共预算财政拨款基本支出',
        ),
      );
    }
  }

  push(
    out,
    sameFigure('across.08-04-gov-fund', f04Spent('gov_fund'), fundTotal(t08), '政府性基金预算财政拨款本年支出'),
  );
  push(
    out,
    sameFigure(
      'across.09-04-state-capital',
      f04Spent('state_capital'),
      fundTotal(t09),
      '国有资本经营预算财政拨款本年支出',
    ),
  );
  return out;
}

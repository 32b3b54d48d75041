import type { Finding, ParsedTable, ReportDraft, TableRow } from '../ingest/types.js';
import {
  cell,
  columnTitle,
  compare,
  compareSum,
  hasValues,
  listItems,
  push,
  rowName,
  tableName,
  tableOf,
  where,
} from './context.js';
import { ZERO, money } from './tolerance.js';

type Side = 'income' | 'expense';

const rowsOn = (t: ParsedTable, side: Side) => t.rows.filter((r) => r.side === side);
export const summaryRow = (t: ParsedTable, side: Side, name: string): TableRow | undefined =>
  rowsOn(t, side).find((r) => r.name === name);

/** Income items printed above 本年收入合计 (一、… 八、), whatever names the parser gave them; not their 其中 parts. */
function incomeItems(t: ParsedTable): TableRow[] {
  const totalRow = summaryRow(t, 'income', '本年收入合计');
  if (!totalRow) return [];
  return rowsOn(t, 'income').filter((r) => r.seq < totalRow.seq && r.level === 'item' && !/^其中/.test(r.name));
}

const classRows = (t: ParsedTable): TableRow[] => rowsOn(t, 'expense').filter((r) => r.level === 'lei');

interface Term {
  row: TableRow;
  key: string;
}

/** printed total = Σ terms, blank cells of present rows counting as 0. */
function balance(
  rule: string,
  t: ParsedTable,
  side: Side,
  terms: Term[],
  target: Term,
  heading: string,
): Finding | null {
  const values = terms.map((x) => ({ label: `“${x.row.name}”`, value: cell(x.row, x.key) }));
  const printed = cell(target.row, target.key);
  const shown = values.filter((v) => v.value !== null).map((v) => `${v.label}${money(v.value!)}`);
  return compareSum(
    rule,
    values,
    printed,
    (expected, actual, tail) =>
      `${tableName(t)}${side === 'income' ? '收入方' : '支出方'}${heading}：${shown.join(' + ') || '各项均为空白'} = ${money(expected)}，` +
      `“${target.row.name}”${printed === null ? '为空白' : `印为${money(actual)}`}，${tail}`,
    where(t, target.row, target.key),
  );
}

function sumOfRows(
  rule: string,
  t: ParsedTable,
  side: Side,
  items: TableRow[],
  target: TableRow,
  key: string,
  what: string,
): Finding | null {
  const values = items.map((r) => ({ label: `${rowName(r)} `, value: cell(r, key) }));
  const printed = cell(target, key);
  const col = t.columns.length > 1 ? `“${columnTitle(t, key)}”列` : '';
  return compareSum(
    rule,
    values,
    printed,
    (expected, actual, tail) =>
      `${tableName(t)}${side === 'income' ? '收入方' : '支出方'}${col}：“${target.name}”${printed === null ? '为空白' : money(actual)}，` +
      `${what}（${listItems(values, 5)}）之和为${money(expected)}，${tail}`,
    where(t, target, key),
  );
}

function bothTotals(rule: string, t: ParsedTable, incomeKey: string, expenseKey: string): Finding | null {
  const inc = summaryRow(t, 'income', '总计');
  const exp = summaryRow(t, 'expense', '总计');
  const a = cell(inc, incomeKey);
  const b = cell(exp, expenseKey);
  if (!inc || !exp || (a === null && b === null)) return null;
  const expected = a ?? ZERO;
  const actual = b ?? ZERO;
  return compare(
    rule,
    expected,
    actual,
    1,
    (tail) => `${tableName(t)}：收入方“总计”${money(expected)}，支出方“总计”${money(actual)}，收支总计应相等，${tail}`,
    where(t, exp, expenseKey),
  );
}

/** Rule 2: 收入支出决算总表 (01). */
export function auditIncomeExpenseTotal(draft: ReportDraft): Finding[] {
  const t = tableOf(draft, 'income_expense_total');
  const out: Finding[] = [];
  if (!t || t.rows.length === 0) return out;
  const K = 'amount';
  const incomeTotal = summaryRow(t, 'income', '本年收入合计');
  const expenseTotal = summaryRow(t, 'expense', '本年支出合计');
  if (incomeTotal)
    push(out, sumOfRows('summary01.income-items', t, 'income', incomeItems(t), incomeTotal, K, '各项收入'));
  if (expenseTotal)
    push(out, sumOfRows('summary01.expense-classes', t, 'expense', classRows(t), expenseTotal, K, '各类支出'));
  const incomeGrand = summaryRow(t, 'income', '总计');
  if (incomeTotal && incomeGrand) {
    const terms = [
      incomeTotal,
      summaryRow(t, 'income', '使用非财政拨款结余'),
      summaryRow(t, 'income', '年初结转和结余'),
    ]
      .filter((r): r is TableRow => !!r)
      .map((row) => ({ row, key: K }));
    push(
      out,
      balance(
        'summary01.income-balance',
        t,
        'income',
        terms,
        { row: incomeGrand, key: K },
        '（本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 = 总计）',
      ),
    );
  }
  const expenseGrand = summaryRow(t, 'expense', '总计');
  if (expenseTotal && expenseGrand) {
    const terms = [expenseTotal, summaryRow(t, 'expense', '结余分配'), summaryRow(t, 'expense', '年末结转和结余')]
      .filter((r): r is TableRow => !!r)
      .map((row) => ({ row, key: K }));
    push(
      out,
      balance(
        'summary01.expense-balance',
        t,
        'expense',
        terms,
        { row: expenseGrand, key: K },
        '（本年支出合计 + 结余分配 + 年末结转和结余 = 总计）',
      ),
    );
  }
  push(out, bothTotals('summary01.totals-equal', t, K, K));
  return out;
}

const FISCAL_PARTS = ['general', 'gov_fund', 'state_capital'];

/** Rule 3: 财政拨款收入支出决算总表 (04). */
export function auditFiscalTotal(draft: ReportDraft): Finding[] {
  const t = tableOf(draft, 'fiscal_total');
  const out: Finding[] = [];
  if (!t || t.rows.length === 0) return out;
  const incomeTotal = summaryRow(t, 'income', '本年收入合计');
  const carryIn = summaryRow(t, 'income', '年初财政拨款结转和结余');
  const incomeGrand = summaryRow(t, 'income', '总计');
  if (incomeTotal)
    push(
      out,
      sumOfRows('summary04.income-items', t, 'income', incomeItems(t), incomeTotal, 'amount', '各项财政拨款收入'),
    );
  if (carryIn && incomeGrand) {
    const breakdown = rowsOn(t, 'income').filter((r) => r.seq > carryIn.seq && r.seq < incomeGrand.seq);
    if (breakdown.some(hasValues))
      push(
        out,
        sumOfRows(
          'summary04.carry-in-items',
          t,
          'income',
          breakdown,
          carryIn,
          'amount',
          '按资金来源分列的年初结转和结余',
        ),
      );
  }
  if (incomeTotal && incomeGrand) {
    const terms = [incomeTotal, carryIn].filter((r): r is TableRow => !!r).map((row) => ({ row, key: 'amount' }));
    push(
      out,
      balance(
        'summary04.income-balance',
        t,
        'income',
        terms,
        { row: incomeGrand, key: 'amount' },
        '（本年收入合计 + 年初财政拨款结转和结余 = 总计）',
      ),
    );
  }
  const expenseTotal = summaryRow(t, 'expense', '本年支出合计');
  const carryOut = summaryRow(t, 'expense', '年末财政拨款结转和结余');
  const expenseGrand = summaryRow(t, 'expense', '总计');
  const keys = t.columns.map((c) => c.key).filter((k) => k !== 'amount');
  for (const key of keys) {
    if (expenseTotal)
      push(out, sumOfRows('summary04.expense-classes', t, 'expense', classRows(t), expenseTotal, key, '各类支出'));
    if (expenseTotal && expenseGrand) {
      const terms = [expenseTotal, carryOut].filter((r): r is TableRow => !!r).map((row) => ({ row, key }));
      push(
        out,
        balance(
          'summary04.expense-balance',
          t,
          'expense',
          terms,
          { row: expenseGrand, key },
          `“${columnTitle(t, key)}”列（本年支出合计 + 年末财政拨款结转和结余 = 总计）`,
        ),
      );
    }
  }
  for (const r of rowsOn(t, 'expense')) {
    if (!hasValues(r)) continue;
    const parts = FISCAL_PARTS.filter((k) => keys.includes(k)).map((k) => ({
      label: `“${columnTitle(t, k)}”`,
      value: cell(r, k),
    }));
    const printed = cell(r, 'total');
    push(
      out,
      compareSum(
        'summary04.row-total',
        parts,
        printed,
        (expected, actual, tail) =>
          `${tableName(t)}支出方“${rowName(r)}”行：“合计”${printed === null ? '为空白' : money(actual)}，${listItems(parts)}之和为${money(expected)}，${tail}`,
        where(t, r, 'total'),
      ),
    );
  }
  push(out, bothTotals('summary04.totals-equal', t, 'amount', 'total'));
  return out;
}

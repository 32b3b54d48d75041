import type { Finding, ParsedTable, ReportDraft, TableKey, TableRow } from '../ingest/types.js';
import { TOTAL_RULE } from '../ingest/table-specs.js';
import { cell, columnTitle, compare, finding, hasValues, listItems, rowName, tableName, where } from './context.js';
import { ZERO, money, sum } from './tolerance.js';

/** Tables whose rows carry 功能分类 codes: 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项, and per row total = Σ parts. */
export const CODED_TABLES: TableKey[] = ['income', 'expense', 'general_budget_expense', 'gov_fund', 'state_capital'];

const LEVEL_NAME: Record<number, string> = { 3: '类', 5: '款', 7: '项' };

/** The parts that make up a row's total column in this table (table-specs TOTAL_RULE; carry columns are not parts). */
export const partKeys = (t: ParsedTable): string[] =>
  TOTAL_RULE.parts.filter((p) => t.columns.some((c) => c.key === p));

/** Children by code prefix: 合计 → 3-digit codes, 类 → 5-digit codes under it, 款 → 7-digit codes under it. */
export function childrenOf(t: ParsedTable, parent: TableRow): TableRow[] {
  if (parent.level === 'total') return t.rows.filter((r) => r.code?.length === 3);
  const code = parent.code;
  if (!code || code.length >= 7) return [];
  return t.rows.filter((r) => r.code && r.code.length === code.length + 2 && r.code.startsWith(code));
}

/** 合计 row of a coded table (level total, no code). */
export const totalRow = (t: ParsedTable): TableRow | undefined => t.rows.find((r) => r.level === 'total' && !r.code);

function rowTotals(t: ParsedTable): Finding[] {
  const out: Finding[] = [];
  const parts = partKeys(t);
  if (!t.columns.some((c) => c.key === TOTAL_RULE.total)) return out;
  for (const r of t.rows) {
    if (!hasValues(r)) continue;
    const printed = parts.map((k) => ({ key: k, value: cell(r, k) }));
    const n = printed.filter((p) => p.value !== null).length;
    const total = cell(r, TOTAL_RULE.total);
    if (total === null && n === 0) continue;
    const expected = sum(printed.map((p) => p.value ?? ZERO));
    const actual = total ?? ZERO;
    const f = compare(
      'within.row-total',
      expected,
      actual,
      Math.max(n, 1),
      (tail) =>
        `${tableName(t)}“${rowName(r)}”行：“${columnTitle(t, TOTAL_RULE.total)}”${total === null ? '为空白' : money(actual)}，` +
        `${listItems(printed.map((p) => ({ label: `“${columnTitle(t, p.key)}”`, value: p.value })))}之和为${money(expected)}，${tail}`,
      where(t, r, TOTAL_RULE.total),
    );
    if (f) out.push(f);
  }
  return out;
}

function parentChildren(t: ParsedTable): Finding[] {
  const out: Finding[] = [];
  const keys = t.columns.map((c) => c.key);
  for (const parent of t.rows) {
    if (parent.level !== 'total' && !(parent.code && parent.code.length < 7)) continue;
    if (parent.level === 'total' && parent.code) continue;
    const kids = childrenOf(t, parent);
    if (kids.length === 0 || !kids.some(hasValues)) continue;
    const childLevel = parent.level === 'total' ? '类' : LEVEL_NAME[(parent.code?.length ?? 0) + 2];
    if (!hasValues(parent)) {
      const key = keys.find((k) => kids.some((c) => cell(c, k) !== null))!;
      const expected = sum(kids.map((c) => cell(c, key) ?? ZERO));
      out.push(
        finding(
          'within.blank-parent',
          'finding',
          `${tableName(t)}“${rowName(parent)}”行没有任何金额，但其下${kids.length}个${childLevel}级科目有金额（如“${columnTitle(t, key)}”列合计${money(expected)}）`,
          expected,
          null,
          where(t, parent, null),
        ),
      );
      continue;
    }
    for (const key of keys) {
      const values = kids.map((c) => ({ label: `${rowName(c)} `, value: cell(c, key) }));
      const n = values.filter((v) => v.value !== null).length;
      const printed = cell(parent, key);
      if (printed === null && n === 0) continue;
      const expected = sum(values.map((v) => v.value ?? ZERO));
      const actual = printed ?? ZERO;
      const f = compare(
        'within.parent-children',
        expected,
        actual,
        Math.max(n, 1),
        (tail) =>
          `${tableName(t)}“${columnTitle(t, key)}”列：“${rowName(parent)}”${printed === null ? '为空白' : money(actual)}，` +
          `其下${childLevel}级科目（${listItems(values, 4)}）之和为${money(expected)}，${tail}`,
        where(t, parent, key),
      );
      if (f) out.push(f);
    }
  }
  return out;
}

/** Rule 1: within each coded table, row totals and parent = Σ children per column. */
export function auditCodedTables(draft: ReportDraft): Finding[] {
  const out: Finding[] = [];
  for (const t of draft.tables) {
    if (!CODED_TABLES.includes(t.key) || t.rows.length === 0) continue;
    out.push(...rowTotals(t), ...parentChildren(t));
  }
  return out;
}

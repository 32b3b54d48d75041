import type { Finding, ParsedTable, ReportDraft, TableRow } from '../ingest/types.js';
import {
  cell,
  columnTitle,
  compareSum,
  hasValues,
  listItems,
  push,
  rowName,
  tableName,
  tableOf,
  uniqueByCode,
  where,
} from './context.js';
import { money } from './tolerance.js';

/** printed target = Σ items (blank cells of present rows count as 0). */
function sumCheck(
  rule: string,
  t: ParsedTable,
  items: TableRow[],
  target: TableRow,
  key: string,
  what: string,
  lead: string,
): Finding | null {
  const values = items.map((r) => ({ label: `${rowName(r)} `, value: cell(r, key) }));
  const printed = cell(target, key);
  return compareSum(
    rule,
    values,
    printed,
    (expected, actual, tail) =>
      `${tableName(t)}${lead}“${rowName(target)}”${printed === null ? '为空白' : money(actual)}，${what}（${listItems(values, 5)}）之和为${money(expected)}，${tail}`,
    where(t, target, t.columns.length > 1 ? key : null),
  );
}

/** Rule 4: 一般公共预算财政拨款基本支出决算表 (06): 人员经费合计 = Σ 人员经费类, 公用经费合计 = Σ 公用经费类, 类 = Σ 款. */
export function auditBasicExpense(draft: ReportDraft): Finding[] {
  const t = tableOf(draft, 'basic_expense');
  const out: Finding[] = [];
  if (!t || t.rows.length === 0) return out;
  const rows = uniqueByCode(t.rows);
  for (const group of ['personnel', 'public'] as const) {
    const total = rows.find((r) => r.level === 'total' && r.side === group);
    const classes = rows.filter((r) => r.level === 'lei' && r.side === group);
    if (total) push(out, sumCheck('basic06.group-total', t, classes, total, 'amount', '各类经济科目', ''));
  }
  for (const cls of rows.filter((r) => r.level === 'lei' && r.code)) {
    const items = rows.filter(
      (r) => r.level === 'kuan' && r.code && r.code.length === 5 && r.code.startsWith(cls.code!),
    );
    if (items.length === 0 || (!hasValues(cls) && !items.some(hasValues))) continue;
    push(out, sumCheck('basic06.class-items', t, items, cls, 'amount', '其下各款', ''));
  }
  return out;
}

/** Rule 5: 三公经费表 (07): 合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费; 小计 = 购置费 + 运行维护费; for 预算数 and 决算数. */
export function auditThreePublic(draft: ReportDraft): Finding[] {
  const t = tableOf(draft, 'three_public');
  const out: Finding[] = [];
  if (!t || t.rows.length === 0) return out;
  const bySide = (s: string) => t.rows.find((r) => r.side === s);
  const [total, abroad, car, purchase, running, reception] = [
    'total',
    'abroad',
    'car',
    'car_purchase',
    'car_running',
    'reception',
  ].map(bySide);
  for (const key of ['budget', 'final']) {
    if (!t.rows.some((r) => cell(r, key) !== null)) continue;
    const lead = `“${columnTitle(t, key)}”：`;
    if (total && abroad && car && reception)
      push(out, sumCheck('three07.total', t, [abroad, car, reception], total, key, '三项经费', lead));
    if (car && purchase && running)
      push(out, sumCheck('three07.car', t, [purchase, running], car, key, '公务用车购置费与运行维护费', lead));
  }
  return out;
}

import type { Decimal } from 'decimal.js';
import type { Finding, ParsedTable, ReportDraft, TableKey, TableRow } from '../ingest/types.js';
import { specOf } from '../ingest/table-specs.js';
import { dec, judge, money, roundingBand, sum, ZERO, type Verdict } from './tolerance.js';

/** Notes the parser leaves when it could not read a table's figures (no amounts and no “本表无数据”; amounts it could not place): unknown, not zero. */
const UNREAD_NOTES = ['表中没有金额', '无法确定列位置'];

export const tableOf = (draft: ReportDraft, key: TableKey): ParsedTable | undefined =>
  draft.tables.find((t) => t.key === key);

/** A table whose figures can be used: present and either with rows or declared empty (then every figure is 0). */
export function usable(t: ParsedTable | undefined): t is ParsedTable {
  if (!t) return false;
  if (t.notes.some((n) => UNREAD_NOTES.some((u) => n.includes(u)))) return false;
  return t.rows.length > 0 || t.empty;
}

/** 公开01表《收入支出决算总表》, or 《收入支出决算总表》(01) when the report does not number its tables. */
export const tableName = (t: ParsedTable): string =>
  t.label ? `${t.label}《${t.title}》` : `《${t.title}》（第${specOf(t.key).label}表）`;

/** "201 一般公共服务支出", "合计", "本年收入合计". */
export const rowName = (r: TableRow): string => (r.code ? `${r.code} ${r.name}` : r.name);

export const sideName = (r: TableRow): string =>
  r.side === 'income'
    ? '收入'
    : r.side === 'expense'
      ? '支出'
      : r.side === 'personnel'
        ? '人员经费'
        : r.side === 'public'
          ? '公用经费'
          : '';

export const columnTitle = (t: ParsedTable, key: string): string => t.columns.find((c) => c.key === key)?.title ?? key;

/** The printed value of a cell, or null when blank. */
export const cell = (r: TableRow | undefined, key: string): Decimal | null =>
  r && r.values[key] !== undefined ? dec(r.values[key]) : null;

export const hasValues = (r: TableRow | undefined): boolean => !!r && Object.keys(r.values).length > 0;

/** Location text: table, row (with side for two-sided tables), column. */
export function where(t: ParsedTable, r: TableRow | null, key: string | null): string {
  const parts = [tableName(t)];
  if (r) parts.push(`${sideName(r) && t.key !== 'basic_expense' ? `${sideName(r)}方` : ''}“${rowName(r)}”行`);
  if (key) parts.push(`“${columnTitle(t, key)}”列`);
  return parts.join(' ');
}

/** Amounts as money text (two decimals at least); strings (rates at their printed precision) as given. */
const text = (v: Decimal | string | null): string | null => (v === null ? null : typeof v === 'string' ? v : money(v));

export function finding(
  rule: string,
  verdict: Exclude<Verdict, 'equal'>,
  message: string,
  expected: Decimal | string | null,
  actual: Decimal | string | null,
  location: string,
): Finding {
  return { rule, severity: verdict, message, expected: text(expected), actual: text(actual), location };
}

/** The verdict tail of a message: the difference and the band it was judged by. */
export function verdictText(expected: Decimal, actual: Decimal, n: number, verdict: Exclude<Verdict, 'equal'>): string {
  const diff = money(actual.minus(expected).abs());
  const band = roundingBand(n).toFixed();
  return verdict === 'rounding'
    ? `相差${diff}万元，在${n}个印刷数的尾数误差允许范围（±${band}万元）以内，属尾数误差`
    : `相差${diff}万元，超出${n}个印刷数的尾数误差允许范围（±${band}万元）`;
}

/** Compares a printed figure with the sum (or other figure) it should equal and builds the finding, if any. */
export function compare(
  rule: string,
  expected: Decimal,
  actual: Decimal,
  n: number,
  describe: (verdictTail: string) => string,
  location: string,
): Finding | null {
  const verdict = judge(expected, actual, n);
  if (verdict === 'equal') return null;
  return finding(rule, verdict, describe(verdictText(expected, actual, n, verdict)), expected, actual, location);
}

/**
 * A printed total against the sum of its terms, blank cells of present rows counting as 0; null when total and terms are
 * all blank. `describe` gets the sum, the total as compared (0 when blank) and the verdict tail.
 */
export function compareSum(
  rule: string,
  terms: { value: Decimal | null }[],
  printed: Decimal | null,
  describe: (expected: Decimal, actual: Decimal, verdictTail: string) => string,
  location: string,
): Finding | null {
  const n = terms.filter((v) => v.value !== null).length;
  if (printed === null && n === 0) return null;
  const expected = sum(terms.map((v) => v.value ?? ZERO));
  const actual = printed ?? ZERO;
  return compare(rule, expected, actual, Math.max(n, 1), (tail) => describe(expected, actual, tail), location);
}

export const push = (out: Finding[], f: Finding | null) => {
  if (f) out.push(f);
};

/** "201 一般公共服务支出 1133.55、208 社会保障和就业支出 110.37" — or a count when the list is long. */
export function listItems(items: { label: string; value: Decimal | null }[], max = 6): string {
  const printed = items.filter((i) => i.value !== null);
  if (printed.length > max) return `${printed.length}项`;
  return printed.map((i) => `${i.label}${money(i.value!)}`).join('、') || '（均为空白）';
}

/** First row per code, preferring one with values (a parser may emit a code twice). */
export function uniqueByCode(rows: TableRow[]): TableRow[] {
  const byCode = new Map<string, TableRow>();
  const out: TableRow[] = [];
  for (const r of rows) {
    if (!r.code) {
      out.push(r);
      continue;
    }
    const seen = byCode.get(r.code);
    if (!seen) {
      byCode.set(r.code, r);
      out.push(r);
      continue;
    }
    if (!hasValues(seen) && hasValues(r)) {
      out[out.indexOf(seen)] = r;
      byCode.set(r.code, r);
    }
  }
  return out;
}

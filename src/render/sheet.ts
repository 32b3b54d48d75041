import { Decimal } from 'decimal.js';
import { tableLabel } from '../ingest/table-specs.js';
import type { ParsedTable, TableRow } from '../ingest/types.js';
import { type Answer, type Cell, isPhrase, type TableData } from '../query/answer.js';
import type { ReportView } from '../query/report-view.js';
import { fixed2, quantityText, textOf } from './format.js';
import { basisLines } from './text.js';

/**
 * One table as a spreadsheet shows it, whatever the file format: a title, the header as the report prints it
 * (merged cells where one heading spans several rows or columns), typed body cells, and the notes under it.
 * Amounts stay the exact decimal text they were published as; the writers decide how a format stores them.
 */
export type SheetCell =
  | { kind: 'text'; text: string }
  /** a 科目编码: text, so that no leading digit is lost and no code turns into a number */
  | { kind: 'code'; text: string }
  /** 万元, the exact decimal as stored (2 places as published, more if converted from 元) */
  | { kind: 'amount'; value: string }
  /** a percentage in percent: "86.01" is 86.01% */
  | { kind: 'percent'; value: string }
  /** a count or a score: an exact decimal shown as written */
  | { kind: 'number'; value: string }
  | { kind: 'empty' };

export interface SheetRow {
  cells: SheetCell[];
  /** 合计, 总计, 小计: shown bold */
  total?: boolean;
  /** a section heading across the table (收入 / 支出 of a two-sided table) */
  section?: boolean;
}

/** A heading cell; `null` where a merge from the left or from above covers it. */
export interface HeaderCell {
  text: string;
  rowSpan?: number;
  colSpan?: number;
}

export interface Sheet {
  /** the tab's name (≤ 31 characters, no : \ / ? * [ ]) */
  name: string;
  /** unit, year, table label and title */
  title: string;
  /** 金额单位：万元 */
  moneyUnit: string;
  header: (HeaderCell | null)[][];
  rows: SheetRow[];
  /** 来源, 注 lines under the table */
  notes: string[];
  /** how many leading columns name the row (kept in view when scrolling right) */
  keyColumns: number;
}

const EMPTY: SheetCell = { kind: 'empty' };
const TOTAL_NAME = /^(?:合计|总计|小计)|(?:合计|总计|小计)$/;
const SIDE_TITLES: Record<string, string> = { income: '收入', expense: '支出' };

/** A tab name Excel accepts: no : \ / ? * [ ], at most 31 characters. */
export const sheetName = (s: string): string =>
  s
    .replace(/[:\\/?*[\]：]/g, ' ')
    .trim()
    .slice(0, 31) || 'Sheet';

const tableHeading = (view: ReportView, t: ParsedTable): string =>
  `${view.unitName} ${view.year}年度 ${t.label ? `${t.label} ` : ''}${t.title}`;

/** 公开05表 for a standard table printed without a label of its own; the report's label when it has one. */
export const labelOf = (t: ParsedTable): string => tableLabel(t.key, t.label);

const moneyUnitLine = (t: ParsedTable): string =>
  t.moneyUnit && t.moneyUnit !== '万元'
    ? `金额单位：万元（报告原表以${t.moneyUnit}为单位，已换算为万元）`
    : '金额单位：万元';

/** The stored decimal with at least the 2 places published, never rounded (a table converted from 元 keeps its digits). */
const exactAmount = (v: string): string => {
  const d = new Decimal(v);
  return d.toFixed(Math.max(2, d.decimalPlaces()));
};

const isTotal = (r: TableRow): boolean => r.level === 'total' || TOTAL_NAME.test(r.name.replace(/\s/g, ''));

/**
 * A stored table of a report as a sheet: 科目编码 and 科目名称 under 项目 when the table has codes (else 项目 alone),
 * then each amount column as the report heads it; a two-sided table (收入 | 支出) in two sections, each with the
 * columns its rows use.
 */
export function reportTableSheet(view: ReportView, t: ParsedTable): Sheet {
  const coded = t.rows.some((r) => r.code);
  const keyColumns = coded ? 2 : 1;
  const columns = t.columns;
  const header: (HeaderCell | null)[][] = coded
    ? [
        [{ text: '项目', colSpan: 2 }, null, ...columns.map((c) => ({ text: c.title, rowSpan: 2 }))],
        [{ text: '科目编码' }, { text: '科目名称' }, ...columns.map(() => null)],
      ]
    : [[{ text: '项目' }, ...columns.map((c) => ({ text: c.title }))]];
  const amounts = (r: TableRow): SheetCell[] =>
    columns.map((c) =>
      r.values[c.key] !== undefined ? { kind: 'amount', value: exactAmount(r.values[c.key]) } : EMPTY,
    );
  const line = (r: TableRow): SheetRow => ({
    cells: [
      ...(coded ? [r.code ? { kind: 'code' as const, text: r.code } : EMPTY] : []),
      { kind: 'text', text: r.name },
      ...amounts(r),
    ],
    ...(isTotal(r) ? { total: true } : {}),
  });
  const sides = [...new Set(t.rows.map((r) => r.side))];
  const twoSided = sides.length > 1 && sides.every((s) => s !== null && s in SIDE_TITLES);
  const sectionRow = (side: string): SheetRow => ({
    cells: [{ kind: 'text', text: SIDE_TITLES[side] }, ...Array(keyColumns - 1 + columns.length).fill(EMPTY)],
    section: true,
  });
  const rows = twoSided
    ? sides.flatMap((s) => [sectionRow(s!), ...t.rows.filter((r) => r.side === s).map(line)])
    : t.rows.map(line);
  const notes = [
    ...(t.empty ? ['本表无数据（报告公开为空表）'] : []),
    ...t.notes.map((n) => `注：${n}`),
    `来源：${view.unitName} ${view.year}年度决算公开，${labelOf(t)} ${t.title}${t.page ? `，第${t.page}页` : ''}${view.sourceFile ? `（文件 ${view.sourceFile}）` : ''}`,
  ];
  return {
    name: sheetName(`${labelOf(t)} ${t.title}`),
    title: tableHeading(view, t),
    moneyUnit: moneyUnitLine(t),
    header,
    rows,
    notes,
    keyColumns,
  };
}

const CODE_TITLE = /编码|代码|科目代码/;

/**
 * A table answer's cell as the answer shows it: an amount or a percentage to the 2 places shown, a place or a count of
 * rows as a number; a count with its word (5 辆) and words with figures in them (52.00（全年）) as text.
 */
function typedCell(cell: Cell, column: TableData['columns'][number]): SheetCell {
  if (typeof cell === 'string' || isPhrase(cell)) {
    const text = textOf(cell);
    if (text === '') return EMPTY;
    return CODE_TITLE.test(column.title) && column.align === 'left' ? { kind: 'code', text } : { kind: 'text', text };
  }
  switch (cell.kind) {
    case 'amount':
      return { kind: 'amount', value: fixed2(cell.value) };
    case 'percent':
      return { kind: 'percent', value: fixed2(cell.value) };
    case 'number':
      return { kind: 'number', value: cell.value };
    case 'count':
      return { kind: 'text', text: quantityText(cell) };
  }
}

/** The money unit a table answer states in its column titles (决算数（万元）), else 万元 when it holds amounts. */
function moneyUnitOfAnswer(t: TableData, rows: SheetRow[]): string {
  const named = t.columns.map((c) => /（(万元|元|辆|个|分)）|\((万元|元)\)/.exec(c.title)).find(Boolean);
  if (named) return `金额单位：${named[1] ?? named[2]}`;
  return rows.some((r) => r.cells.some((c) => c.kind === 'amount')) ? '金额单位：万元' : '';
}

/** A table answer (ranking, comparison, several subjects, a filter's rows) as a sheet of its own rows. */
export function answerSheet(a: Extract<Answer, { kind: 'table' | 'figure' }>, name = '查询结果'): Sheet | null {
  const t = a.table;
  if (!t || (t.rows.length === 0 && t.columns.length === 0)) return null;
  const rows: SheetRow[] = t.rows.map((r) => {
    const cells = t.columns.map((c, i) => typedCell(r[i] ?? '', c));
    const label = cells.find((c): c is Extract<SheetCell, { kind: 'text' }> => c.kind === 'text');
    return { cells, ...(label && TOTAL_NAME.test(label.text) ? { total: true } : {}) };
  });
  const keyColumns = Math.max(
    1,
    t.columns.findIndex((c) => c.align === 'right'),
  );
  const notes = [...a.notes.map((n) => `注：${textOf(n)}`), ...basisLines(a.basis)];
  return {
    name: sheetName(name),
    title: a.title,
    moneyUnit: moneyUnitOfAnswer(t, rows),
    header: [t.columns.map((c) => ({ text: c.title }))],
    rows,
    notes,
    keyColumns,
  };
}

/** The header's text grid: merged-away cells empty (for CSV and for reading back). */
export const headerTexts = (s: Sheet): string[][] => s.header.map((r) => r.map((c) => c?.text ?? ''));

/** A cell as text, the way CSV writes it: amounts as the exact decimal, percentages with %. */
export function cellText(c: SheetCell): string {
  switch (c.kind) {
    case 'text':
    case 'code':
      return c.text;
    case 'amount':
    case 'number':
      return c.value;
    case 'percent':
      return `${c.value}%`;
    case 'empty':
      return '';
  }
}

export const columnCount = (s: Sheet): number =>
  Math.max(...s.header.map((r) => r.length), ...s.rows.map((r) => r.cells.length));

import { Decimal } from 'decimal.js';
import type { Fact, Finding, ParsedTable, TableKey, TableRow } from '../src/ingest/types.js';
import type {
  cellsTable,
  CellRow,
  factsTable,
  FactRow,
  findingsTable,
  ReportTableRow,
  tableRowsTable,
  TableRowRow,
} from './schema.js';

type NewTableRow = typeof tableRowsTable.$inferInsert;
type NewCell = typeof cellsTable.$inferInsert;
type NewFact = typeof factsTable.$inferInsert;
type NewFinding = typeof findingsTable.$inferInsert;

export const tableRowToDb = (reportId: number, tableKey: string, r: TableRow): NewTableRow => ({
  reportId,
  tableKey,
  seq: r.seq,
  code: r.code,
  classification: r.classification,
  name: r.name,
  level: r.level,
  side: r.side,
  page: r.page,
});

/** 分 per 万元: every published amount (元 with 2 places at the finest) is a whole number of 分. */
const FEN_PER_WAN = new Decimal(1_000_000);

/** An amount in 万元 as a whole number of 分; an amount finer than 分 is no published figure and is refused. */
export function fenOf(value: string): number {
  const fen = new Decimal(value).mul(FEN_PER_WAN);
  if (!fen.isInteger() || fen.abs().gt(Number.MAX_SAFE_INTEGER))
    throw new Error(`amount ${value} is not a whole number of 分`);
  return fen.toNumber();
}

/** A derived figure's amount in 分, or null when it is not a whole number of 分 (a count, a prose figure). */
export function fenOrNull(value: Decimal): number | null {
  const fen = value.mul(FEN_PER_WAN);
  return fen.isInteger() && fen.abs().lte(Number.MAX_SAFE_INTEGER) ? fen.toNumber() : null;
}

export const decimal = (value: string): Decimal => new Decimal(value);

/** A row's amounts as cells, one per column it has a value in. */
export const cellsToDb = (reportId: number, rowId: number, tableKey: string, r: TableRow): NewCell[] =>
  Object.entries(r.values).map(([columnKey, value]) => ({
    reportId,
    rowId,
    tableKey,
    code: r.code,
    name: r.name,
    level: r.level,
    columnKey,
    value,
    fen: fenOf(value),
  }));

export const tableRowFromDb = (r: TableRowRow, cells: Pick<CellRow, 'columnKey' | 'value'>[]): TableRow => ({
  seq: r.seq,
  code: r.code,
  classification: r.classification,
  name: r.name,
  level: r.level,
  side: r.side,
  values: Object.fromEntries(cells.map((c) => [c.columnKey, c.value])),
  page: r.page,
});

export const tableFromDb = (t: ReportTableRow, rows: TableRow[]): ParsedTable => ({
  key: t.tableKey as TableKey,
  title: t.title,
  label: t.label,
  page: t.page,
  columns: t.columns,
  empty: t.empty,
  rows,
  notes: t.notes,
  ...(t.moneyUnit ? { moneyUnit: t.moneyUnit } : {}),
});

// Facts and findings are stored as they are, under their report and position; rows keep schema order, so field order survives.
const stored = <T extends object>(reportId: number, item: T, seq: number) => ({ reportId, seq, ...item });
const unstored = <R extends { id: number; reportId: number; seq: number }>({
  id: _id,
  reportId: _reportId,
  seq: _seq,
  ...item
}: R) => item;

export const factToDb = (reportId: number, f: Fact, seq: number): NewFact => stored(reportId, f, seq);
/** Absent optional fields stay absent (not undefined), as a report_content copy of the fact has them. */
export const factFromDb = (f: FactRow): Fact => {
  const { code, link, ...rest } = unstored(f);
  return {
    ...rest,
    unit: f.unit as Fact['unit'],
    ...(code != null ? { code } : {}),
    ...(link != null ? { link } : {}),
  };
};

export const findingToDb = (reportId: number, f: Finding, seq: number): NewFinding => stored(reportId, f, seq);

/** Splits bulk inserts below SQLite's bound-parameter limit. */
export const chunks = <T>(items: T[], size = 400): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

import type { Fact, Finding, ParsedTable, TableKey, TableRow } from '../src/ingest/types.js';
import type { factsTable, FactRow, findingsTable, FindingRow, ReportTableRow, tableRowsTable, TableRowRow } from './schema.js';

type NewTableRow = typeof tableRowsTable.$inferInsert;
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
  valuesJson: r.values,
  page: r.page,
});

export const tableRowFromDb = (r: TableRowRow): TableRow => ({
  seq: r.seq,
  code: r.code,
  classification: r.classification,
  name: r.name,
  level: r.level,
  side: r.side,
  values: r.valuesJson,
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
const unstored = <R extends { id: number; reportId: number; seq: number }>({ id: _id, reportId: _reportId, seq: _seq, ...item }: R) => item;

export const factToDb = (reportId: number, f: Fact, seq: number): NewFact => stored(reportId, f, seq);
export const factFromDb = (f: FactRow): Fact => ({ ...unstored(f), unit: f.unit as Fact['unit'], code: f.code ?? undefined, link: f.link ?? undefined });

export const findingToDb = (reportId: number, f: Finding, seq: number): NewFinding => stored(reportId, f, seq);
export const findingFromDb = (f: FindingRow): Finding => unstored(f);

/** Splits bulk inserts below SQLite's bound-parameter limit. */
export const chunks = <T>(items: T[], size = 400): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { UserError } from '../../src/errors.js';
import { findingsSchema, checkedDraft, type Finding, type ReportDraft, type TableKey } from '../../src/ingest/types.js';
import type { Db, Orm } from '../client.js';
import { insertMany } from '../insert-many.js';
import * as m from '../mappers.js';
import {
  cellsTable,
  chatSettingsTable,
  factsTable,
  findingsTable,
  importLogTable,
  reportContentTable,
  reportsTable,
  reportTablesTable,
  tableRowsTable,
  unitsTable,
  type CellRow,
  type ImportLogSummary,
  type UnitRow,
} from '../schema.js';
import { type DerivedRows, writeDerived } from './derived.js';
import { guard } from './guard.js';
import {
  type ContentParts,
  contentOf,
  encodeContent,
  type ReportContent,
  readableContent,
  writeContent,
} from './report-content.js';
import { metaFields, selectMeta, type ReportMeta } from './report-meta.js';

export type SaveStatus = 'imported' | 'unchanged' | 'replaced';
export interface SaveReportInput {
  draft: ReportDraft;
  findings: Finding[];
  sourceFile: string;
  sha256: string;
  importedAt?: string;
  /** kept in import_log with the bytes' sha256 */
  summary?: ImportLogSummary | null;
  /** the report's derived figures and names (src/query/derive.ts, as derivedRows gives them), saved with it; without
   * them the store derives them when it is next opened for questions */
  derived?: { rows: DerivedRows; version: number };
  /** the report's content as encodeContent(contentOf(draft)) gives it, when made ahead (in a bulk import's worker) */
  content?: Uint8Array;
  /** the same bytes parsed again (import --reparse): the stored report is replaced though its sha256 is the same */
  reparsed?: boolean;
}
export type RowCounts = Record<
  'units' | 'reports' | 'reportTables' | 'tableRows' | 'cells' | 'facts' | 'findings' | 'chatSettings',
  number
>;

export interface LoadedReport {
  meta: ReportMeta;
  draft: ReportDraft;
  findings: Finding[];
}

export interface SavedReport {
  status: SaveStatus;
  reportId: number;
  unitId: number;
}

export async function saveReport(db: Db, input: SaveReportInput): Promise<SavedReport> {
  return (await saveReports(db, [input]))[0];
}

/** The reports of one file, all in one transaction: every one of them is stored, or none. */
export async function saveReports(db: Db, inputs: SaveReportInput[]): Promise<SavedReport[]> {
  const checked = inputs.map((input) => ({
    input,
    draft: checkedDraft(input.draft),
    findings: findingsSchema.parse(input.findings),
    importedAt: input.importedAt ?? new Date().toISOString(),
  }));
  return guard('保存报告', () =>
    db.withTransaction(async (orm) => {
      const saved: SavedReport[] = [];
      for (const one of checked) saved.push(await saveOne(orm, one));
      return saved;
    }),
  );
}

async function saveOne(
  orm: Orm,
  {
    input,
    draft,
    findings,
    importedAt,
  }: { input: SaveReportInput; draft: ReportDraft; findings: Finding[]; importedAt: string },
): Promise<SavedReport> {
  const [unit] = await orm.select().from(unitsTable).where(eq(unitsTable.name, draft.unitName));
  const [old] = unit
    ? await orm
        .select({ id: reportsTable.id, sha256: reportsTable.sha256 })
        .from(reportsTable)
        .where(
          and(eq(reportsTable.unitId, unit.id), eq(reportsTable.year, draft.year), eq(reportsTable.kind, draft.kind)),
        )
    : [];
  if (unit && old?.sha256 === input.sha256 && !input.reparsed)
    return { status: 'unchanged' as const, reportId: old.id, unitId: unit.id };
  const unitId = await upsertUnit(orm, draft, unit);
  if (old) await orm.delete(reportsTable).where(eq(reportsTable.id, old.id));
  const [{ reportId }] = await orm
    .insert(reportsTable)
    .values({
      unitId,
      ...pick(draft, 'year', 'kind', 'scope', 'pageCount', 'missingTables'),
      prose: draft.prose ?? null,
      ...pick(input, 'sourceFile', 'sha256'),
      importedAt,
    })
    .returning({ reportId: reportsTable.id });
  await insertContent(orm, reportId, draft);
  await writeContent(orm, reportId, input.content ?? encodeContent(contentOf(draft)));
  await insertFindings(orm, reportId, findings);
  if (input.derived) await writeDerived(orm, reportId, input.derived.rows, input.derived.version);
  const status = old ? ('replaced' as const) : ('imported' as const);
  // the old report's log row keeps its bytes and loses its report (ON DELETE SET NULL): superseded
  const log = {
    sourceFile: input.sourceFile,
    unitId,
    year: draft.year,
    reportId,
    status,
    importedAt,
    summary: input.summary ?? null,
  };
  await orm
    .insert(importLogTable)
    .values({ sha256: input.sha256, ...log })
    .onConflictDoUpdate({ target: importLogTable.sha256, set: log });
  return { status, reportId, unitId };
}

const pick = <T extends object, K extends keyof T>(o: T, ...keys: K[]) =>
  Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;

async function upsertUnit(orm: Orm, draft: ReportDraft, unit: UnitRow | undefined): Promise<number> {
  const aliases = [...new Set([...(unit?.aliases ?? []), ...draft.unitAliases])];
  if (unit) {
    await orm
      .update(unitsTable)
      .set({ aliases, region: draft.region ?? unit.region })
      .where(eq(unitsTable.id, unit.id));
    return unit.id;
  }
  const [row] = await orm
    .insert(unitsTable)
    .values({ name: draft.unitName, aliases, region: draft.region })
    .returning({ id: unitsTable.id });
  return row.id;
}

async function insertContent(orm: Orm, reportId: number, draft: ReportDraft): Promise<void> {
  // one statement per table kind, not per printed table: each round trip to SQLite's thread costs more than its rows
  await insertMany(
    orm,
    reportTablesTable,
    draft.tables.map(({ key, rows: _rows, ...rest }, seq) => ({ reportId, tableKey: key, seq, ...rest })),
  );
  const rows = draft.tables.flatMap(({ key, rows }) => rows.map((row) => ({ key, row })));
  // a row is known by its table and seq (unique in its table): RETURNING has no defined order
  const returned = await insertMany(
    orm,
    tableRowsTable,
    rows.map(({ key, row }) => m.tableRowToDb(reportId, key, row)),
    { returning: ['id', 'table_key', 'seq'] },
  );
  const idOf = new Map(returned.map((r) => [`${r.table_key}#${r.seq}`, r.id as number]));
  if (idOf.size !== rows.length) throw new Error('a table of the report repeats a row seq');
  await insertMany(
    orm,
    cellsTable,
    rows.flatMap(({ key, row }) => m.cellsToDb(reportId, idOf.get(`${key}#${row.seq}`)!, key, row)),
  );
  await insertMany(
    orm,
    factsTable,
    draft.facts.map((f, i) => m.factToDb(reportId, f, i)),
  );
}

async function insertFindings(orm: Orm, reportId: number, findings: Finding[]): Promise<void> {
  await insertMany(
    orm,
    findingsTable,
    findings.map((f, i) => m.findingToDb(reportId, f, i)),
  );
}

export async function findReportBySha(db: Db, sha256: string): Promise<ReportMeta | null> {
  return guard('查找报告', async () => {
    const [meta] = await selectMeta(db.orm)
      .where(eq(reportsTable.sha256, sha256))
      .orderBy(asc(reportsTable.id))
      .limit(1);
    return meta ?? null;
  });
}

export async function listReports(db: Db): Promise<ReportMeta[]> {
  return guard('列出报告', () => selectMeta(db.orm).orderBy(asc(unitsTable.name), asc(reportsTable.year)));
}

/** Reads in one snapshot (no write lock) so a concurrent replace cannot yield a mixed report. */
export async function loadReport(db: Db, reportId: number): Promise<LoadedReport | null> {
  return (await loadReports(db, [reportId]))[0] ?? null;
}

/**
 * Several reports in one snapshot, each table read once for all of them; reports that do not exist are left out. In
 * the order of `reportIds`.
 */
export async function loadReports(db: Db, reportIds: readonly number[]): Promise<LoadedReport[]> {
  return readReports(db, reportIds, 'all') as Promise<LoadedReport[]>;
}

/**
 * What answering a question reads of a report (src/query/report-view.ts): its tables, facts and findings, and of its
 * prose the sentences that give a reason.
 */
export interface ReportToAnswer {
  meta: ReportMeta;
  draft: Pick<ReportDraft, 'tables' | 'facts' | 'prose'>;
  findings: Finding[];
}

/** loadReports with only the prose sentences that answering reads (those giving a reason), for a question. */
export async function loadReportsToAnswer(db: Db, reportIds: readonly number[]): Promise<ReportToAnswer[]> {
  return readReports(db, reportIds, 'answering');
}

async function readReports(db: Db, reportIds: readonly number[], parts: ContentParts): Promise<ReportToAnswer[]> {
  if (reportIds.length === 0) return [];
  const ids = [...reportIds];
  return guard('读取报告', () =>
    db.withSnapshot(async (orm) => {
      // each report's row, its copy and its findings in one statement (a first touch of a report waits on SQLite's
      // thread per statement); the findings as drizzle gives their rows, less id, report_id and seq, in seq order
      const rows = await orm
        .select({
          meta: metaFields,
          format: reportContentTable.format,
          body: reportContentTable.body,
          findings:
            sql<string>`(select json_group_array(json_object('rule', f.rule, 'severity', f.severity, 'message', f.message, 'expected', f.expected, 'actual', f.actual, 'location', f.location) order by f.seq) from ${findingsTable} f where f.report_id = ${reportsTable.id})`.as(
              'findings_json',
            ),
        })
        .from(reportsTable)
        .innerJoin(unitsTable, eq(unitsTable.id, reportsTable.unitId))
        .leftJoin(reportContentTable, eq(reportContentTable.reportId, reportsTable.id))
        .where(inArray(reportsTable.id, ids));
      if (rows.length === 0) return [];
      const metas = rows.map((r) => r.meta);
      const contents = new Map(
        rows.flatMap((r) => readableContent(r, parts).map((c) => [r.meta.reportId, c] as const)),
      );
      const unread = metas.map((m) => m.reportId).filter((id) => !contents.has(id));
      if (unread.length > 0) for (const [id, c] of await readContentFromTables(orm, unread)) contents.set(id, c);
      const findingsOf = new Map(rows.map((r) => [r.meta.reportId, JSON.parse(r.findings) as Finding[]]));
      const byId = new Map(
        metas.map((meta) => {
          const { tables, missingTables, facts, prose } = contents.get(meta.reportId)!;
          const draft: ReportDraft = {
            unitName: meta.unitName,
            unitAliases: meta.aliases,
            region: meta.region,
            year: meta.year,
            scope: meta.scope,
            kind: meta.kind,
            tables,
            missingTables,
            facts,
            pageCount: meta.pageCount,
            ...(prose ? { prose } : {}),
          };
          return [meta.reportId, { meta, draft, findings: findingsOf.get(meta.reportId)! }];
        }),
      );
      return ids.flatMap((id) => byId.get(id) ?? []);
    }),
  );
}

/**
 * Reports' content read from their rows (each table once for all of them): for a report without a current
 * report_content row, and to write that row (synthetic copies, a store made before the table existed).
 */
export async function readContentFromTables(orm: Orm, ids: number[]): Promise<Map<number, ReportContent>> {
  const reports = await orm
    .select({ id: reportsTable.id, missingTables: reportsTable.missingTables, prose: reportsTable.prose })
    .from(reportsTable)
    .where(inArray(reportsTable.id, ids));
  const tables = await orm
    .select()
    .from(reportTablesTable)
    .where(inArray(reportTablesTable.reportId, ids))
    .orderBy(asc(reportTablesTable.reportId), asc(reportTablesTable.seq));
  const rows = await orm
    .select()
    .from(tableRowsTable)
    .where(inArray(tableRowsTable.reportId, ids))
    .orderBy(asc(tableRowsTable.tableKey), asc(tableRowsTable.seq), asc(tableRowsTable.id));
  const cellsByRow = new Map<number, Pick<CellRow, 'columnKey' | 'value'>[]>();
  const cells = await orm
    .select({ rowId: cellsTable.rowId, columnKey: cellsTable.columnKey, value: cellsTable.value })
    .from(cellsTable)
    .where(inArray(cellsTable.reportId, ids))
    .orderBy(sql`rowid`);
  for (const c of cells) {
    const list = cellsByRow.get(c.rowId);
    if (list) list.push(c);
    else cellsByRow.set(c.rowId, [c]);
  }
  const facts = await orm
    .select()
    .from(factsTable)
    .where(inArray(factsTable.reportId, ids))
    .orderBy(asc(factsTable.reportId), asc(factsTable.seq));
  const rowsByTable = groupBy(rows, (r) => `${r.reportId}\u0000${r.tableKey}`);
  const tablesOf = groupBy(tables, (t) => t.reportId);
  const factsOf = groupBy(facts, (f) => f.reportId);
  return new Map(
    reports.map((report) => [
      report.id,
      {
        tables: (tablesOf.get(report.id) ?? []).map((t) =>
          m.tableFromDb(
            t,
            (rowsByTable.get(`${report.id}\u0000${t.tableKey}`) ?? []).map((r) =>
              m.tableRowFromDb(r, cellsByRow.get(r.id) ?? []),
            ),
          ),
        ),
        missingTables: report.missingTables as TableKey[],
        facts: (factsOf.get(report.id) ?? []).map(m.factFromDb),
        ...(report.prose ? { prose: report.prose } : {}),
      },
    ]),
  );
}

function groupBy<T, K>(items: T[], keyOf: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const it of items) {
    const k = keyOf(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

export async function replaceFindings(db: Db, reportId: number, findings: Finding[]): Promise<void> {
  const parsed = findingsSchema.parse(findings);
  return guard('更新审核结果', () =>
    db.withTransaction(async (orm) => {
      const [report] = await orm
        .select({ id: reportsTable.id })
        .from(reportsTable)
        .where(eq(reportsTable.id, reportId));
      if (!report) throw new UserError('E_NO_DATA', `找不到编号为 ${reportId} 的报告`);
      await orm.delete(findingsTable).where(eq(findingsTable.reportId, reportId));
      await insertFindings(orm, reportId, parsed);
    }),
  );
}

const counted = {
  units: unitsTable,
  reports: reportsTable,
  reportTables: reportTablesTable,
  tableRows: tableRowsTable,
  cells: cellsTable,
  facts: factsTable,
  findings: findingsTable,
  chatSettings: chatSettingsTable,
};

export async function countRows(db: Db): Promise<RowCounts> {
  return guard('统计行数', () =>
    db.withSnapshot(async (orm) => {
      const out = {} as RowCounts;
      for (const [name, table] of Object.entries(counted)) {
        const [{ n }] = await orm.select({ n: count() }).from(table);
        out[name as keyof RowCounts] = n;
      }
      return out;
    }),
  );
}

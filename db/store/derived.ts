import { and, asc, eq, inArray, isNull, ne, notInArray, or, sql } from 'drizzle-orm';
import type { DerivedReport, SubjectFigures } from '../../src/query/derive.js';
import type { Budget, Figure } from '../../src/query/measures.js';
import type { Db, Orm } from '../client.js';
import { insertMany } from '../insert-many.js';
import * as m from '../mappers.js';
import type { ReportDraft } from '../../src/ingest/types.js';
import {
  reportContentTable,
  reportFiguresTable,
  reportsTable,
  type SubjectNameRow,
  subjectNamesTable,
  unitsTable,
} from '../schema.js';
import { guard } from './guard.js';
import { contentOf, encodeContent, READABLE_FORMATS, writeContent } from './report-content.js';
import { type ReportEntry, selectEntries } from './report-meta.js';

export type { ReportEntry } from './report-meta.js';

/** Every report (units by name, then year) and every subject name: what questions are parsed with. */
export async function loadDirectory(db: Db): Promise<{ reports: ReportEntry[]; names: SubjectNameRow[] }> {
  return guard('读取单位目录', () =>
    db.withSnapshot(async (orm) => {
      const reports = await selectEntries(orm).orderBy(asc(unitsTable.name), asc(reportsTable.year));
      const names = await orm.select().from(subjectNamesTable);
      return { reports, names };
    }),
  );
}

/**
 * Reports whose derived figures were made by another version of the rules (or never made), or that have no
 * report_content copy of a readable format (a store made before it existed).
 */
export async function reportsToDerive(db: Db, version: number): Promise<number[]> {
  return guard('查找待派生报告', async () =>
    (
      await db.orm
        .select({ id: reportsTable.id })
        .from(reportsTable)
        .leftJoin(reportContentTable, eq(reportContentTable.reportId, reportsTable.id))
        .where(
          or(
            ne(reportsTable.derivedVersion, version),
            isNull(reportContentTable.reportId),
            notInArray(reportContentTable.format, READABLE_FORMATS),
          ),
        )
    ).map((r) => r.id),
  );
}

/** Replaces a report's derived figures and adds the names it brings; inside the caller's transaction. */
/**
 * A report's derived figures as the rows they are stored in (less the report's id) and its names: plain data (no
 * Decimal), so that a bulk import's parse worker makes them and posts them to the thread that saves.
 */
export interface DerivedRows {
  figures: Omit<typeof reportFiguresTable.$inferInsert, 'reportId'>[];
  names: DerivedReport['names'];
}

export const derivedRows = (derived: DerivedReport): DerivedRows => ({
  figures: derived.figures.map((f) => figuresToDb(f.subjectKey, f.figures)),
  names: derived.names,
});

export async function writeDerived(orm: Orm, reportId: number, derived: DerivedRows, version: number): Promise<void> {
  await orm.delete(reportFiguresTable).where(eq(reportFiguresTable.reportId, reportId));
  await insertMany(
    orm,
    reportFiguresTable,
    derived.figures.map((f) => ({ reportId, ...f })),
  );
  await insertMany(orm, subjectNamesTable, derived.names, { onConflict: 'ignore' });
  const keys = derived.figures.map((f) => f.subjectKey);
  for (const part of m.chunks(keys, 500))
    await orm
      .update(subjectNamesTable)
      .set({ hasFigures: true })
      .where(and(inArray(subjectNamesTable.subjectKey, part), eq(subjectNamesTable.hasFigures, false)));
  await orm.update(reportsTable).set({ derivedVersion: version }).where(eq(reportsTable.id, reportId));
}

/** A report's derived figures and its content copy made again (another version of the rules), in one transaction. */
export async function replaceDerived(
  db: Db,
  reportId: number,
  derived: DerivedReport,
  version: number,
  draft: ReportDraft,
): Promise<void> {
  return guard('保存派生数据', () =>
    db.withTransaction(async (orm) => {
      const [report] = await orm
        .select({ id: reportsTable.id })
        .from(reportsTable)
        .where(eq(reportsTable.id, reportId));
      if (!report) return;
      await writeDerived(orm, reportId, derivedRows(derived), version);
      await writeContent(orm, reportId, encodeContent(contentOf(draft)));
    }),
  );
}

/** A figure's six columns: value, fen, source, row, page, note. */
type FigureParts = [string | null, number | null, string | null, string | null, number | null, string | null];
const NO_FIGURE: FigureParts = [null, null, null, null, null, null];
const partsOf = (f: Figure | null): FigureParts =>
  f ? [f.value.toFixed(), m.fenOrNull(f.value), f.source, f.row ?? null, f.page ?? null, f.note ?? null] : NO_FIGURE;

/** One subject's figures as its report_figures row, less the report's id (an object literal: a row is built per subject of every report saved). */
function figuresToDb(subjectKey: string, f: SubjectFigures): DerivedRows['figures'][number] {
  const [finalValue, finalFen, finalSource, finalRow, finalPage, finalNote] = partsOf(f.final);
  const [budgetValue, budgetFen, budgetSource, budgetRow, budgetPage, budgetNote] = partsOf(f.budget);
  const [spentValue, spentFen, spentSource, spentRow, spentPage, spentNote] = partsOf(f.budget?.final ?? null);
  return {
    subjectKey,
    finalValue,
    finalFen,
    finalSource,
    finalRow,
    finalPage,
    finalNote,
    budgetBase: f.budget?.base ?? null,
    budgetValue,
    budgetFen,
    budgetSource,
    budgetRow,
    budgetPage,
    budgetNote,
    spentValue,
    spentFen,
    spentSource,
    spentRow,
    spentPage,
    spentNote,
  };
}

const figureFromDb = (
  value: string | null,
  source: string | null,
  row: string | null,
  page: number | null,
  note: string | null,
): Figure | null =>
  value === null
    ? null
    : { value: m.decimal(value), source: source ?? '', row, page, ...(note !== null ? { note } : {}) };

function figuresFromDb(r: typeof reportFiguresTable.$inferSelect): SubjectFigures {
  const final = figureFromDb(r.finalValue, r.finalSource, r.finalRow, r.finalPage, r.finalNote);
  const budget = figureFromDb(r.budgetValue, r.budgetSource, r.budgetRow, r.budgetPage, r.budgetNote);
  const spent = figureFromDb(r.spentValue, r.spentSource, r.spentRow, r.spentPage, r.spentNote);
  return {
    final,
    budget: budget && spent && r.budgetBase ? ({ ...budget, base: r.budgetBase, final: spent } satisfies Budget) : null,
  };
}

/** One subject's figure in one report, as numbers a ranking orders by (分; a double only where not a whole 分). */
export interface RankKey {
  reportId: number;
  /** 决算 in 分, or null */
  final: number | null;
  /** the 决算 执行率 divides and its 预算, in 分, or null */
  spent: number | null;
  budget: number | null;
  /** final is a whole number of 分 (exact in sums) */
  exact: boolean;
}

/**
 * The ranking keys of one subject in every report: one contiguous range of the table (clustered by subject), four
 * numbers a report, so that ranking 10,000 units reads 10,000 short rows and no report.
 */
export async function rankKeys(db: Db, subjectKey: string): Promise<RankKey[]> {
  return guard('读取排名数据', async () => {
    const rows = await db.orm.all<[number, number | null, number | null, number | null, number]>(
      sql`select report_id as id,
          coalesce(final_fen, cast(final_value as real) * 1000000) as final,
          coalesce(spent_fen, cast(spent_value as real) * 1000000) as spent,
          coalesce(budget_fen, cast(budget_value as real) * 1000000) as budget,
          final_fen is not null or final_value is null as exact
        from report_figures where subject_key = ${subjectKey}`,
    );
    return rows.map(([reportId, final, spent, budget, exact]) => ({ reportId, final, spent, budget, exact: !!exact }));
  });
}

/** The derived figures of one subject in these reports (a ranking's shown rows), by report id. */
export async function figuresIn(db: Db, subjectKey: string, reportIds: number[]): Promise<Map<number, SubjectFigures>> {
  return guard('读取各单位数据', async () => {
    const out = new Map<number, SubjectFigures>();
    for (const part of m.chunks(reportIds, 500)) {
      const rows = await db.orm
        .select()
        .from(reportFiguresTable)
        .where(and(eq(reportFiguresTable.subjectKey, subjectKey), inArray(reportFiguresTable.reportId, part)));
      for (const r of rows) out.set(r.reportId, figuresFromDb(r));
    }
    return out;
  });
}

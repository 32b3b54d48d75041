import { and, asc, eq, gt, lt, or } from 'drizzle-orm';
import type { Db } from '../client.js';
import { importLogTable, reportsTable, type ImportLogRow, type ImportLogSummary } from '../schema.js';
import { guard } from './guard.js';
import { selectMeta, type ReportMeta } from './report-meta.js';

export type ImportLogEntry = ImportLogRow;
export interface SeenImport {
  log: ImportLogEntry;
  /** the report these bytes are now, or null when a later file replaced them */
  report: ReportMeta | null;
  /** the report now stored for the same unit and year (the superseding one when `report` is null) */
  current: ReportMeta | null;
}

/**
 * Whether these bytes were stored before, and what became of them: one entry per report they held, in file order.
 * A file of one report is logged under its sha256; the reports of a bound file under `sha256#1`, `sha256#2` …
 */
export async function findImports(db: Db, sha256: string): Promise<SeenImport[]> {
  return guard('查找导入记录', () =>
    db.withSnapshot(async (orm) => {
      const logs = await orm
        .select()
        .from(importLogTable)
        .where(
          or(
            eq(importLogTable.sha256, sha256),
            and(gt(importLogTable.sha256, `${sha256}#`), lt(importLogTable.sha256, `${sha256}$`)),
          ),
        );
      const out: SeenImport[] = [];
      for (const log of logs.sort((a, b) => partOf(a.sha256) - partOf(b.sha256))) {
        const [report] = log.reportId === null ? [] : await selectMeta(orm).where(eq(reportsTable.id, log.reportId));
        const [current] = report
          ? [report]
          : await selectMeta(orm)
              .where(and(eq(reportsTable.unitId, log.unitId), eq(reportsTable.year, log.year)))
              .orderBy(asc(reportsTable.id))
              .limit(1);
        out.push({ log, report: report ?? null, current: current ?? null });
      }
      return out;
    }),
  );
}

/** The import_log key of the k-th (from 0) of n reports read from the bytes with this sha256. */
export const reportKey = (sha256: string, k: number, n: number): string => (n === 1 ? sha256 : `${sha256}#${k + 1}`);

const partOf = (key: string) => Number(key.split('#')[1] ?? 0);

/** For bytes stored without a log row (a race, or a store filled by other means): records them as they are. */
export async function recordImport(db: Db, meta: ReportMeta, summary: ImportLogSummary | null): Promise<void> {
  const log = {
    sourceFile: meta.sourceFile,
    unitId: meta.unitId,
    year: meta.year,
    reportId: meta.reportId,
    status: 'imported' as const,
    importedAt: meta.importedAt,
    summary,
  };
  return guard('记录导入', async () => {
    await db.orm
      .insert(importLogTable)
      .values({ sha256: meta.sha256, ...log })
      .onConflictDoNothing({ target: importLogTable.sha256 });
  });
}

export async function listImports(db: Db): Promise<ImportLogEntry[]> {
  return guard('列出导入记录', () => db.orm.select().from(importLogTable).orderBy(asc(importLogTable.id)));
}

import { eq, sql } from 'drizzle-orm';
import type { Orm } from '../client.js';
import { reportsTable, unitsTable } from '../schema.js';

// Unit columns are aliased: unaliased, "units"."name"/"id" would collide with report columns in the row object.
// Which report it is (unit, year, source file): what the directory of every report holds.
const entryFields = {
  reportId: reportsTable.id,
  unitId: reportsTable.unitId,
  unitName: sql<string>`${unitsTable.name}`.as('unit_name'),
  aliases: sql<string[]>`${unitsTable.aliases}`.mapWith(unitsTable.aliases).as('unit_aliases'),
  region: sql<string | null>`${unitsTable.region}`.as('unit_region'),
  year: reportsTable.year,
  sourceFile: reportsTable.sourceFile,
};
export const metaFields = {
  ...entryFields,
  kind: reportsTable.kind,
  scope: reportsTable.scope,
  sha256: reportsTable.sha256,
  importedAt: reportsTable.importedAt,
  pageCount: reportsTable.pageCount,
};

export const selectEntries = (orm: Orm) =>
  orm.select(entryFields).from(reportsTable).innerJoin(unitsTable, eq(unitsTable.id, reportsTable.unitId));

export const selectMeta = (orm: Orm) =>
  orm.select(metaFields).from(reportsTable).innerJoin(unitsTable, eq(unitsTable.id, reportsTable.unitId));

export type ReportMeta = Awaited<ReturnType<ReturnType<typeof selectMeta>['all']>>[number];

/** A report as the directory knows it: who, which year, from which file; none of its tables. */
export type ReportEntry = Awaited<ReturnType<ReturnType<typeof selectEntries>['all']>>[number];

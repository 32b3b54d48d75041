import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { inArray } from 'drizzle-orm';
import type { ReportDraft } from '../../src/ingest/types.js';
import type { Orm } from '../client.js';
import { reportContentTable } from '../schema.js';

/** What a report_content row holds: the report's draft less its reports row (year, scope, kind, pages) and unit. */
export type ReportContent = Pick<ReportDraft, 'tables' | 'missingTables' | 'facts' | 'prose'>;

/** The encoding's version: a row of another format is read from the tables instead (and written again on derive). */
export const CONTENT_FORMAT = 1;

/**
 * The content as the tables give it back (db/mappers.ts): the same keys in the same order, absent optional fields
 * absent (JSON keeps null, drops undefined), so a report read from either is the same object.
 */
export function contentOf(draft: ReportDraft): ReportContent {
  return {
    tables: draft.tables,
    missingTables: draft.missingTables,
    facts: draft.facts,
    ...(draft.prose ? { prose: draft.prose } : {}),
  };
}

/** Deflated JSON: about a tenth of the JSON (10 KB for a 100 KB report), inflated and parsed in about a millisecond. */
export const encodeContent = (content: ReportContent): Buffer =>
  deflateRawSync(Buffer.from(JSON.stringify(content)), { level: 6 });
export const decodeContent = (body: Buffer): ReportContent => JSON.parse(inflateRawSync(body).toString('utf8'));

/** Writes (or replaces) a report's content row; inside the caller's transaction. */
export async function writeContent(orm: Orm, reportId: number, content: ReportContent): Promise<void> {
  const row = { reportId, format: CONTENT_FORMAT, body: encodeContent(content) };
  await orm
    .insert(reportContentTable)
    .values(row)
    .onConflictDoUpdate({ target: reportContentTable.reportId, set: { format: row.format, body: row.body } });
}

/** The content of these reports whose rows are of CONTENT_FORMAT; the others are to be read from the tables. */
export async function readContents(orm: Orm, reportIds: readonly number[]): Promise<Map<number, ReportContent>> {
  const rows = await orm
    .select({ reportId: reportContentTable.reportId, format: reportContentTable.format, body: reportContentTable.body })
    .from(reportContentTable)
    .where(inArray(reportContentTable.reportId, [...reportIds]));
  return new Map(rows.filter((r) => r.format === CONTENT_FORMAT).map((r) => [r.reportId, decodeContent(r.body)]));
}

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { inArray } from 'drizzle-orm';
import type { ReportDraft } from '../../src/ingest/types.js';
import type { Orm } from '../client.js';
import { reportContentTable } from '../schema.js';

/** What a report_content row holds: the report's draft less its reports row (year, scope, kind, pages) and unit. */
export type ReportContent = Pick<ReportDraft, 'tables' | 'missingTables' | 'facts' | 'prose'>;

/**
 * The encoding's version, written by this program: deflated JSON in UTF-16LE (2). Format 1, the same JSON in UTF-8,
 * is still read as it is: it takes about twice as long to decode (UTF-8 decoding of mostly Chinese text alone is
 * 0.7 ms a report against 0.1 ms), and a report's copy is written again in format 2 whenever it is saved or derived.
 * A row of any other format is read from the tables instead (and written again on derive).
 */
export const CONTENT_FORMAT = 2;
const TEXT_ENCODING: Record<number, BufferEncoding> = { 1: 'utf8', 2: 'utf16le' };
export const READABLE_FORMATS = Object.keys(TEXT_ENCODING).map(Number);

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

/**
 * Deflated JSON: about a seventh of the JSON's UTF-16 bytes (11 KB for a 75,000-character report), inflated, decoded
 * and parsed in about 0.8 ms.
 */
export const encodeContent = (content: ReportContent): Buffer =>
  deflateRawSync(Buffer.from(JSON.stringify(content), TEXT_ENCODING[CONTENT_FORMAT]), { level: 6 });
export const decodeContent = (body: Buffer, format: number = CONTENT_FORMAT): ReportContent =>
  JSON.parse(inflateRawSync(body).toString(TEXT_ENCODING[format]));

/** Writes (or replaces) a report's content row; inside the caller's transaction. */
export async function writeContent(orm: Orm, reportId: number, content: ReportContent): Promise<void> {
  const row = { reportId, format: CONTENT_FORMAT, body: encodeContent(content) };
  await orm
    .insert(reportContentTable)
    .values(row)
    .onConflictDoUpdate({ target: reportContentTable.reportId, set: { format: row.format, body: row.body } });
}

/** The content of these reports whose rows are of a readable format; the others are to be read from the tables. */
export async function readContents(orm: Orm, reportIds: readonly number[]): Promise<Map<number, ReportContent>> {
  const rows = await orm
    .select({ reportId: reportContentTable.reportId, format: reportContentTable.format, body: reportContentTable.body })
    .from(reportContentTable)
    .where(inArray(reportContentTable.reportId, [...reportIds]));
  return new Map(
    rows.filter((r) => r.format in TEXT_ENCODING).map((r) => [r.reportId, decodeContent(r.body, r.format)]),
  );
}

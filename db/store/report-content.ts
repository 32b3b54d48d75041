import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { answeringSentences, type Fact, type ReportDraft } from '../../src/ingest/types.js';
import type { Orm } from '../client.js';
import { reportContentTable } from '../schema.js';

/** What a report_content row holds: the report's draft less its reports row (year, scope, kind, pages) and unit. */
export type ReportContent = Pick<ReportDraft, 'tables' | 'missingTables' | 'facts' | 'prose'>;

/**
 * The encoding's version, written by this program (3): the JSON texts of the content's parts (tables, missing tables,
 * facts, prose), one a line, in UTF-16LE, deflated. A reader decodes and parses only the parts it needs, each from its
 * own slice: answering never reads the prose, and no part becomes one string as long as the whole report (a string of
 * more than 64k UTF-16 units is allocated in V8's old generation, where every first touch of a report would add to
 * what the next major collection must sweep). Formats 1 (the whole content as one JSON text in UTF-8, about twice as
 * slow to decode) and 2 (the same in UTF-16LE) are still read as they are; a report's copy is written again in format 3
 * whenever it is saved or derived. A row of any other format is read from the tables instead (and written again on
 * derive).
 */
export const CONTENT_FORMAT = 3;
const WHOLE_TEXT_ENCODING: Record<number, BufferEncoding> = { 1: 'utf8', 2: 'utf16le' };
export const READABLE_FORMATS = [...Object.keys(WHOLE_TEXT_ENCODING).map(Number), CONTENT_FORMAT];

/** Format 3 has four parts: tables, missing tables, facts, prose. */
const PARTS = 4;
/** U+000A in UTF-16LE: JSON.stringify escapes a line feed inside a string, so it only ever separates parts. */
const LINE_FEED = Buffer.from('\n', 'utf16le');

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
 * Deflated parts: about a seventh of the JSON's UTF-16 bytes (11 KB for a 75,000-character report). The facts part
 * gives each sentence once, [sentences, facts with the index of theirs]: a report's facts quote about 50 sentences 150
 * times, and one string a sentence is also what the report holds in memory once read.
 */
export const encodeContent = (content: ReportContent): Buffer => {
  const sentences = new Map<string, number>();
  const indexOf = (s: string) => {
    let i = sentences.get(s);
    if (i === undefined) sentences.set(s, (i = sentences.size));
    return i;
  };
  const facts = content.facts.map((f) => ({ ...f, sentence: indexOf(f.sentence) }));
  const parts = [content.tables, content.missingTables, [[...sentences.keys()], facts], content.prose ?? null];
  return deflateRawSync(Buffer.from(parts.map((p) => JSON.stringify(p)).join('\n'), 'utf16le'), { level: 6 });
};

/**
 * What a reader needs of a report: everything (re-audit, re-import), or what answering reads: of the prose, only the
 * sentences that give a reason (主要原因…), which answer 为什么, and those saying that something did not happen (see
 * answeringSentences).
 */
export type ContentParts = 'all' | 'answering';

/** The content of one row; with 'answering', only the prose sentences answering reads (answeringSentences). */
export function decodeContent(
  body: Buffer,
  format: number = CONTENT_FORMAT,
  parts: ContentParts = 'all',
): ReportContent {
  const text = inflateRawSync(body);
  if (format !== CONTENT_FORMAT) {
    const whole: ReportContent = JSON.parse(text.toString(WHOLE_TEXT_ENCODING[format]));
    if (parts === 'answering' && whole.prose) whole.prose = answeringSentences(whole.prose);
    return whole;
  }
  const cuts: number[] = [];
  for (let at = text.indexOf(LINE_FEED); at !== -1; at = text.indexOf(LINE_FEED, at + 1))
    if (at % 2 === 0) cuts.push(at);
  if (cuts.length !== PARTS - 1) throw new Error(`report content: ${cuts.length + 1} parts, not ${PARTS}`);
  const part = (i: number) =>
    JSON.parse(text.toString('utf16le', i === 0 ? 0 : cuts[i - 1] + LINE_FEED.length, cuts[i] ?? text.length));
  const [sentences, facts]: [string[], (Omit<Fact, 'sentence'> & { sentence: number | string })[]] = part(2);
  for (const f of facts) f.sentence = sentences[f.sentence as number];
  const prose = parts === 'all' ? part(3) : answeringSentences(part(3));
  return { tables: part(0), missingTables: part(1), facts: facts as Fact[], ...(prose ? { prose } : {}) };
}

/** Writes (or replaces) a report's content row; inside the caller's transaction. */
/** A report's copy, its content as encodeContent gives it (a Uint8Array when it came from another thread). */
export async function writeContent(orm: Orm, reportId: number, encoded: Uint8Array): Promise<void> {
  const body = Buffer.isBuffer(encoded) ? encoded : Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const row = { reportId, format: CONTENT_FORMAT, body };
  await orm
    .insert(reportContentTable)
    .values(row)
    .onConflictDoUpdate({ target: reportContentTable.reportId, set: { format: row.format, body: row.body } });
}

/** A report_content row's content when its format is readable ([] when not, or when the report has no row). */
export const readableContent = (
  row: { format: number | null; body: Buffer | null },
  parts: ContentParts,
): ReportContent[] =>
  row.body && row.format !== null && READABLE_FORMATS.includes(row.format)
    ? [decodeContent(row.body, row.format, parts)]
    : [];

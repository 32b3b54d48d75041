import { derivedRows, type DerivedRows } from '../../db/store/derived.js';
import { contentOf, encodeContent } from '../../db/store/report-content.js';
import { DERIVED_VERSION, deriveReport } from '../query/derive.js';
import { draftView } from '../query/report-view.js';
import { type ParseLimits, parseBytes } from './parse-bytes.js';
import type { ParsedReport } from './parse-file.js';
import type { ImportDeadline } from './limits.js';
import { checkedDraft } from './types.js';

/**
 * A parsed report with the work its save needs done ahead: its derived figures as their rows and its content copy
 * encoded. Plain data, so that a bulk import's parse worker makes it and the thread that saves only writes (deriving
 * and encoding took a quarter of that thread's time a report).
 */
export interface ReportToSave extends ParsedReport {
  derived: { rows: DerivedRows; version: number };
  content: Uint8Array;
}

/** The report ready to save; its draft checked (checkedDraft), which a worker's reply is taken as (checkedInWorker). */
export function readyToSave(file: string, parsed: ParsedReport): ReportToSave {
  const draft = checkedDraft(parsed.draft);
  return {
    ...parsed,
    draft,
    derived: { rows: derivedRows(deriveReport(draftView(draft, file))), version: DERIVED_VERSION },
    content: encodeContent(contentOf(draft)),
  };
}

/** parseBytes, each report made ready to save. */
export async function parseToSave(
  file: string,
  bytes: Uint8Array,
  limits: ParseLimits,
  deadline: ImportDeadline,
): Promise<ReportToSave[]> {
  const parsed = await parseBytes(file, bytes, limits, deadline);
  deadline.check();
  return parsed.map((p) => readyToSave(file, p));
}

/** How importBytes gets a file's reports: parseToSave here, or a parse worker's (src/ingest/parse-ahead.ts). */
export type Parser = typeof parseToSave;

import { extractLines } from './extract.js';
import { DEFAULT_MAX_PAGES, type ImportDeadline } from './limits.js';
import { parseFile, type ParsedReport } from './parse-file.js';

export interface ParseLimits {
  partial?: boolean;
  /** the unit as the importer names it, for a file that names none (src/ingest/parse-report.ts ParseOptions) */
  unitName?: string;
  maxBytes?: number;
  maxPages?: number;
}

/** A file's bytes → its reports, parsed and audited; stopped between stages when `deadline` has passed. */
export async function parseBytes(
  file: string,
  bytes: Uint8Array,
  opts: ParseLimits,
  deadline: ImportDeadline,
): Promise<ParsedReport[]> {
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  const extracted = await extractLines({ fileName: file, bytes, maxBytes: opts.maxBytes, maxPages, deadline });
  deadline.check();
  const parsed = parseFile(extracted, { fileName: file, partial: opts.partial, unitName: opts.unitName });
  deadline.check();
  return parsed;
}

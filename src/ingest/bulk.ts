import type { Db } from '../../db/client.js';
import { isUserError } from '../errors.js';
import { type ImportOptions, type ImportSummary, importBytes } from './import-file.js';
import { isZipArchive, listZip, zipLimits } from './zip.js';
import { DEFAULT_MAX_BYTES } from './extract.js';

/** One file of a bulk import: a path, or `archive.zip/inner/file.pdf` for a file inside an archive. */
export interface BulkRow {
  file: string;
  ok: boolean;
  /** one per report in the file (a file bound together from several reports has several) */
  summaries?: ImportSummary[];
  error?: string;
}

/** A file to import, or one already known to fail (an archive refused whole). */
export type BulkStep = { file: string; run: () => Promise<ImportSummary[]> } | { file: string; error: string };

export type Progress = (done: number, total: number, file: string, failures: number) => void;

export const errorText = (e: unknown): string =>
  isUserError(e) ? e.message : `内部错误：${e instanceof Error ? e.message : String(e)}`;

/**
 * An archive's report files as steps, named `label/inner/path`; each inflates its entry only when it runs.
 * Throws a UserError when the archive as a whole is refused (broken directory, over a limit): nothing is imported.
 */
export function zipSteps(
  db: Db,
  label: string,
  bytes: Uint8Array,
  opts: ImportOptions,
): { steps: BulkStep[]; skipped: string[] } {
  const archive = label.split(/[\\/]/).pop()!;
  const { entries, skipped } = listZip(archive, bytes, zipLimits(opts.maxBytes ?? DEFAULT_MAX_BYTES));
  const steps = entries.map(
    (e): BulkStep => ({ file: `${label}/${e.path}`, run: () => importBytes(db, e.name, e.read(), opts) }),
  );
  return { steps, skipped };
}

/** One file at a time, each in its own transaction: a bad file is reported and the rest go on. */
export async function runSteps(steps: BulkStep[], progress?: Progress): Promise<BulkRow[]> {
  const rows: BulkRow[] = [];
  const failures = () => rows.filter((r) => !r.ok).length;
  for (const [i, step] of steps.entries()) {
    progress?.(i, steps.length, step.file, failures());
    if ('error' in step) {
      rows.push({ file: step.file, ok: false, error: step.error });
      continue;
    }
    try {
      rows.push({ file: step.file, ok: true, summaries: await step.run() });
    } catch (e) {
      rows.push({ file: step.file, ok: false, error: errorText(e) });
    }
  }
  progress?.(steps.length, steps.length, '', failures());
  return rows;
}

export type UploadResult =
  | { kind: 'file'; summaries: ImportSummary[] }
  | { kind: 'zip'; rows: BulkRow[]; skipped: string[] };

/**
 * A file sent in chat: a zip is unpacked and each report in it imported like a bulk import (rows named
 * `archive.zip/inner/file.pdf`); anything else is one file, of one report or several. A zip refused whole throws its UserError.
 */
export async function importUpload(
  db: Db,
  name: string,
  bytes: Uint8Array,
  opts: ImportOptions = {},
): Promise<UploadResult> {
  if (!isZipArchive(name, bytes)) return { kind: 'file', summaries: await importBytes(db, name, bytes, opts) };
  const { steps, skipped } = zipSteps(db, name, bytes, opts);
  return { kind: 'zip', rows: await runSteps(steps), skipped };
}

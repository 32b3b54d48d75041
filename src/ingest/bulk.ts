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

/**
 * A file to import, or one already known to fail (an archive refused whole). `readAhead`, when the step has one, is
 * called before its turn: it reads the file and, if its bytes are new, starts parsing them in a worker (see
 * parse-ahead.ts); it resolves once the file is read and checked, while the parse goes on.
 */
export type BulkStep =
  | { file: string; run: () => Promise<ImportSummary[]>; readAhead?: () => Promise<void> }
  | { file: string; error: string };

/** Files read and set parsing ahead of the one being saved: one in the worker, one waiting. */
const READ_AHEAD = 2;

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

/**
 * Files whose saves share one transaction, each file in its own savepoint: a file that fails rolls back alone and the
 * rest go on, as with a transaction a file. A transaction a file makes SQLite write every index page a report touches
 * (its figures and cells are spread over indexes ordered by subject across all units) to the WAL once per file; a
 * batch writes them once. A batch ends after `files` files or `ms` milliseconds, whichever comes first, so that
 * another process waiting to write waits at most about that long. The batch holds this connection's queue while its
 * files are read and parsed: for a separate import process (the CLI), not for a bot that answers meanwhile.
 */
export interface Batching {
  db: Db;
  files: number;
  ms: number;
}

/** The CLI's batches: 200 files or 1 s. */
export const cliBatching = (db: Db): Batching => ({ db, files: 200, ms: 1000 });

/**
 * One file at a time: a bad file is reported and the rest go on; each file is its own transaction, or with
 * `batching` its own savepoint in a batch's (a batch whose commit fails marks its files failed).
 */
export async function runSteps(steps: BulkStep[], progress?: Progress, batching?: Batching): Promise<BulkRow[]> {
  const rows: BulkRow[] = [];
  const failures = () => rows.filter((r) => !r.ok).length;
  const runOne = async (step: BulkStep, i: number) => {
    progress?.(i, steps.length, step.file, failures());
    for (const next of steps.slice(i, i + 1 + READ_AHEAD)) if ('run' in next) await next.readAhead?.();
    if ('error' in step) {
      rows.push({ file: step.file, ok: false, error: step.error });
      return;
    }
    try {
      const summaries = batching ? await batching.db.withTransaction(() => step.run()) : await step.run();
      rows.push({ file: step.file, ok: true, summaries });
    } catch (e) {
      rows.push({ file: step.file, ok: false, error: errorText(e) });
    }
  };
  let i = 0;
  while (i < steps.length) {
    if (!batching) {
      await runOne(steps[i], i++);
      continue;
    }
    const first = rows.length;
    const started = performance.now();
    try {
      await batching.db.withTransaction(async () => {
        do await runOne(steps[i], i++);
        while (i < steps.length && rows.length - first < batching.files && performance.now() - started < batching.ms);
      });
    } catch (e) {
      // the batch did not commit: none of its files is stored
      for (const r of rows.slice(first)) {
        if (!r.ok) continue;
        r.ok = false;
        r.error = errorText(e);
        delete r.summaries;
      }
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

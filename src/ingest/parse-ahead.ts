import type { Worker } from 'node:worker_threads';
import { UserError, type UserErrorCode } from '../errors.js';
import { checkedInWorker } from './types.js';
import { looksLikePdf } from './extract.js';
import { DEFAULT_TIMEOUT_SECONDS, ImportDeadline } from './limits.js';
import type { ParseLimits } from './parse-bytes.js';
import { parseToSave, type ReportToSave } from './ready-to-save.js';
import { startWorkerThread } from './worker-thread.js';

export interface ParseJob {
  id: number;
  file: string;
  bytes: Uint8Array;
  limits: ParseLimits;
  timeoutSeconds: number;
}

/** A file's reports; the UserError it was refused with (the same Chinese message); or a failure of the worker's own. */
export type ParseReply = { id: number } & (
  | { parsed: ReportToSave[] }
  | { userError: { code: UserErrorCode; message: string } }
  | { failure: string }
);

const WORKER_HEAP_MB = 512;
/**
 * The worker's young generation. Parsing a report allocates about a young generation's worth of short-lived objects:
 * with V8's default (48 MB) the worker scavenged about once a report, each time copying and promoting the tables it
 * was still building, and V8's helper threads took more CPU in the whole import (16 s for 1,000 reports) than the
 * thread that saves. At 96 MB bulk import went from about 31 to 39 reports/s on 2 cores, peak RSS about 40 MB higher.
 */
const WORKER_YOUNG_MB = 96;

/**
 * A bulk import's parser: files are parsed, derived and encoded (parseToSave) in one worker thread while the main
 * thread saves the file before, so the two cores work at once. On this 2-core machine one worker gave 30 reports/s
 * against 20 with none; after the worker also derived and encoded, and with its larger young generation, one worker
 * gives 37–39 and two 34 (the cores are then busy: the worker, the main thread, SQLite's thread and V8's collector
 * threads). PDFs are parsed on the main
 * thread as before (their extraction already has its own worker). If the worker fails on a file for a reason of its
 * own (not a UserError: a crash, its heap), the file is parsed again on the main thread, so the result is the same.
 */
export class ParseAhead {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, (reply: ParseReply) => void>();

  /** The file's reports, as parseToSave gives them; `timeoutSeconds` counts from when the worker starts the file. */
  parse(file: string, bytes: Uint8Array, limits: ParseLimits, timeoutSeconds = DEFAULT_TIMEOUT_SECONDS) {
    const { partial, maxBytes, maxPages, unitName } = limits; // the limits only: an ImportOptions also holds functions
    return this.ask({
      id: this.nextId++,
      file,
      bytes,
      limits: { partial, maxBytes, maxPages, unitName },
      timeoutSeconds,
    });
  }

  /** A Parser for importBytes: through the worker, a PDF on this thread. */
  readonly parser = (file: string, bytes: Uint8Array, limits: ParseLimits, deadline: ImportDeadline) =>
    looksLikePdf(bytes)
      ? parseToSave(file, bytes, limits, deadline)
      : this.parse(file, bytes, limits, Math.max(0.001, deadline.remainingMs() / 1000));

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private async ask(job: ParseJob): Promise<ReportToSave[]> {
    const reply = await new Promise<ParseReply>((resolve) => {
      this.waiting.set(job.id, resolve);
      const w = this.started();
      w.ref(); // a file in the worker keeps the process alive
      w.postMessage(job);
    });
    if ('parsed' in reply) {
      for (const p of reply.parsed) checkedInWorker(p.draft);
      return reply.parsed;
    }
    if ('userError' in reply) throw new UserError(reply.userError.code, reply.userError.message);
    return parseToSave(job.file, job.bytes, job.limits, new ImportDeadline(job.file, job.timeoutSeconds));
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const w = startWorkerThread(import.meta.url, 'parse-worker', { oldMb: WORKER_HEAP_MB, youngMb: WORKER_YOUNG_MB });
    w.on('message', (reply: ParseReply) => {
      const resolve = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) w.unref(); // an idle worker does not
      resolve?.(reply);
    });
    // the worker gone (crashed, out of heap): every file it held is parsed on the main thread instead
    const gone = (why: string) => {
      if (this.worker === w) this.worker = null;
      for (const [id, resolve] of this.waiting) resolve({ id, failure: why });
      this.waiting.clear();
    };
    w.on('error', (e) => gone(String(e)));
    w.on('exit', (code) => gone(`parse worker exited (${code})`));
    this.worker = w;
    return w;
  }
}

import { EventEmitter } from 'node:events';
import { basename } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { isUserError, UserError } from '../errors.js';
import type { Extracted, Line } from './extract.js';
import {
  DEFAULT_MAX_PAGES,
  DEFAULT_TIMEOUT_SECONDS,
  ImportDeadline,
  type ImportLimits,
  tooManyPages,
} from './limits.js';
import {
  readPdfiumWasm,
  type PdfJob,
  type PdfModule,
  type PdfReply,
  type PdfWarm,
  WASM_HEAP_MB,
} from './pdf-protocol.js';
import { readRegularFile } from './read-file.js';
import { startWorkerThread } from './worker-thread.js';

export { groupItems, isAmountToken, type PdfItem } from './pdf-lines.js';

/**
 * PDF text comes from PDFium (WebAssembly) in one worker thread (src/ingest/pdf-worker.ts), so the bot keeps answering while a PDF is
 * read. One PDF at a time: a second import waits in `queue`. The worker stays up for IDLE_MS after its last PDF (a folder
 * of PDFs does not start it for each file), never keeps the process alive when idle, and is stopped after that. A PDF
 * still being read when its import's time runs out is stopped by terminating the worker (it holds nothing the main
 * thread shares, and the store is not touched until the lines are back); the next PDF starts a new one.
 */
const IDLE_MS = 10_000;
/**
 * V8 old space of the worker; past it the worker dies and the import fails with a Chinese message, the bot lives on.
 * PDFium's own memory is WebAssembly memory, bounded by the worker (WASM_HEAP_MB).
 */
const WORKER_HEAP_MB = 512;

/** 'start' and 'end' with the file name, in the order the queue runs them, and 'page' (file name, page number) */
export const pdfJobs = new EventEmitter();

/**
 * Tests only: an Int32Array on a SharedArrayBuffer; the worker thread then blocks synchronously after reading page 1
 * until [0] is set and notified, which proves the main thread answers while the PDF's thread cannot move.
 */
export const pdfTesting: { pauseAfterFirstPage: Int32Array | null; compileInWorker: boolean } = {
  pauseAfterFirstPage: null,
  /** a worker started now is sent no compiled PDFium, as when the main thread could not compile it */
  compileInWorker: false,
};

interface Job {
  id: number;
  /** the worker reading it: a worker that dies or is terminated fails only its own job */
  worker: Worker;
  fileName: string;
  lines: Line[];
  resolve: (x: { pageCount: number; lines: Line[] }) => void;
  reject: (e: unknown) => void;
}

let worker: Worker | null = null;
let current: Job | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let nextId = 1;
let queue: Promise<unknown> = Promise.resolve();

/**
 * PDFium's WebAssembly compiled by this thread, once a process, when the first worker starts, and sent to it at once:
 * the compile (about 25 ms, synchronous, with the 9 ms read of the file) is done before the worker thread has even
 * booted (about 150 ms), instead of after it — or, compiled asynchronously, whenever this thread's event loop is free,
 * which in the CLI is after it has loaded the importers. Each worker gets it as its first message (a worker started
 * after a timeout too); null if it could not be compiled here.
 */
let pdfiumModule: WebAssembly.Module | null | undefined;
function compiledPdfium(): WebAssembly.Module | null {
  if (pdfiumModule === undefined) {
    try {
      pdfiumModule = new WebAssembly.Module(readPdfiumWasm());
    } catch {
      pdfiumModule = null;
    }
  }
  return pdfiumModule;
}

function getWorker(): Worker {
  if (worker) return worker;
  const w = startWorkerThread(import.meta.url, 'pdf-worker', { oldMb: WORKER_HEAP_MB });
  w.postMessage({ module: pdfTesting.compileInWorker ? null : compiledPdfium() } satisfies PdfModule);
  w.on('message', (reply: PdfReply) => {
    const job = current;
    if (!job || reply.id !== job.id) return;
    if (reply.type === 'page') {
      for (const line of reply.lines) job.lines.push(line);
      pdfJobs.emit('page', job.fileName, reply.page);
      return;
    }
    current = null;
    if (reply.type === 'done') job.resolve({ pageCount: reply.pageCount, lines: job.lines });
    else
      job.reject(
        Object.assign(new Error(reply.message), { name: reply.name, stack: reply.stack, pageCount: reply.pageCount }),
      );
  });
  const died = (e: unknown) => {
    if (worker === w) worker = null;
    const job = current;
    if (job?.worker !== w) return;
    current = null;
    job.reject(e);
  };
  w.on('error', died);
  w.on('exit', (code) =>
    died(Object.assign(new Error(`PDF worker exited with code ${code}`), { code: 'ERR_WORKER_EXITED' })),
  );
  worker = w;
  return w;
}

/** A PDF's page limit and its import's clock, which starts again when the worker takes the PDF up. */
interface PdfLimits {
  maxPages: number;
  deadline: ImportDeadline;
}

function runJob(fileName: string, bytes: Uint8Array, limits: PdfLimits): Promise<{ pageCount: number; lines: Line[] }> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const w = getWorker();
  w.ref(); // a job in flight keeps the process alive (the CLI awaits nothing else)
  const id = nextId++;
  const copy = new Uint8Array(bytes); // transferred to the worker (no second copy); the caller keeps its bytes
  let timer: NodeJS.Timeout | undefined;
  return new Promise<{ pageCount: number; lines: Line[] }>((resolve, reject) => {
    const job: Job = { id, worker: w, fileName, lines: [], resolve, reject };
    current = job;
    limits.deadline.restartAt(Date.now());
    timer = setTimeout(() => stopJob(job, limits.deadline.error()), limits.deadline.remainingMs());
    const pause = pdfTesting.pauseAfterFirstPage ?? undefined;
    w.postMessage({ id, bytes: copy, maxPages: limits.maxPages, pause } satisfies PdfJob, [copy.buffer]);
  }).finally(() => {
    clearTimeout(timer);
    if (worker !== w) return;
    w.unref();
    idleTimer = setTimeout(stopWorker, IDLE_MS).unref();
  });
}

/**
 * Out of time: the worker thread is terminated wherever it is (inside PDFium, or blocked), its job fails with the
 * deadline's error, and the next PDF gets a new worker.
 */
function stopJob(job: Job, error: UserError): void {
  if (current !== job) return;
  current = null;
  if (worker === job.worker) worker = null;
  void job.worker.terminate();
  job.reject(error);
}

/**
 * Starts the worker and has it load PDFium (and read a one-line PDF) now, while the caller does other work: the CLI's
 * `import` calls it before loading the parser and opening the files, so that the first PDF does not wait for the
 * WebAssembly to compile. Keeps no process alive; stopped after IDLE_MS like any worker.
 */
export function warmPdfWorker(): void {
  const w = getWorker();
  w.postMessage({ warm: true } satisfies PdfWarm);
  if (current) return;
  w.unref();
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(stopWorker, IDLE_MS).unref();
}

/** Stops the worker now if it is idle (tests; a bot shutting down); a later PDF starts a new one. */
export async function stopWorker(): Promise<void> {
  const w = worker;
  if (!w || current) return;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  worker = null;
  await w.terminate();
}

/** Runs `task` after every PDF queued before it has finished, success or failure. */
function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

/** Runs one PDF through the queue, with its 'start' and 'end' events; errors are the worker's own. */
function queued(fileName: string, bytes: Uint8Array, limits: PdfLimits): Promise<{ pageCount: number; lines: Line[] }> {
  return enqueue(async () => {
    pdfJobs.emit('start', fileName);
    try {
      return await runJob(fileName, bytes, limits);
    } finally {
      pdfJobs.emit('end', fileName);
    }
  });
}

/** Only PDFs up to this size are read ahead: their bytes stay on the main thread until the import asks for them. */
const READ_AHEAD_MAX_BYTES = 16 * 1024 * 1024;
/** A PDF being read ahead (the CLI's first file), until extractPdf is asked for the same bytes and limits. */
let ahead: (PdfLimits & { bytes: Uint8Array; result: Promise<{ pageCount: number; lines: Line[] }> }) | null = null;

/**
 * Starts reading the PDF at `path` in the worker now, before it is imported: the CLI's `import` calls it for the first
 * file named, so that the PDF is read while the store opens and the importers load (the import then finds its lines
 * ready, or waits less), under the same limits. Anything but a regular PDF file of at most READ_AHEAD_MAX_BYTES (and
 * `maxBytes`) is left to the import, and so is every error: the import reads the file again and reports its own.
 */
export async function readAheadPdf(path: string, limits: ImportLimits): Promise<void> {
  try {
    const maxBytes = Math.min(limits.maxBytes, READ_AHEAD_MAX_BYTES);
    const bytes = await readRegularFile(path, maxBytes, () => new UserError('E_TOO_LARGE', ''));
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
    if (!head.includes('%PDF-')) return;
    const own = { maxPages: limits.maxPages, deadline: new ImportDeadline(basename(path), limits.timeoutSeconds) };
    const result = queued(basename(path), bytes, own);
    ahead = { ...own, bytes, result };
    // its error is the import's (it reads the file again); not asked for (a file already imported), it is dropped
    const drop = () => setTimeout(() => ahead?.result === result && (ahead = null), IDLE_MS).unref();
    result.then(drop, drop);
  } catch {
    // the import says what is wrong with the file
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.byteLength === b.byteLength &&
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/**
 * The PDF's lines, read in the worker: refused past `maxPages` before a page is read, and stopped when `deadline` runs
 * out (its clock starts again when the worker takes the PDF up).
 */
export async function extractPdf(
  fileName: string,
  bytes: Uint8Array,
  opts: { maxPages?: number; deadline?: ImportDeadline } = {},
): Promise<Extracted> {
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  const deadline = opts.deadline ?? new ImportDeadline(fileName, DEFAULT_TIMEOUT_SECONDS);
  const hit =
    ahead && ahead.maxPages === maxPages && ahead.deadline.seconds === deadline.seconds && sameBytes(ahead.bytes, bytes)
      ? ahead
      : null;
  if (hit) {
    ahead = null;
    deadline.restartAt(hit.deadline.started); // its time counts from the read ahead
  }
  const result = hit ? hit.result : queued(fileName, bytes, { maxPages, deadline });
  const { pageCount, lines } = await result.catch((e: unknown) => {
    throw toUserError(fileName, e, maxPages);
  });
  if (!lines.length) {
    throw new UserError(
      'E_BAD_FILE',
      `「${fileName}」：PDF 中没有可提取的文字（可能是扫描件），请提供含文字层的 PDF 或文本文件。`,
    );
  }
  return { format: 'pdf', pageCount, lines };
}

function toUserError(fileName: string, e: unknown, maxPages: number): UserError {
  if (isUserError(e)) return e; // out of time
  const err = e as { name?: string; code?: string; pageCount?: number };
  if (err?.name === 'PdfTooManyPagesError') return tooManyPages(fileName, err.pageCount ?? 0, maxPages, e);
  if (err?.name === 'PdfPasswordError') {
    return new UserError('E_BAD_FILE', `「${fileName}」：PDF 文件已加密，无法读取，请提供未加密的版本。`, { cause: e });
  }
  if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY' || err?.name === 'PdfTooLargeError') {
    const limit = err?.name === 'PdfTooLargeError' ? WASM_HEAP_MB : WORKER_HEAP_MB;
    return new UserError(
      'E_TOO_LARGE',
      `「${fileName}」：PDF 文件过于复杂，读取时超出内存上限（${limit} MB），无法导入。`,
      {
        cause: e,
      },
    );
  }
  return new UserError('E_BAD_FILE', `「${fileName}」：PDF 文件无法解析（可能已损坏或被截断）。`, { cause: e });
}

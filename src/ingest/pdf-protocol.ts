/**
 * What the main thread and the PDF worker (pdf-worker.ts) say to each other, in a module of its own: the main thread
 * imports this, never the worker's module, which loads PDFium's 300 KB of JavaScript glue as it is evaluated.
 */
import type { Line } from './extract.js';

/** main → worker: load PDFium now and read a one-line PDF, so that the first real PDF finds it compiled (no reply) */
export interface PdfWarm {
  warm: true;
}
/** main → worker: one PDF, its bytes transferred */
export interface PdfJob {
  warm?: undefined;
  id: number;
  bytes: Uint8Array;
  /** a PDF of more pages is refused before a page is read */
  maxPages: number;
  /** tests: after posting page 1 the worker thread blocks (Atomics.wait) until [0] is set and notified */
  pause?: Int32Array;
}
/** worker → main: each page's lines as soon as it is read, then done or error (plain data: structured clone) */
export type PdfReply =
  | { id: number; type: 'page'; page: number; lines: Line[] }
  | { id: number; type: 'done'; pageCount: number }
  | { id: number; type: 'error'; name: string; message: string; stack?: string; pageCount?: number };

/**
 * PDFium's heap (WebAssembly memory, outside V8's heap limit) may grow to this while a PDF is read; past it, checked after
 * each page, the import fails with 「PDF 文件过于复杂」 and the next PDF gets a new module (WebAssembly memory never shrinks).
 */
export const WASM_HEAP_MB = 768;

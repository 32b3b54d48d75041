/**
 * What the main thread and the PDF worker (pdf-worker.ts) say to each other, in a module of its own: the main thread
 * imports this, never the worker's module, which loads PDFium's 300 KB of JavaScript glue as it is evaluated.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Line } from './extract.js';

/** main → worker: load PDFium now and read a one-line PDF, so that the first real PDF finds it compiled (no reply) */
export interface PdfWarm {
  warm: true;
  module?: undefined;
}
/**
 * main → worker, the first message to every worker: PDFium's WebAssembly compiled by the main thread, once a process,
 * from the moment the first worker starts (so that it compiles while the worker thread boots), or null if that failed
 * (the worker then compiles it itself).
 */
export interface PdfModule {
  module: WebAssembly.Module | null;
}
/** main → worker: one PDF, its bytes transferred */
export interface PdfJob {
  warm?: undefined;
  module?: undefined;
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

/** PDFium's WebAssembly from its package: compiled by the main thread, or by a worker that was sent no module. */
export const readPdfiumWasm = () =>
  readFileSync(createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm'));

/**
 * PDFium's heap (WebAssembly memory, outside V8's heap limit) may grow to this while a PDF is read; past it, checked after
 * each page, the import fails with 「PDF 文件过于复杂」 and the next PDF gets a new module (WebAssembly memory never shrinks).
 */
export const WASM_HEAP_MB = 768;

/**
 * The PDF worker thread: pdf.js reads one PDF at a time, page by page, and posts each page's lines back.
 * Started by extract-pdf.ts; never imported by the main thread. pdf.js lives only here, so its polyfills
 * (the legacy build replaces Array.prototype.push, JSON.parse and JSON.stringify in Node 20) stay in this thread.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { Line } from './extract.js';
import { groupItems, toItem, type PdfItem } from './pdf-lines.js';

/** main → worker: one PDF, its bytes transferred */
export interface PdfJob {
  id: number;
  bytes: Uint8Array;
  /** tests: after posting page 1 the worker thread blocks (Atomics.wait) until [0] is set and notified */
  pause?: Int32Array;
}
/** worker → main: each page's lines as soon as it is read, then done or error (plain data: structured clone) */
export type PdfReply =
  | { id: number; type: 'page'; page: number; lines: Line[] }
  | { id: number; type: 'done'; pageCount: number }
  | { id: number; type: 'error'; name: string; message: string; stack?: string };

/**
 * Fonts parsed for earlier pages stay cached in the document: most pages share them, and parsing a CJK font again costs
 * a second or more. When the worker's external memory (font programs are typed arrays) has grown by this much since
 * the last check point, the caches are dropped between pages, so a long PDF whose parts bring their own fonts (reports
 * bound together) stays in about the memory of one part.
 */
const FONT_CACHE_GROWTH_BYTES = 32 * 1024 * 1024;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
const pdfRoot = () => path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * The minified builds: the same code without `sourceMappingURL` comments, so that Node does not read and parse 8 MB of
 * source maps when source maps are on (tsx turns them on for the whole process). The worker half first: it sets
 * globalThis.pdfjsWorker, which pdf.js then runs in this thread instead of importing its worker file on first use.
 *
 * The legacy build's core-js replaces Array.prototype.push with a JavaScript loop on Node 20 (V8 bug 12681: no error
 * when pushing onto an array whose length is read-only, which pdf.js never does); font parsing pushes millions of
 * bytes, so the native push is put back in this thread: about 12% less CPU on the 25-page 财政局 PDF, same text.
 */
async function loadPdfJs(): Promise<PdfJs> {
  const push = Array.prototype.push;
  await import('pdfjs-dist/legacy/build/pdf.worker.min.mjs');
  const lib = await import('pdfjs-dist/legacy/build/pdf.min.mjs');
  Array.prototype.push = push;
  return lib;
}

/** Reads the PDF page by page, handing each page's lines to `onPage`; returns the page count. Errors are pdf.js's own. */
export async function readPdf(bytes: Uint8Array, onPage: (page: number, lines: Line[]) => void): Promise<number> {
  pdfjs ??= loadPdfJs();
  const { getDocument } = await pdfjs;
  const root = pdfRoot();
  const task = getDocument({
    data: bytes, // pdf.js takes ownership (it may detach the buffer): the caller sends a copy
    cMapUrl: `${root}/cmaps/`,
    cMapPacked: true,
    // fonts that are not embedded: their metrics keep item widths as they were
    standardFontDataUrl: `${root}/standard_fonts/`,
    verbosity: 0,
    isEvalSupported: false,
    // text only: no FontFace objects, no system font lookups, no image decoding
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
  });
  try {
    const doc = await task.promise;
    let base = -1;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items = content.items.map(toItem).filter((x): x is PdfItem => x !== null);
      page.cleanup();
      onPage(n, groupItems(items, n));
      const external = getHeapStatistics().external_memory;
      if (base < 0) base = external;
      else if (external - base > FONT_CACHE_GROWTH_BYTES) {
        await doc.cleanup();
        base = getHeapStatistics().external_memory;
      }
    }
    return doc.numPages;
  } finally {
    await task.destroy();
  }
}

const port = parentPort;
if (port) {
  // one job at a time: extract-pdf.ts queues, so the next message arrives only after this one's done/error
  port.on('message', async ({ id, bytes, pause }: PdfJob) => {
    try {
      const pageCount = await readPdf(bytes, (page, lines) => {
        port.postMessage({ id, type: 'page', page, lines } satisfies PdfReply);
        if (pause && page === 1) Atomics.wait(pause, 0, 0);
      });
      port.postMessage({ id, type: 'done', pageCount } satisfies PdfReply);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      port.postMessage({
        id,
        type: 'error',
        name: err.name,
        message: err.message,
        stack: err.stack,
      } satisfies PdfReply);
    }
  });
}

/**
 * The PDF worker thread: PDFium (WebAssembly, npm @embedpdf/pdfium) reads one PDF at a time, page by page, and posts
 * each page's lines back. Started by extract-pdf.ts; never imported by the main thread, so PDFium's JavaScript glue and
 * its WebAssembly heap live only here (the main thread compiles the 4.6 MB WebAssembly once and sends it, see PdfModule).
 */
import { parentPort } from 'node:worker_threads';
import { init, type WrappedPdfiumModule } from '@embedpdf/pdfium';
import type { Line } from './extract.js';
import {
  readPdfiumWasm,
  type PdfJob,
  type PdfModule,
  type PdfReply,
  type PdfWarm,
  WASM_HEAP_MB,
} from './pdf-protocol.js';
import { groupItems } from './pdf-lines.js';
import { heapOf, pageItems } from './pdfium-items.js';

/** FPDF_GetLastError codes (fpdfview.h) */
const FPDF_ERR_PASSWORD = 4;
const FPDF_ERR_SECURITY = 5;

/**
 * A PDF PDFium cannot read: `name` is 'PdfPasswordError' for an encrypted one, 'PdfTooLargeError' past WASM_HEAP_MB,
 * 'PdfTooManyPagesError' past the job's page limit (with its `pageCount`), 'PdfFormatError' otherwise.
 */
export class PdfReadError extends Error {
  constructor(
    name: 'PdfPasswordError' | 'PdfFormatError' | 'PdfTooLargeError' | 'PdfTooManyPagesError',
    message: string,
    readonly pageCount?: number,
  ) {
    super(message);
    this.name = name;
  }
}

/** see readPdf */
const RELOAD_GROWTH_BYTES = 32 * 1024 * 1024;

let pdfium: Promise<WrappedPdfiumModule> | undefined;

/**
 * PDFium's WebAssembly as the main thread compiled it (its first message to this worker, see PdfModule), or null: not
 * sent (readPdf called outside a worker, in tests) or not compiled there.
 */
let resolveModule: (m: WebAssembly.Module | null) => void = () => {};
const compiledByMain: Promise<WebAssembly.Module | null> = parentPort
  ? new Promise((resolve) => {
      resolveModule = resolve;
    })
  : Promise.resolve(null);

async function loadPdfium(): Promise<WrappedPdfiumModule> {
  const module = await compiledByMain;
  let p: WrappedPdfiumModule;
  if (module) {
    // Emscripten's hook for a module compiled elsewhere: instantiate it with the imports it asks for
    let failed: (e: unknown) => void = () => {};
    const failure = new Promise<never>((_, reject) => {
      failed = reject;
    });
    p = await Promise.race([
      init({
        instantiateWasm: (
          imports: WebAssembly.Imports,
          receive: (i: WebAssembly.Instance, m: WebAssembly.Module) => void,
        ) => {
          WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module), failed);
          return {};
        },
      } as Parameters<typeof init>[0]),
      failure,
    ]);
  } else {
    p = await init({ wasmBinary: readPdfiumWasm() });
  }
  p.PDFiumExt_Init();
  return p;
}

/**
 * Reads the PDF page by page, handing each page's lines to `onPage`; returns the page count. A PDF of more than
 * `maxPages` pages is refused as soon as it is opened: PDFium knows the count from the page tree, before any page is
 * loaded (and reads no more pages than it counts, whatever the tree holds). Each page is closed before
 * the next is loaded (its text page and objects freed); the document and the copy of the file in PDFium's heap are freed
 * at the end. PDFium keeps the fonts (and parsed objects) of a document, which most pages share; when its heap has
 * grown by RELOAD_GROWTH_BYTES since the document was opened, the document is closed and opened again between pages,
 * so a PDF bound together from parts with their own fonts stays in about the memory of a few parts.
 */
export async function readPdf(
  bytes: Uint8Array,
  onPage: (page: number, lines: Line[]) => void,
  maxPages = Number.POSITIVE_INFINITY,
): Promise<number> {
  pdfium ??= loadPdfium();
  let p: WrappedPdfiumModule;
  try {
    p = await pdfium;
  } catch (e) {
    pdfium = undefined;
    throw e;
  }
  const m = heapOf(p);
  const data = m.wasmExports.malloc(Math.max(1, bytes.length));
  let doc = 0;
  try {
    m.HEAPU8.set(bytes, data);
    doc = p.FPDF_LoadMemDocument(data, bytes.length, '');
    if (!doc) {
      const code = p.FPDF_GetLastError();
      if (code === FPDF_ERR_PASSWORD || code === FPDF_ERR_SECURITY) {
        throw new PdfReadError('PdfPasswordError', 'the PDF is encrypted');
      }
      throw new PdfReadError('PdfFormatError', `PDFium cannot open the PDF (error ${code})`);
    }
    const pageCount = p.FPDF_GetPageCount(doc);
    if (pageCount > maxPages) {
      throw new PdfReadError('PdfTooManyPagesError', `${pageCount} pages, over ${maxPages}`, pageCount);
    }
    let heapAtLoad = m.HEAPU8.length;
    for (let n = 1; n <= pageCount; n++) {
      const page = p.FPDF_LoadPage(doc, n - 1);
      if (!page) throw new PdfReadError('PdfFormatError', `PDFium cannot read page ${n}`);
      let lines: Line[];
      try {
        lines = groupItems(pageItems(p, page), n);
      } finally {
        p.FPDF_ClosePage(page);
      }
      onPage(n, lines);
      if (m.HEAPU8.length > WASM_HEAP_MB * 1024 * 1024) {
        pdfium = undefined; // its memory goes with it
        doc = 0;
        throw new PdfReadError('PdfTooLargeError', `PDFium's heap passed ${WASM_HEAP_MB} MB at page ${n}`);
      }
      if (n < pageCount && m.HEAPU8.length - heapAtLoad > RELOAD_GROWTH_BYTES) {
        // WebAssembly memory never shrinks, but what the closed document frees is used again
        p.FPDF_CloseDocument(doc);
        doc = p.FPDF_LoadMemDocument(data, bytes.length, '');
        if (!doc) throw new PdfReadError('PdfFormatError', 'PDFium cannot open the PDF again');
        heapAtLoad = m.HEAPU8.length;
      }
    }
    return pageCount;
  } catch (e) {
    // a trap in the WebAssembly (out of memory, abort) leaves the module unusable: the next PDF starts a new one
    if (e instanceof WebAssembly.RuntimeError) {
      pdfium = undefined;
      doc = 0;
    }
    throw e;
  } finally {
    if (pdfium) {
      if (doc) p.FPDF_CloseDocument(doc);
      m.wasmExports.free(data);
    }
  }
}

/** A one-page PDF with one line of text in a standard font, written with correct offsets. */
function warmUpPdf(): Uint8Array {
  const content = 'BT /F1 12 Tf 72 200 Td (1,234.56) Tj ET';
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = objs.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

const port = parentPort;
if (port) {
  // one job at a time: extract-pdf.ts queues, so the next message arrives only after this one's done/error
  port.on('message', async (msg: PdfJob | PdfWarm | PdfModule) => {
    if (msg.module !== undefined) {
      resolveModule(msg.module);
      return;
    }
    if (msg.warm) {
      // the read runs without an await inside its page loop, so a job arriving meanwhile waits for it
      await readPdf(warmUpPdf(), () => {}).catch(() => {});
      return;
    }
    const { id, bytes, maxPages, pause } = msg;
    try {
      const pageCount = await readPdf(
        bytes,
        (page, lines) => {
          port.postMessage({ id, type: 'page', page, lines } satisfies PdfReply);
          if (pause && page === 1) Atomics.wait(pause, 0, 0);
        },
        maxPages,
      );
      port.postMessage({ id, type: 'done', pageCount } satisfies PdfReply);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      port.postMessage({
        id,
        type: 'error',
        name: err.name,
        message: err.message,
        stack: err.stack,
        pageCount: err instanceof PdfReadError ? err.pageCount : undefined,
      } satisfies PdfReply);
    }
  });
}

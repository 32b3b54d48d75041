/** pdf.js's minified builds (the same code, without source-map comments); the package ships types only for pdf.mjs. */
declare module 'pdfjs-dist/legacy/build/pdf.min.mjs' {
  export * from 'pdfjs-dist/legacy/build/pdf.mjs';
}
/** pdf.js's worker half, imported for its side effect (it sets globalThis.pdfjsWorker). */
declare module 'pdfjs-dist/legacy/build/pdf.worker.min.mjs';

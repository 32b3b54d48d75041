/**
 * The CLI's entry point. It imports almost nothing itself: `import` of a PDF starts the PDF worker reading the first
 * file before the rest of the program loads (about 0.2 s of modules), so that PDFium's start and the read run while
 * the main thread loads the store and the importers. Everything else is src/cli/run.ts.
 */
import { importLimitsFromEnv } from '../ingest/limits.js';

const argv = process.argv.slice(2);
if (argv[0] === 'import') {
  // import's own options are flags; the first other argument is the first file
  const files = argv.slice(1).filter((a) => !a.startsWith('-'));
  const limits = importLimitsFromEnv();
  if (files.length && limits) {
    const { readAheadPdf, warmPdfWorker } = await import('../ingest/extract-pdf.js');
    if (/\.pdf$/i.test(files[0])) await readAheadPdf(files[0], limits);
    else if (files.some((f) => !/\.(txt|docx?|html?|xlsx?|csv)$/i.test(f))) warmPdfWorker();
  }
}
const { runCli } = await import('./run.js');
await runCli(argv);

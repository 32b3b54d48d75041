// `npm run build` (and `prepare`, so `npm ci` builds): the program bundled by esbuild into dist/ — main.js (`npm start`),
// cli.js (`npm run cli`), pdf-worker.js and parse-worker.js (the PDF and bulk-parse worker threads, found beside
// the chunk that starts them), with the chunks they share in the same folder. Our code and the pure-JavaScript libraries every start loads (drizzle-orm, zod:
// about 190 ES modules between them) are bundled, because a process spends most of a short CLI run resolving and
// compiling modules one by one; every other dependency (native addons, WebAssembly, packages that read their own
// files) stays in node_modules. Type checking is `npm run check` (tsc --noEmit); tests run the TypeScript.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { bundleOptions } from './bundle-options.mjs';

const outdir = new URL('../dist/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    main: 'src/main.ts',
    cli: 'src/cli/main.ts',
    'pdf-worker': 'src/ingest/pdf-worker.ts',
    'parse-worker': 'src/ingest/parse-worker.ts',
  },
  outdir,
  ...bundleOptions,
  splitting: true,
  chunkNames: '[name]-[hash]',
  sourcemap: true,
});

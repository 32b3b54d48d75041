// `npm run build` (and `prepare`, so `npm ci` builds): the program bundled by esbuild into dist/ — main.js (`npm start`),
// cli.js (`npm run cli`) and pdf-worker.js (the PDF worker thread, found beside the chunk that starts it), with the
// chunks they share in the same folder. Our code and the pure-JavaScript libraries every start loads (drizzle-orm, zod:
// about 190 ES modules between them) are bundled, because a process spends most of a short CLI run resolving and
// compiling modules one by one; every other dependency (native addons, WebAssembly, packages that read their own
// files) stays in node_modules. Type checking is `npm run check` (tsc --noEmit); tests run the TypeScript.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const BUNDLED = new Set(['drizzle-orm', 'zod', 'decimal.js', 'string-width']);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outdir = new URL('../dist/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts', cli: 'src/cli/main.ts', 'pdf-worker': 'src/ingest/pdf-worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: '[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: Object.keys(pkg.dependencies).filter((d) => !BUNDLED.has(d)),
  // CommonJS code inside the bundle calls require (for node: built-ins)
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

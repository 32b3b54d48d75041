// esbuild's options for the program (scripts/build.mjs) and for bench scripts run as the program runs
// (bench/bundled.ts): our code and the pure-JavaScript libraries every start loads are bundled, every other
// dependency (native addons, WebAssembly, packages that read their own files) stays in node_modules.
import { readFileSync } from 'node:fs';

const BUNDLED = new Set(['drizzle-orm', 'zod', 'decimal.js', 'get-east-asian-width', 'emoji-regex']);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export const bundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: Object.keys(pkg.dependencies).filter((d) => !BUNDLED.has(d)),
  // CommonJS code inside the bundle calls require (for node: built-ins)
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

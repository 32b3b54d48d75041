import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { bundleOptions } from '../scripts/bundle-options.mjs';

/**
 * A bench script bundled as the program is (scripts/build.mjs: our code, drizzle-orm, zod … in one file, other
 * packages from node_modules), so that it runs as `npm start` runs the bot — compiled JavaScript, not tsx, whose
 * loader alone holds about 35 MB. Written beside the script (bench/.NAME.bundle.mjs, not committed) so that its
 * relative paths and the package root stay the same.
 */
export function bundled(name: string): string {
  const outfile = fileURLToPath(new URL(`./.${name}.bundle.mjs`, import.meta.url));
  buildSync({
    ...bundleOptions,
    entryPoints: [fileURLToPath(new URL(`./${name}.ts`, import.meta.url))],
    outfile,
  });
  return outfile;
}

/** The node options of `npm start` (package.json), so that a bench process is bounded as the bot is. */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return (pkg.scripts.start as string).split(/\s+/).filter((a) => a.startsWith('--max-'));
}

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A worker thread running `entry` (its name without extension), a file beside the module at `from` (its
 * import.meta.url), with a bounded heap: `heap.oldMb`, and `heap.youngMb` when given (V8's default otherwise). Compiled, it runs entry.js next to the chunk that starts it (the build emits
 * it, scripts/build.mjs); from TypeScript sources (tsx, vitest) it loads entry.ts through tsx's CommonJS hook. Not
 * through `--import tsx`: on Node 20 a worker's ESM hooks do not apply to its own entry file.
 */
export function startWorkerThread(from: string, entry: string, heap: { oldMb: number; youngMb?: number }): Worker {
  const resourceLimits = {
    maxOldGenerationSizeMb: heap.oldMb,
    ...(heap.youngMb ? { maxYoungGenerationSizeMb: heap.youngMb } : {}),
  };
  const opts = { resourceLimits, execArgv: [] as string[] };
  if (!fileURLToPath(from).endsWith('.ts')) return new Worker(new URL(`./${entry}.js`, from), opts);
  const file = fileURLToPath(new URL(`./${entry}.ts`, from));
  const tsx = createRequire(from).resolve('tsx/cjs/api');
  const boot = `require(${JSON.stringify(tsx)}).require(${JSON.stringify(file)}, ${JSON.stringify(file)});`;
  return new Worker(boot, { ...opts, eval: true });
}

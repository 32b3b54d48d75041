/**
 * Import of the 25-page 财政局 PDF through the whole CLI process (`import FILE` into a fresh store each run): wall
 * seconds and peak RSS. The peak is GNU time's maximum resident set size, which is that of the largest process of the
 * tree — the CLI's node process, its PDF worker thread included; without /usr/bin/time, /proc/PID/status VmHWM of
 * every process in the tree is polled. The real published PDF is read; nothing synthetic.
 *
 * `benchPdfImport()` is for bench/run.ts; `npx tsx bench/pdf-import.ts [--runs N] [--mode dist|tsx] [--pdf FILE]`
 * prints each run. Mode `dist` runs the compiled CLI (dist/cli.js) with node, `tsx` runs src/cli/main.ts through
 * tsx; `auto` (the default) takes dist when it is built.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/paths.js';

const ROOT = PACKAGE_ROOT;
export const PDF_25_PAGES = join(ROOT, 'test/fixtures/reports/putuo-czj-2024-juesuan.pdf');
const GNU_TIME = '/usr/bin/time';
const DIST_CLIS = ['dist/cli.js'];

export type PdfImportMode = 'auto' | 'dist' | 'tsx';
export interface PdfImportRun {
  seconds: number;
  peakRssMb: number;
}
export interface PdfImportOptions {
  pdf?: string;
  runs?: number;
  mode?: PdfImportMode;
}

/** The command that runs the CLI: node on the compiled JavaScript, or node with tsx's loader on the sources. */
export function cliCommand(mode: PdfImportMode = 'auto'): string[] {
  const dist = DIST_CLIS.map((p) => join(ROOT, p)).find((p) => existsSync(p));
  if (mode === 'dist' && !dist) throw new Error(`no compiled CLI (looked for ${DIST_CLIS.join(', ')}); build it first`);
  if (dist && mode !== 'tsx') return [process.execPath, dist];
  return [process.execPath, '--import', 'tsx', join(ROOT, 'src/cli/main.ts')];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Largest VmHWM (kB) of pid and its descendants, read from /proc; 0 for processes already gone. */
function treeHwmKb(pid: number): number {
  let best = 0;
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone meanwhile
    }
  }
  for (const stack = [pid]; stack.length; ) {
    const p = stack.pop()!;
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (hwm) best = Math.max(best, Number(hwm[1]));
    } catch {
      // gone meanwhile
    }
    stack.push(...(children.get(p) ?? []));
  }
  return best;
}

/** One import into a fresh store in a child process; throws with its output when the import fails. */
export async function runPdfImportOnce(pdf: string, command: string[]): Promise<PdfImportRun> {
  const dir = mkdtempSync(join(tmpdir(), 'jsws-pdf-bench-'));
  const useTime = existsSync(GNU_TIME);
  const argv = [...(useTime ? [GNU_TIME, '-f', '__maxrss_kb=%M'] : []), ...command, 'import', pdf];
  const env = { ...process.env, DB_PATH: join(dir, 'bench.db') };
  try {
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b));
    child.stderr.on('data', (b: Buffer) => (out += b));
    let polledKb = 0;
    const poll = useTime ? null : setInterval(() => (polledKb = Math.max(polledKb, treeHwmKb(child.pid!))), 20);
    const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
    const seconds = (performance.now() - started) / 1000;
    if (poll) clearInterval(poll);
    if (code !== 0) throw new Error(`import exited with ${code}:\n${out}`);
    const kb = useTime ? Number(/__maxrss_kb=(\d+)/.exec(out)?.[1]) : polledKb;
    if (!kb) throw new Error(`no peak RSS measured:\n${out}`);
    return { seconds, peakRssMb: kb / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every run of the import, one after the other (the first one included: tsx's cache is warm after the tests). */
export async function measurePdfImport(
  opts: PdfImportOptions = {},
): Promise<{ command: string[]; runs: PdfImportRun[] }> {
  const command = cliCommand(opts.mode);
  const runs: PdfImportRun[] = [];
  for (let i = 0; i < (opts.runs ?? 3); i++) runs.push(await runPdfImportOnce(opts.pdf ?? PDF_25_PAGES, command));
  return { command, runs };
}

/** Medians over the runs, rounded: seconds to 2 places, MB to whole megabytes. */
export async function benchPdfImport(
  opts: PdfImportOptions = {},
): Promise<{ pdf_import_s: number; pdf_import_peak_rss_mb: number }> {
  const { runs } = await measurePdfImport(opts);
  return {
    pdf_import_s: Math.round(median(runs.map((r) => r.seconds)) * 100) / 100,
    pdf_import_peak_rss_mb: Math.round(median(runs.map((r) => r.peakRssMb))),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      mode: { type: 'string', default: 'auto' },
      pdf: { type: 'string' },
    },
  });
  const opts: PdfImportOptions = { runs: Number(values.runs), mode: values.mode as PdfImportMode, pdf: values.pdf };
  const { command, runs } = await measurePdfImport(opts);
  console.log(
    `${command.map((a) => a.replace(`${ROOT}/`, '')).join(' ')} import ${(opts.pdf ?? PDF_25_PAGES).replace(`${ROOT}/`, '')}`,
  );
  for (const [i, r] of runs.entries())
    console.log(`run ${i + 1}: ${r.seconds.toFixed(2)} s, peak RSS ${r.peakRssMb.toFixed(0)} MB`);
  console.log(
    `median: ${median(runs.map((r) => r.seconds)).toFixed(2)} s, peak RSS ${median(runs.map((r) => r.peakRssMb)).toFixed(0)} MB`,
  );
}

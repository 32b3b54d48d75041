import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Program {
  child: ChildProcess;
  pid: number;
  /** everything the process wrote to stdout and stderr so far */
  output(): string;
  /** resolves when the output passes `test`; rejects if the process exits first or after `timeoutMs` */
  waitForOutput(test: (out: string) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** SIGTERM (or `signal`), then the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * The real program, `node --import tsx src/main.ts`, as a child process with only the environment given (plus
 * PATH and HOME): nothing of the test's own environment leaks into it.
 */
export function startProgram(env: Record<string, string>): Program {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const changed = new Set<() => void>();
  const append = (c: Buffer) => {
    out += c;
    for (const f of [...changed]) f();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitForOutput = (test: (o: string) => boolean, timeoutMs = 30_000, what = 'the expected output') =>
    new Promise<void>((resolve, reject) => {
      const done = (e?: Error) => {
        changed.delete(check);
        child.off('exit', gone);
        clearTimeout(timer);
        if (e) reject(e);
        else resolve();
      };
      const check = () => void (test(out) && done());
      const gone = (code: number | null) => done(new Error(`exited with ${code} before ${what}:\n${out.slice(-4000)}`));
      const timer = setTimeout(
        () => done(new Error(`waited ${timeoutMs} ms for ${what}:\n${out.slice(-4000)}`)),
        timeoutMs,
      );
      changed.add(check);
      child.once('exit', gone);
      check();
    });

  return {
    child,
    pid: child.pid ?? 0,
    output: () => out,
    waitForOutput,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    exited,
  };
}

/** Peak resident set size of a running process in MB (VmHWM of /proc/<pid>/status), null where there is no /proc. */
export function peakRssMb(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

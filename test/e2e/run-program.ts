import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real program (src/main.ts) as a child process, its stdout and stderr kept. */
export interface Program {
  child: ChildProcess;
  output(): string;
  /** Resolves when the output so far passes `test`; rejects if the process exits first or after `timeoutMs`. */
  waitForOutput(test: (out: string) => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Starts `node --import tsx src/main.ts` in the repository with only PATH, HOME and `env` set. */
export function startProgram(env: Record<string, string>): Program {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c) => (out += c));
  child.stderr?.on('data', (c) => (out += c));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForOutput = (test: (out: string) => boolean, what: string, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        child.stderr?.off('data', check);
        child.off('exit', exited);
        if (error) reject(error);
        else resolve();
      };
      const check = () => {
        if (test(out)) done();
      };
      const exited = (code: number | null) => done(new Error(`exited with ${code} before ${what}:\n${out}`));
      const timer = setTimeout(() => done(new Error(`no ${what} within ${timeoutMs} ms:\n${out}`)), timeoutMs);
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      child.once('exit', exited);
      check();
    });
  return {
    child,
    output: () => out,
    waitForOutput,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exit;
    },
  };
}

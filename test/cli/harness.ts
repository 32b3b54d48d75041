import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '../../db/client.js';
import { countRows, listReports, type ReportMeta, type RowCounts } from '../../db/store.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REPORTS = join(ROOT, 'test/fixtures/reports');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npx tsx src/cli/main.ts …` as a user runs it (stdout a pipe, not a terminal), against `dbPath`, with `env` added. */
export const cliAgainst =
  (dbPath: string, timeout = 120_000, env: Record<string, string> = {}) =>
  (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        'npx',
        ['tsx', 'src/cli/main.ts', ...args],
        { cwd: ROOT, env: { ...process.env, DB_PATH: dbPath, MAX_IMPORT_MB: '50', ...env }, timeout },
        (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
        },
      );
    });

/** Row counts and reports of the store at `dbPath`, read through a connection of its own. */
export async function storeAt(dbPath: string): Promise<{ counts: RowCounts; reports: ReportMeta[] }> {
  const db = await openDb(dbPath);
  try {
    return { counts: await countRows(db), reports: await listReports(db) };
  } finally {
    await db.close();
  }
}

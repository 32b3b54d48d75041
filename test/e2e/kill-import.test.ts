import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { REPORTS, ROOT } from '../cli/harness.js';

// An import killed (SIGKILL: no handler runs, as when the host dies or the OOM killer strikes) at any moment leaves
// the store as it was before the import or with the whole report: every table holds the rows of one of those two
// states, SQLite's integrity and foreign-key checks pass, and importing again gives the complete store. The real CLI
// imports a real PDF (extraction in its worker thread, parse, audit, one transaction) into a store that already holds
// another report; it is killed at moments spread over the time a whole import takes.

const PDF = join(REPORTS, 'putuo-shgzb-2024-juesuan.pdf');
const BASE_REPORT = join(REPORTS, 'yanggu-zfb-2020-juesuan.txt');

let dir: string;
const importInto = (dbPath: string, file: string, killAfterMs?: number) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; out: string }>((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', file], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DB_PATH: dbPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ms: performance.now() - started, out });
    });
  });

/** Row count of every table of the store, and SQLite's own checks. */
async function storeState(dbPath: string) {
  const db = await openDb(dbPath);
  try {
    const [[integrity]] = await db.orm.all<[string]>(sql`pragma integrity_check`);
    const badKeys = await db.orm.all(sql`pragma foreign_key_check`);
    const tables = await db.orm.all<[string]>(
      sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
    );
    const counts: Record<string, number> = {};
    for (const [name] of tables)
      counts[name] = (await db.orm.all<[number]>(sql`select count(*) as n from ${sql.identifier(name)}`))[0][0];
    return { integrity, badKeys: badKeys.length, counts };
  } finally {
    await db.close();
  }
}

let before: Awaited<ReturnType<typeof storeState>>;
let after: Awaited<ReturnType<typeof storeState>>;
let importMs = 0;
const base = () => join(dir, 'base.db');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jsws-kill-'));
  expect((await importInto(base(), BASE_REPORT)).code).toBe(0);
  before = await storeState(base());
  const whole = join(dir, 'whole.db');
  copyFileSync(base(), whole);
  const run = await importInto(whole, PDF);
  expect(run.code, run.out).toBe(0);
  importMs = run.ms;
  after = await storeState(whole);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an import killed at any moment', () => {
  it('leaves the store before or after the whole report, never between, and a new import completes it', async () => {
    expect(after.counts.reports).toBe(before.counts.reports + 1);
    expect(after.counts.cells).toBeGreaterThan(before.counts.cells);
    const outcomes: string[] = [];
    for (const fraction of [0.2, 0.55, 0.7, 0.82, 0.9, 0.96]) {
      const db = join(dir, `kill-${fraction}.db`);
      copyFileSync(base(), db);
      const run = await importInto(db, PDF, Math.round(importMs * fraction));
      const state = await storeState(db);
      expect(state.integrity).toBe('ok');
      expect(state.badKeys).toBe(0);
      const whole = state.counts.reports === after.counts.reports;
      // every table as before the import, or every table as after it (import_log included)
      expect(state.counts).toEqual(whole ? after.counts : before.counts);
      outcomes.push(`${fraction}: ${run.signal ?? `exit ${run.code}`} → ${whole ? 'whole report' : 'as before'}`);
      const again = await importInto(db, PDF);
      expect(again.code).toBe(0);
      expect((await storeState(db)).counts).toEqual(after.counts);
      // the machine's pace varies: the next kill is timed by the fastest whole import seen
      importMs = Math.min(importMs, again.ms, run.signal ? importMs : run.ms);
    }
    // the trials must include kills that hit the import, not only runs that finished before the signal
    expect(outcomes.filter((o) => o.includes('SIGKILL')).length, outcomes.join('\n')).toBeGreaterThanOrEqual(3);
  }, 600_000);
});

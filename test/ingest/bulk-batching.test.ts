/**
 * Bulk import in batches (runSteps with Batching): files share a transaction, each in its own savepoint. A file that
 * fails after writing rolls back alone; a batch that cannot commit stores none of its files and says so for each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDb, rawQueryOf } from '../../db/client.js';
import { listImports, listReports } from '../../db/store.js';
import { type BulkStep, runSteps } from '../../src/ingest/bulk.js';
import { importBytes } from '../../src/ingest/import-file.js';
import { fixtureText } from './fixtures.js';

const YANGGU = fixtureText('yanggu-zfb-2020-juesuan.txt');
const YANGGU_UNIT = '阳谷县人民政府办公室';
/** A real report under another unit's name (the copies are distinct files of distinct units). */
const copyOf = (i: number) => new TextEncoder().encode(YANGGU.split(YANGGU_UNIT).join(`阳谷县第${i}局`));
const importStep = (db: Db, i: number): BulkStep => ({
  file: `copy-${i}.txt`,
  run: () => importBytes(db, `copy-${i}.txt`, copyOf(i)),
});

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'juesuan-batch-'));
  db = await openDb(join(dir, 'store.db'));
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const storedUnits = async () => (await listReports(db)).map((m) => m.unitName).sort();

describe('bulk import in batches', () => {
  it('a file that fails after its save rolls back alone; the files before and after it in the batch are stored', async () => {
    const failing: BulkStep = {
      file: 'copy-2.txt',
      run: async () => {
        await importBytes(db, 'copy-2.txt', copyOf(2));
        throw new Error('断电模拟');
      },
    };
    const rows = await runSteps([importStep(db, 1), failing, importStep(db, 3)], undefined, {
      db,
      files: 10,
      ms: 60_000,
    });
    expect(rows.map((r) => r.ok)).toEqual([true, false, true]);
    expect(rows[1].error).toContain('断电模拟');
    expect(await storedUnits()).toEqual(['阳谷县第1局', '阳谷县第3局']);
    expect((await listImports(db)).map((l) => l.sourceFile).sort()).toEqual(['copy-1.txt', 'copy-3.txt']);
  });

  it('a batch that cannot commit stores none of its files and marks each failed; the next batch is stored', async () => {
    // a deferred foreign-key violation is checked only at COMMIT: the batch's commit fails
    const poison: BulkStep = {
      file: 'poison.txt',
      run: async () => {
        const raw = rawQueryOf(db.orm);
        await raw('PRAGMA defer_foreign_keys = ON', []);
        await raw(
          'INSERT INTO findings (report_id, seq, rule, severity, message, location) VALUES (999999, 0, ?, ?, ?, ?)',
          ['r', 'finding', 'm', 'l'],
        );
        return [];
      },
    };
    const rows = await runSteps([importStep(db, 1), poison, importStep(db, 3)], undefined, {
      db,
      files: 2,
      ms: 60_000,
    });
    expect(rows.map((r) => r.ok)).toEqual([false, false, true]);
    expect(rows[0].error).toMatch(/提交事务/);
    expect(rows[0].summaries).toBeUndefined();
    expect(await storedUnits()).toEqual(['阳谷县第3局']);
  });

  it('without batching each file is its own transaction, as before', async () => {
    const rows = await runSteps([importStep(db, 1), importStep(db, 2)]);
    expect(rows.every((r) => r.ok)).toBe(true);
    expect(await storedUnits()).toEqual(['阳谷县第1局', '阳谷县第2局']);
  });
});

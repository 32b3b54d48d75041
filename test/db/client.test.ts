import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { reportsTable, unitsTable } from '../../db/schema.js';
import { countRows, listReports, saveReport } from '../../db/store.js';
import { syntheticDraft, syntheticFindings } from './synthetic-report.js';

const tmp = mkdtempSync(join(tmpdir(), 'jsws-client-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const opened: Db[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.close()));
});
const open = async (path = ':memory:') => {
  const d = await openDb(path);
  opened.push(d);
  return d;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const addUnit = (d: Db, name: string) => d.orm.insert(unitsTable).values({ name });

describe('openDb', () => {
  it('creates missing folders, uses WAL and foreign keys, and migrates only once', async () => {
    const path = join(tmp, 'a', 'b', 'store.db');
    const d = await open(path);
    expect(await d.orm.get(sql`pragma journal_mode`)).toEqual(['wal']);
    expect(await d.orm.get(sql`pragma foreign_keys`)).toEqual([1]);
    await saveReport(d, { draft: syntheticDraft(), findings: syntheticFindings(), sourceFile: 'x.pdf', sha256: 's' });
    await d.close();
    opened.splice(0);
    const again = await open(path);
    // one row per migration in the journal, none applied twice
    const journal = JSON.parse(
      readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8'),
    ) as { entries: unknown[] };
    expect(await again.orm.all(sql`select hash from __drizzle_migrations`)).toHaveLength(journal.entries.length);
    expect((await countRows(again)).reports).toBe(1);
  });

  it('keeps an in-memory database out of WAL', async () => {
    const d = await open();
    expect(await d.orm.get(sql`pragma journal_mode`)).toEqual(['memory']);
  });
});

describe('transaction queue', () => {
  it.each([
    ['commits', false],
    ['rolls back', true],
  ])('a parallel read waits until the transaction %s', async (_label, fail) => {
    const d = await open();
    const events: string[] = [];
    const tx = d
      .withTransaction(async (orm) => {
        await orm.insert(unitsTable).values({ name: '合成单位甲' });
        events.push('tx:first');
        await sleep(30);
        await orm.insert(unitsTable).values({ name: '合成单位乙' });
        events.push('tx:second');
        if (fail) throw new Error('injected');
      })
      .catch(() => events.push('tx:rolled-back'))
      .then(() => events.push('tx:done'));
    await sleep(5);
    const read = d.orm
      .select()
      .from(unitsTable)
      .then((rows) => events.push(`read:${rows.length}`));
    const write = addUnit(d, '合成单位丙').then(() => events.push('write'));
    await Promise.all([tx, read, write]);
    const seen = fail ? 0 : 2;
    expect(events).toEqual([
      'tx:first',
      'tx:second',
      ...(fail ? ['tx:rolled-back'] : []),
      'tx:done',
      `read:${seen}`,
      'write',
    ]);
    expect((await countRows(d)).units).toBe(seen + 1);
  });

  it('refuses raw transaction statements that would bypass the queue', async () => {
    const d = await open();
    await expect(d.orm.transaction(async () => undefined)).rejects.toThrow();
    await expect(d.orm.run(sql`BEGIN`)).rejects.toThrow();
    expect(await countRows(d)).toMatchObject({ units: 0 });
  });

  it('rolls back a failed nested transaction to its savepoint only', async () => {
    const d = await open();
    await d.withTransaction(async (orm) => {
      await orm.insert(unitsTable).values({ name: '外层' });
      await d
        .withTransaction(async (inner) => {
          await inner.insert(unitsTable).values({ name: '内层' });
          throw new Error('inner');
        })
        .catch(() => undefined);
    });
    expect((await d.orm.select({ name: unitsTable.name }).from(unitsTable)).map((r) => r.name)).toEqual(['外层']);
  });
});

describe('row shape', () => {
  it('fails loudly instead of misaligning when joined column names collide', async () => {
    const d = await open();
    await saveReport(d, { draft: syntheticDraft(), findings: [], sourceFile: 'x.pdf', sha256: 's' });
    const colliding = d.orm
      .select({ reportId: reportsTable.id, unitId: unitsTable.id })
      .from(reportsTable)
      .innerJoin(unitsTable, eq(unitsTable.id, reportsTable.unitId));
    await expect(colliding).rejects.toMatchObject({ cause: { message: expect.stringMatching(/collide/) } });
    await expect(d.orm.all(sql`select 1, 'a' as x`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/numeric/) },
    });
    expect((await listReports(d))[0]).toMatchObject({ reportId: 1, unitId: 1, unitName: '合成市测试局' });
  });
});

describe('kept prepared statements', () => {
  it('a statement that fails to prepare rejects every time it is asked, and the connection goes on', async () => {
    const d = await open();
    for (let i = 0; i < 2; i++) await expect(d.orm.all(sql`select nosuchcolumn as x from units`)).rejects.toThrow();
    await addUnit(d, '甲局');
    expect(await d.orm.$count(unitsTable)).toBe(1);
  });

  it('statements kept across transactions leave none in progress: commits and savepoints work after every kind', async () => {
    const d = await open(join(tmp, 'kept.db'));
    // a returning insert, a query of joined columns (its shape checked by EXPLAIN), a count, a pragma
    for (let round = 0; round < 3; round++) {
      await d.withTransaction(async (orm) => {
        await orm
          .insert(unitsTable)
          .values({ name: `单位${round}` })
          .returning({ id: unitsTable.id });
        await d.withTransaction(async (inner) => {
          await inner.select({ n: sql<number>`count(*)`.as('n') }).from(unitsTable);
        });
        await orm
          .select({ name: unitsTable.name })
          .from(unitsTable)
          .where(eq(unitsTable.name, `单位${round}`));
      });
      await d.dataVersion();
    }
    expect(await d.orm.$count(unitsTable)).toBe(3);
  });

  it('more distinct statements than are kept: the oldest are finalized, every query still answers, close succeeds', async () => {
    const d = await openDb(':memory:');
    for (let i = 0; i < 250; i++) {
      const [row] = await d.orm.values<[number]>(sql.raw(`select ${i} as v${i}`));
      expect(row[0]).toBe(i);
    }
    await expect(d.close()).resolves.toBeUndefined();
  });
});

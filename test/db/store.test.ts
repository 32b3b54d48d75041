import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DbError, openDb, type Db } from '../../db/client.js';
import {
  countRows,
  getChatSettings,
  listReports,
  loadReport,
  replaceFindings,
  saveReport,
  setChatSettings,
} from '../../db/store.js';
import { isUserError } from '../../src/errors.js';
import { expectedContentCounts, syntheticDraft, syntheticFindings } from './synthetic-report.js';

const tmp = mkdtempSync(join(tmpdir(), 'jsws-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let db: Db | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});
const open = async (where: 'memory' | 'file') =>
  (db = await openDb(where === 'memory' ? ':memory:' : join(tmp, `${Math.random()}`.slice(2), 'x.db')));
const save = (d: Db, sha: string, draft = syntheticDraft(), findings = syntheticFindings()) =>
  saveReport(d, {
    draft,
    findings,
    sourceFile: `reports/${sha}.pdf`,
    sha256: sha,
    importedAt: '2024-06-01T00:00:00.000Z',
  });

describe.each(['memory', 'file'] as const)('store on %s database', (where) => {
  it('loads a saved synthetic report back identically, amounts as exact text', async () => {
    const d = await open(where);
    const res = await save(d, 'sha-a');
    expect(res.status).toBe('imported');
    const loaded = await loadReport(d, res.reportId);
    expect(loaded?.draft).toEqual(syntheticDraft());
    expect(loaded?.findings).toStrictEqual(syntheticFindings());
    expect(loaded?.draft.tables[0].rows[1].values).toStrictEqual({ amount: '0.10' });
    expect(loaded?.meta).toMatchObject({
      reportId: res.reportId,
      unitId: res.unitId,
      sha256: 'sha-a',
      importedAt: '2024-06-01T00:00:00.000Z',
    });
    const stored = await d.orm.all<[string, string]>(sql`select typeof(value) as t, value from facts order by seq`);
    expect(stored).toEqual([
      ['text', '2940.05'],
      ['text', '0.10'],
    ]);
    expect(await countRows(d)).toEqual({
      units: 1,
      chatSettings: 0,
      ...expectedContentCounts(syntheticDraft(), syntheticFindings()),
    });
  });

  it('treats the same sha as unchanged and writes nothing', async () => {
    const d = await open(where);
    const first = await save(d, 'sha-a');
    const before = await countRows(d);
    const again = await save(d, 'sha-a', syntheticDraft({ unitAliases: ['别名不应写入'] }));
    expect(again).toEqual({ ...first, status: 'unchanged' });
    expect(await countRows(d)).toEqual(before);
    expect((await listReports(d))[0].aliases).toEqual(syntheticDraft().unitAliases);
  });

  it('replaces a report with a different sha by exactly the new rows', async () => {
    const d = await open(where);
    const first = await save(d, 'sha-a');
    const next = syntheticDraft({ unitAliases: ['新别名'], region: null, facts: syntheticDraft().facts.slice(1) });
    next.tables = [{ ...next.tables[0], rows: next.tables[0].rows.slice(0, 2) }];
    const res = await save(d, 'sha-b', next, syntheticFindings().slice(0, 1));
    expect(res.status).toBe('replaced');
    expect(res.unitId).toBe(first.unitId);
    expect(await loadReport(d, first.reportId)).toBeNull();
    const loaded = await loadReport(d, res.reportId);
    // aliases merge and a missing region keeps the stored one
    expect(loaded?.draft).toEqual({ ...next, unitAliases: ['测试局', '合成测试局', '新别名'], region: '合成市' });
    expect(loaded?.findings).toEqual(syntheticFindings().slice(0, 1));
    expect(await countRows(d)).toEqual({
      units: 1,
      chatSettings: 0,
      ...expectedContentCounts(next, syntheticFindings().slice(0, 1)),
    });
  });
});

describe('failed saves roll back fully', () => {
  const dupTables = () => {
    const d = syntheticDraft();
    return { ...d, tables: [...d.tables, { ...d.tables[0], rows: [] }] }; // duplicate (report_id, table_key) fails mid-insert
  };
  it.each([
    ['a fresh import', false],
    ['a replacement', true],
  ])('%s violating a constraint halfway leaves the store unchanged', async (_label, existing) => {
    const d = await open('memory');
    const prior = existing ? await save(d, 'sha-a') : undefined;
    const before = await countRows(d);
    const err = await save(d, 'sha-b', dupTables()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).code).toBe('SQLITE_CONSTRAINT');
    expect((err as Error).message).not.toMatch(/insert|select|report_tables/i);
    expect((err as Error).cause).toBeDefined();
    expect(await countRows(d)).toEqual(before);
    if (prior) expect((await loadReport(d, prior.reportId))?.draft).toEqual(syntheticDraft());
  });

  it('an injected throw after a complete save inside an outer transaction undoes it', async () => {
    const d = await open('memory');
    const before = await countRows(d);
    const boom = new Error('injected');
    await expect(
      d.withTransaction(async () => {
        await save(d, 'sha-a');
        expect((await countRows(d)).reports).toBe(1);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await countRows(d)).toEqual(before);
  });
});

describe('listReports', () => {
  it('keeps unit and report columns apart in the join', async () => {
    const d = await open('memory');
    await save(d, 'sha-x', syntheticDraft({ unitName: '合成县另一局', unitAliases: [], region: null, year: 2022 }));
    await save(d, 'sha-y', syntheticDraft({ year: 2022 }));
    const res = await save(d, 'sha-z', syntheticDraft({ year: 2023, scope: '单位' }));
    const list = await listReports(d);
    expect(list.map((r) => [r.unitName, r.year])).toEqual([
      ['合成县另一局', 2022],
      ['合成市测试局', 2022],
      ['合成市测试局', 2023],
    ]);
    expect(list[2]).toEqual({
      reportId: 3,
      unitId: 2,
      unitName: '合成市测试局',
      aliases: ['测试局', '合成测试局'],
      region: '合成市',
      year: 2023,
      kind: '决算',
      scope: '单位',
      sourceFile: 'reports/sha-z.pdf',
      sha256: 'sha-z',
      importedAt: '2024-06-01T00:00:00.000Z',
      pageCount: 24,
    });
    expect(res).toEqual({ status: 'imported', reportId: 3, unitId: 2 });
  });
});

describe('findings and chat settings', () => {
  it('replaceFindings swaps the audit result and rejects unknown reports', async () => {
    const d = await open('memory');
    const { reportId } = await save(d, 'sha-a');
    const next = [{ ...syntheticFindings()[1], message: '重新审核' }];
    await replaceFindings(d, reportId, next);
    expect((await loadReport(d, reportId))?.findings).toEqual(next);
    const err = await replaceFindings(d, 999, next).catch((e: unknown) => e);
    expect(isUserError(err) && err.code).toBe('E_NO_DATA');
  });

  it('chat settings patch: undefined keeps, null clears', async () => {
    const d = await open('memory');
    const { unitId } = await save(d, 'sha-a');
    expect(await getChatSettings(d, 'telegram:-100123')).toBeNull();
    await setChatSettings(d, 'telegram:-100123', { unitId });
    await setChatSettings(d, 'telegram:-100123', { year: 2023 });
    expect(await getChatSettings(d, 'telegram:-100123')).toMatchObject({ unitId, year: 2023 });
    await setChatSettings(d, 'telegram:-100123', { unitId: null });
    expect(await getChatSettings(d, 'telegram:-100123')).toMatchObject({ unitId: null, year: 2023 });
    await expect(setChatSettings(d, 'telegram:1', { unitId: 12345 })).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT',
    });
  });
});

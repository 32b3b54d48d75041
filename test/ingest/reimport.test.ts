import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { countRows, listImports, listReports } from '../../db/store.js';
import { importCommand } from '../../commands/import.js';
import { importBytes, importFile } from '../../src/ingest/import-file.js';
import { Library } from '../../src/query/ask.js';
import { fixturePath, readFixture } from './fixtures.js';
import { importLimits, loadConfig } from '../../src/config.js';

// one unit and year in two renderings with different bytes: the PDF and its layout text
const PDF = 'putuo-shgzb-2024-juesuan.pdf';
const LAYOUT = 'putuo-shgzb-2024-juesuan.layout.txt';
const UNIT = '中共上海市普陀区委社会工作部';
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const tmp = mkdtempSync(join(tmpdir(), 'jsws-reimport-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('re-running an import of a PDF and its text rendering', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb(':memory:');
  });
  afterAll(() => db.close());

  it('first run: the text is imported, then the PDF replaces it (new bytes for the same unit and year)', async () => {
    expect((await importFile(db, fixturePath(LAYOUT)))[0].status).toBe('imported');
    const [pdf] = await importFile(db, fixturePath(PDF));
    expect(pdf).toMatchObject({ status: 'replaced', unitName: UNIT, year: 2024, note: null, supersededBy: null });
    const log = await listImports(db);
    expect(log.map((l) => [l.sourceFile, l.status, l.reportId === null])).toEqual([
      [LAYOUT, 'imported', true],
      [PDF, 'replaced', false],
    ]);
  });

  it('second run: neither file replaces the other; the text is named as superseded by the PDF', async () => {
    const [before] = await listReports(db);
    const counts = await countRows(db);
    const [layout] = await importFile(db, fixturePath(LAYOUT));
    expect(layout).toMatchObject({ status: 'unchanged', unitName: UNIT, year: 2024, supersededBy: PDF });
    expect(layout.note).toContain(`已被其后导入的「${PDF}」`);
    expect(layout.note).toContain('--replace');
    // the summary is the one logged when the text was imported, without parsing it again
    expect(layout.tables.map((t) => t.rows).reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    const [pdf] = await importFile(db, fixturePath(PDF));
    expect(pdf).toMatchObject({ status: 'unchanged', supersededBy: null });
    expect(pdf.note).toMatch(/是中共上海市普陀区委社会工作部 2024年度的当前版本/);
    expect(await listReports(db)).toEqual([before]);
    expect(await countRows(db)).toEqual(counts);
  });

  it('--replace makes a superseded file current again; the PDF is then the superseded one', async () => {
    const [before] = await listReports(db);
    const [layout] = await importFile(db, fixturePath(LAYOUT), { replace: true });
    expect(layout).toMatchObject({ status: 'replaced', supersededBy: null });
    const [now] = await listReports(db);
    expect(now.reportId).not.toBe(before.reportId);
    expect(now).toMatchObject({ sourceFile: LAYOUT, sha256: sha(readFixture(LAYOUT)) });
    expect((await importFile(db, fixturePath(PDF)))[0].supersededBy).toBe(LAYOUT);
    const log = await listImports(db);
    expect(log.map((l) => [l.sourceFile, l.status, l.reportId])).toEqual([
      [LAYOUT, 'replaced', now.reportId],
      [PDF, 'replaced', null],
    ]);
  });

  it('--replace on the current version changes nothing', async () => {
    const [before] = await listReports(db);
    const [again] = await importFile(db, fixturePath(LAYOUT), { replace: true });
    expect(again).toMatchObject({ status: 'unchanged', supersededBy: null });
    expect(await listReports(db)).toEqual([before]);
  });

  it('from chat: /import says a superseded file is an old version, and /import replace replaces', async () => {
    expect(importCommand.parse('replace')).toEqual({ partial: false, replace: true });
    const deps = {
      db,
      lib: new Library(db),
      chatKey: 'test:1',
      userId: 'admin',
      isAdmin: true,
      unit: null,
      year: null,
      importLimits: importLimits(loadConfig({})),
    };
    const old = await importCommand.run(
      { partial: false, replace: false },
      { ...deps, file: { name: PDF, bytes: readFixture(PDF) } },
    );
    expect(old).toMatchObject({
      kind: 'message',
      title: `${UNIT} 2024年度决算：旧版本文件，现以 ${LAYOUT} 为准，未做修改`,
    });
    const replaced = await importCommand.run(
      { partial: false, replace: true },
      { ...deps, file: { name: PDF, bytes: readFixture(PDF) } },
    );
    expect(replaced).toMatchObject({ kind: 'message', title: `${UNIT} 2024年度决算：已替换旧版本` });
    expect((await listReports(db))[0].sourceFile).toBe(PDF);
  });

  it('the same bytes under another name are the same file', async () => {
    const [copy] = await importBytes(db, '副本.pdf', readFixture(PDF));
    expect(copy).toMatchObject({ status: 'unchanged', supersededBy: null });
    expect(copy.note).toContain(`「${PDF}」`);
  });
});

describe('a store from before import_log', () => {
  it('the migration logs its reports as current, so their bytes are "unchanged"', async () => {
    const path = join(tmp, 'old', 'store.db');
    mkdirSync(join(tmp, 'old'));
    // migrations 0000 and 0001 only, as an older release left the store
    const migrations = new URL('../../db/migrations/', import.meta.url);
    const journal = JSON.parse(readFileSync(new URL('meta/_journal.json', migrations), 'utf8')) as {
      entries: { tag: string; when: number }[];
    };
    const old = journal.entries.filter((e) => e.tag < '0002');
    const conn = new sqlite3.Database(path);
    const exec = (q: string) => new Promise<void>((res, rej) => conn.exec(q, (e) => (e ? rej(e) : res())));
    for (const e of old)
      for (const q of readFileSync(new URL(`${e.tag}.sql`, migrations), 'utf8').split('--> statement-breakpoint'))
        await exec(q);
    await exec(`CREATE TABLE __drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric);
      INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('old', '${old[old.length - 1].when}');
      INSERT INTO units (name, aliases, region) VALUES ('${UNIT}', '[]', '上海市普陀区');
      INSERT INTO reports (unit_id, year, kind, scope, source_file, sha256, imported_at, page_count, missing_tables)
        VALUES (1, 2024, '决算', '部门', '${LAYOUT}', '${sha(readFixture(LAYOUT))}', '2025-01-01T00:00:00.000Z', 1, '[]');`);
    await new Promise<void>((res) => conn.close(() => res()));

    const db = await openDb(path);
    try {
      const [log] = await listImports(db);
      expect(log).toMatchObject({
        sourceFile: LAYOUT,
        reportId: 1,
        year: 2024,
        status: 'imported',
        importedAt: '2025-01-01T00:00:00.000Z',
        summary: null,
      });
      const [again] = await importFile(db, fixturePath(LAYOUT));
      expect(again).toMatchObject({ status: 'unchanged', unitName: UNIT, supersededBy: null });
      expect((await listReports(db)).map((r) => r.reportId)).toEqual([1]);
    } finally {
      await db.close();
    }
  });
});

describe('--reparse: known bytes read again by today’s rules', () => {
  it('the current version is parsed again and its report replaced, one report still; a superseded one stays superseded', async () => {
    const db = await openDb(':memory:');
    try {
      const layout = readFixture(LAYOUT);
      const pdf = readFixture(PDF);
      await importBytes(db, LAYOUT, layout);
      await importBytes(db, PDF, pdf); // the PDF is now the current version; the layout text is superseded
      const before = await listReports(db);
      expect((await importBytes(db, PDF, pdf))[0].status).toBe('unchanged');
      const [again] = await importBytes(db, PDF, pdf, { reparse: true });
      expect(again.status).toBe('replaced');
      const after = await listReports(db);
      expect(after).toHaveLength(1);
      expect(after[0].reportId).not.toBe(before[0].reportId);
      expect(after[0].sha256).toBe(before[0].sha256);
      // the superseded text is not made current by --reparse alone
      const [old] = await importBytes(db, LAYOUT, layout, { reparse: true });
      expect(old.status).toBe('unchanged');
      expect((await listReports(db))[0].sourceFile).toBe(PDF);
    } finally {
      await db.close();
    }
  });
});

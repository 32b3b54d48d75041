import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { openDb, type Db } from '../../db/client.js';
import { countRows, listImports, listReports } from '../../db/store.js';
import { handleIncoming } from '../../src/chat/dispatch.js';
import { bulkSummary } from '../../src/cli/bulk-import.js';
import { loadConfig } from '../../src/config.js';
import { type BulkRow, importUpload } from '../../src/ingest/bulk.js';
import { isZip, isZipArchive, listZip, zipLimits } from '../../src/ingest/zip.js';
import { Library } from '../../src/query/ask.js';
import { readFixture } from './fixtures.js';
import { GBK_NAME, GBK_NAME_TEXT, makeZip } from './make-zip.js';

const UNITS = [
  '上海市普陀区财政局',
  '中共上海市普陀区委社会工作部',
  '上海市普陀区文化和旅游局',
  '阳谷县人民政府办公室',
];
const MB = 1024 * 1024;

/** Not a report: deterministic bytes that look random, named .pdf. */
const junk = () =>
  new Uint8Array(
    Buffer.concat(Array.from({ length: 64 }, (_, i) => createHash('sha256').update(`broken-${i}`).digest())),
  );

/**
 * The four fixture units as an admin zips them on Windows: folders, a GBK name without the UTF-8 flag, a broken
 * file, macOS leftovers, a dotfile and a document that is no report.
 */
const archive = () =>
  makeZip([
    { name: '决算/' },
    { name: '决算/普陀/' },
    { name: '决算/普陀/putuo-czj-2024-juesuan.pdf', data: readFixture('putuo-czj-2024-juesuan.pdf') },
    { name: '决算/普陀/putuo-shgzb-2024-juesuan.pdf', data: readFixture('putuo-shgzb-2024-juesuan.pdf'), method: 0 },
    { name: '决算/putuo-wenlv-2025-juesuan.pages.txt', data: readFixture('putuo-wenlv-2025-juesuan.pages.txt') },
    { name: GBK_NAME, data: readFixture('yanggu-zfb-2020-juesuan.txt') },
    { name: 'broken.pdf', data: junk() },
    { name: '__MACOSX/决算/普陀/._putuo-czj-2024-juesuan.pdf', data: 'resource fork' },
    { name: '决算/.DS_Store', data: 'finder' },
    { name: '决算/封面.png', data: 'not a report' },
  ]);

const ORDER = [
  'broken.pdf',
  '决算/putuo-wenlv-2025-juesuan.pages.txt',
  '决算/普陀/putuo-czj-2024-juesuan.pdf',
  '决算/普陀/putuo-shgzb-2024-juesuan.pdf',
  GBK_NAME_TEXT,
];

const rowNames = (rows: BulkRow[]) => bulkSummary(rows).table.rows.map((r) => r[0]);

describe('zip archives: reading', () => {
  it('knows a zip by its magic, and a .docx is no archive of reports', () => {
    const z = archive();
    expect(isZip(z)).toBe(true);
    expect(isZipArchive('reports.zip', z)).toBe(true);
    expect(isZipArchive('报告.docx', z)).toBe(false);
    expect(isZip(readFixture('putuo-czj-2024-juesuan.pdf'))).toBe(false);
  });

  it('lists report files in folder-walk order; skips folders, __MACOSX/, dotfiles and other extensions; decodes GBK names', () => {
    const { entries, skipped } = listZip('a.zip', archive(), zipLimits(50 * MB));
    // part by part, as a folder walk sorts: Latin before Han, a folder's files where the folder sorts
    expect(entries.map((e) => e.path)).toEqual(ORDER);
    expect(skipped).toEqual(['决算/封面.png']);
    const yanggu = entries.find((e) => e.path === GBK_NAME_TEXT)!;
    expect(Buffer.from(yanggu.read()).equals(Buffer.from(readFixture('yanggu-zfb-2020-juesuan.txt')))).toBe(true);
  });

  it('reads UTF-8 names without the flag (macOS Archive Utility) as UTF-8, and a standard zip from a library', () => {
    const mac = makeZip([{ name: Buffer.from('普陀/财政局.txt', 'utf8'), data: 'x' }]);
    expect(listZip('mac.zip', mac, zipLimits(MB)).entries.map((e) => e.path)).toEqual(['普陀/财政局.txt']);
    const std = zipSync({
      '报告/阳谷.txt': new TextEncoder().encode('阳谷'),
      'b.pdf': [new Uint8Array([1, 2, 3]), { level: 0 }],
    });
    const { entries } = listZip('std.zip', std, zipLimits(MB));
    expect(entries.map((e) => e.path)).toEqual(['b.pdf', '报告/阳谷.txt']);
    expect(new TextDecoder().decode(entries[1].read())).toBe('阳谷');
  });
});

describe('zip archives: importing in chat and in bulk', () => {
  let db: Db;
  let first: BulkRow[];
  let second: BulkRow[];
  let afterFirst: { counts: Awaited<ReturnType<typeof countRows>>; reports: Awaited<ReturnType<typeof listReports>> };
  beforeAll(async () => {
    db = await openDb(':memory:');
    const z = archive();
    const r1 = await importUpload(db, '决算2024.zip', z, { maxBytes: 50 * MB });
    afterFirst = { counts: await countRows(db), reports: await listReports(db) };
    const r2 = await importUpload(db, '决算2024.zip', z, { maxBytes: 50 * MB });
    if (r1.kind !== 'zip' || r2.kind !== 'zip') throw new Error('not read as a zip');
    first = r1.rows;
    second = r2.rows;
  }, 120_000);
  afterAll(() => db.close());

  it('one row per report file, named archive/inner/path; the broken one fails with its Chinese reason, the rest are imported', () => {
    expect(rowNames(first)).toEqual(first.map((r) => r.file));
    expect(first.map((r) => r.file)).toEqual(ORDER.map((p) => `决算2024.zip/${p}`));
    expect(first).toHaveLength(5);
    const broken = first.find((r) => r.file.endsWith('broken.pdf'))!;
    expect(broken).toEqual({
      file: '决算2024.zip/broken.pdf',
      ok: false,
      error: '「broken.pdf」：文件不是文本或 PDF（内容像是二进制数据），无法导入。',
    });
    const ok = first.filter((r) => r.ok);
    expect(ok.map((r) => r.summaries![0].status)).toEqual(['imported', 'imported', 'imported', 'imported']);
    expect(ok.map((r) => r.summaries![0].unitName).sort()).toEqual([...UNITS].sort());
    expect(first.find((r) => r.file.endsWith(GBK_NAME_TEXT))!.summaries?.[0]).toMatchObject({
      file: GBK_NAME_TEXT,
      unitName: '阳谷县人民政府办公室',
      year: 2020,
    });
    const { table, lines } = bulkSummary(first);
    const czj = table.rows.find((r) => r[0].endsWith('putuo-czj-2024-juesuan.pdf'))!;
    expect(czj.slice(1, 4)).toEqual(['上海市普陀区财政局', '2024', '已导入']);
    expect(Number(czj[4])).toBeGreaterThan(100);
    expect(lines[0]).toBe('共 5 个文件：成功 4（新导入 4，替换 0，未变化 0），失败 1');
  });

  it('the store holds the four units, one report each; the log names each file by its own name', async () => {
    expect(afterFirst.counts).toMatchObject({ units: 4, reports: 4 });
    expect(afterFirst.reports.map((r) => r.unitName).sort()).toEqual([...UNITS].sort());
    expect((await listImports(db)).map((l) => l.sourceFile).sort()).toEqual(
      [
        GBK_NAME_TEXT,
        'putuo-czj-2024-juesuan.pdf',
        'putuo-shgzb-2024-juesuan.pdf',
        'putuo-wenlv-2025-juesuan.pages.txt',
      ].sort(),
    );
  });

  it('the same zip again imports nothing new: every report unchanged, the store as it was', async () => {
    expect(second.map((r) => (r.ok ? r.summaries![0].status : 'failed'))).toEqual(
      first.map((r) => (r.ok ? 'unchanged' : 'failed')),
    );
    expect(bulkSummary(second).lines[0]).toBe('共 5 个文件：成功 4（新导入 0，替换 0，未变化 4），失败 1');
    expect(await countRows(db)).toEqual(afterFirst.counts);
    expect(await listReports(db)).toEqual(afterFirst.reports);
  });

  it('/import with the zip answers with the summary table, the counts and each failure with its reason', async () => {
    const fresh = await openDb(':memory:');
    try {
      const env = { db: fresh, lib: new Library(fresh), config: loadConfig({ ADMINS: 'console' }) };
      const z = makeZip([
        { name: 'a/yanggu.txt', data: readFixture('yanggu-zfb-2020-juesuan.txt') },
        { name: 'a/broken.pdf', data: junk() },
        { name: 'a/x.png', data: 'x' },
      ]);
      const a = await handleIncoming(env, {
        chatKey: 'console',
        userId: 'console',
        text: '/import',
        file: { name: 'reports.zip', bytes: z },
      });
      expect(a.kind).toBe('message');
      if (a.kind !== 'message') return;
      expect(a.title).toBe('压缩包「reports.zip」：2 个报告，成功 1，失败 1');
      expect(a.table!.columns.map((c) => c.title)).toEqual(['文件', '单位', '年度', '状态', '行数', '问题', '说明']);
      expect(a.table!.rows.map((r) => r.slice(0, 4))).toEqual([
        ['reports.zip/a/broken.pdf', '—', '—', '失败'],
        ['reports.zip/a/yanggu.txt', '阳谷县人民政府办公室', '2020', '已导入'],
      ]);
      expect(a.text).toBe(
        [
          '共 2 个文件：成功 1（新导入 1，替换 0，未变化 0），失败 1',
          '另有 1 个文件不是可导入的报告，已跳过。',
          '失败原因：',
          '· reports.zip/a/broken.pdf：「broken.pdf」：文件不是文本或 PDF（内容像是二进制数据），无法导入。',
        ].join('\n'),
      );
      const empty = await handleIncoming(env, {
        chatKey: 'console',
        userId: 'console',
        text: '/import',
        file: { name: '空.zip', bytes: makeZip([{ name: 'x.png', data: 'x' }]) },
      });
      expect(empty).toEqual({
        kind: 'error',
        message: '「空.zip」：压缩包中没有可导入的报告（PDF、文本、Word、网页或 Excel）（另有 1 个其他文件，已跳过）。',
      });
    } finally {
      await fresh.close();
    }
  });
});

describe('zip archives: limits and damage', () => {
  let db: Db;
  let before: Awaited<ReturnType<typeof countRows>>;
  beforeAll(async () => {
    db = await openDb(':memory:');
    await importUpload(db, 'y.txt', readFixture('yanggu-zfb-2020-juesuan.txt'));
    before = await countRows(db);
  });
  afterAll(() => db.close());

  const yanggu = () => ({ name: 'yanggu.txt', data: readFixture('yanggu-zfb-2020-juesuan.txt') });
  const env = () => ({ db, lib: new Library(db), config: loadConfig({ ADMINS: 'console', MAX_IMPORT_MB: '1' }) });
  const send = (name: string, bytes: Uint8Array) =>
    handleIncoming(env(), { chatKey: 'console', userId: 'console', text: '/import', file: { name, bytes } });

  it('more than 500 report files: refused whole before anything is inflated, store unchanged', async () => {
    const many = makeZip(Array.from({ length: 501 }, (_, i) => ({ name: `r${i}.txt`, data: `报告 ${i}` })));
    expect(await send('many.zip', many)).toEqual({
      kind: 'error',
      message:
        '「many.zip」：有 501 个报告文件，超过上限 500 个，请分成几个压缩包导入；为安全起见，整个压缩包未导入任何文件。',
    });
    const records = makeZip([yanggu(), ...Array.from({ length: 2000 }, (_, i) => ({ name: `d${i}/` }))]);
    expect(await send('dirs.zip', records)).toEqual({
      kind: 'error',
      message: '「dirs.zip」：有 2001 个条目，超过上限 2000 个；为安全起见，整个压缩包未导入任何文件。',
    });
    expect(await countRows(db)).toEqual(before);
  });

  it('a declared huge size: refused whole from the central directory alone, store unchanged', async () => {
    const huge = makeZip([
      { name: 'a.txt', data: 'x', declaredSize: 0xfffffffe },
      { ...yanggu(), name: 'b.txt' },
    ]);
    expect(await send('huge.zip', huge)).toEqual({
      kind: 'error',
      message: expect.stringMatching(
        /^「huge\.zip」：内的报告文件解压后共 4096\.\d MB，超过上限 4\.0 MB（单个文件上限的 4 倍）；为安全起见，整个压缩包未导入任何文件。$/,
      ),
    });
    expect(await countRows(db)).toEqual(before);
  });

  it('an entry that inflates past its declared size stops inflating and fails alone; the others are imported', async () => {
    const bomb = new Uint8Array(64 * MB); // deflates to ~64 KB
    const z = makeZip([
      { name: 'bomb.txt', data: bomb, declaredSize: 1000 },
      { name: 'ok.txt', data: readFixture('putuo-wenlv-2025-juesuan.pages.txt') },
    ]);
    const started = Date.now();
    const r = await importUpload(db, 'bomb.zip', z, { maxBytes: 50 * MB });
    expect(Date.now() - started).toBeLessThan(20_000);
    if (r.kind !== 'zip') throw new Error('not a zip');
    expect(r.rows.map((x) => [x.file, x.ok, x.error ?? x.summaries![0].status])).toEqual([
      [
        'bomb.zip/bomb.txt',
        false,
        '「bomb.txt」：解压后的内容超过压缩包声明的大小 1000 字节，压缩包可能已损坏或被改动过，已停止解压，无法导入。',
      ],
      ['bomb.zip/ok.txt', true, 'imported'],
    ]);
  });

  it('one entry over the single-file limit, a damaged entry, an encrypted one: each fails alone with its reason', async () => {
    const big = makeZip([{ name: 'big.txt', data: new Uint8Array(MB + 200 * 1024) }, yanggu()]);
    const r = await importUpload(db, 'big.zip', big, { maxBytes: MB });
    if (r.kind !== 'zip') throw new Error('not a zip');
    expect(r.rows.map((x) => x.error ?? x.summaries![0].status)).toEqual([
      '「big.txt」：解压后大小 1.2 MB，超过上限 1.0 MB，无法导入。',
      'unchanged',
    ]);
    const stored = makeZip([
      { name: 'a.txt', data: '阳谷县人民政府办公室', method: 0 },
      { name: 'b.txt', data: 'x', flags: 1 },
    ]);
    stored[40] ^= 0xff; // a byte of a.txt's data
    const d = await importUpload(db, 'damaged.zip', stored, { maxBytes: MB });
    if (d.kind !== 'zip') throw new Error('not a zip');
    expect(d.rows.map((x) => x.error)).toEqual([
      '「a.txt」：压缩包已损坏（校验和不符），无法导入。',
      '「b.txt」：文件已加密（设了密码），无法导入。',
    ]);
    expect(await countRows(db)).toMatchObject({ reports: before.reports + 1 });
  });

  it('a truncated archive is refused in Chinese', async () => {
    const z = makeZip([yanggu()]);
    expect(await send('cut.zip', z.subarray(0, z.length - 30))).toEqual({
      kind: 'error',
      message: '「cut.zip」：压缩包不完整或已损坏（找不到文件目录），无法导入。',
    });
  });
});

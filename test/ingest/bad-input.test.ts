import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { countRows, listReports, loadReport } from '../../db/store.js';
import { UserError, type UserErrorCode } from '../../src/errors.js';
import { importBytes, importFile } from '../../src/ingest/import-file.js';
import { fixturePath, fixtureText, seededBytes } from './fixtures.js';

const YANGGU = 'yanggu-zfb-2020-juesuan.txt';
const utf8 = (s: string) => new TextEncoder().encode(s);
const yanggu = fixtureText(YANGGU);
const cut = (from: string, to?: string) => {
  const a = yanggu.indexOf(from);
  const b = to === undefined ? yanggu.length : yanggu.indexOf(to, a);
  expect(a).toBeGreaterThan(0);
  expect(b).toBeGreaterThan(a);
  return yanggu.slice(0, a) + yanggu.slice(b);
};

/** A one-page PDF, written by hand with correct xref offsets, whose only text is "hello". */
function helloPdf(): Uint8Array {
  const content = 'BT /F1 24 Tf 72 200 Td (hello) Tj ET';
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = objs.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return utf8(out);
}

// "收入支出决算总表\n单位：阳谷县" in GBK
const GBK = Uint8Array.from([
  0xca, 0xd5, 0xc8, 0xeb, 0xd6, 0xa7, 0xb3, 0xf6, 0xbe, 0xf6, 0xcb, 0xe3, 0xd7, 0xdc, 0xb1, 0xed, 0x0a, 0xb5, 0xa5,
  0xce, 0xbb, 0xa3, 0xba, 0xd1, 0xf4, 0xb9, 0xc8, 0xcf, 0xd8,
]);

const MISSING_05_TO_09 = [
  '一般公共预算财政拨款支出决算表',
  '一般公共预算财政拨款基本支出决算表',
  '财政拨款“三公”经费支出决算表',
  '政府性基金预算财政拨款收入支出决算表',
  '国有资本经营预算财政拨款支出决算表',
];

const CASES: [string, string, () => Uint8Array, UserErrorCode, RegExp[]][] = [
  ['empty file', 'empty.txt', () => new Uint8Array(0), 'E_BAD_FILE', [/文件为空/]],
  ['whitespace only', 'blank.txt', () => utf8(' \n\t\r\n\u3000 \n'), 'E_BAD_FILE', [/只有空白字符/]],
  ['random bytes (seed 1)', 'r1.bin', () => seededBytes(4096, 1), 'E_BAD_FILE', [/二进制/]],
  ['random bytes (seed 2) named .txt', 'r2.txt', () => seededBytes(65536, 2), 'E_BAD_FILE', [/二进制/]],
  [
    'random bytes after a %PDF- header',
    'r3.pdf',
    () => new Uint8Array([...utf8('%PDF-1.7\n'), ...seededBytes(2048, 3)]),
    'E_BAD_FILE',
    [/PDF 文件无法解析/],
  ],
  ['a PDF that is not a report ("hello")', 'hello.pdf', helloPdf, 'E_BAD_FILE', [/不是决算报告/, /收入支出决算总表/]],
  ['GBK-encoded text', 'gbk.txt', () => GBK, 'E_BAD_FILE', [/不是 UTF-8/, /GBK/]],
  [
    'UTF-16 text',
    'utf16.txt',
    () =>
      new Uint8Array([
        0xff,
        0xfe,
        ...new Uint8Array(Uint16Array.from('收入支出决算总表', (c) => c.charCodeAt(0)).buffer),
      ]),
    'E_BAD_FILE',
    [/UTF-16/],
  ],
  [
    'yanggu cut before its 05表',
    'cut-05.txt',
    () => utf8(cut(' 一般公共预算财政拨款支出决算表\n')),
    'E_MISSING_SECTION',
    [/缺少5张决算表/, ...MISSING_05_TO_09.map((t) => new RegExp(t)), /--partial/],
  ],
  [
    'yanggu cut before 第三部分',
    'cut-3.txt',
    () => utf8(cut(' 第三部分\n')),
    'E_MISSING_SECTION',
    [/决算情况说明/, /--partial/],
  ],
  [
    'yanggu without its 07表',
    'no-07.txt',
    () => utf8(cut(' 一般公共预算财政拨款“三公”经费支出决算表', ' 注：本表反映单位本年度政府性基金')),
    'E_MISSING_SECTION',
    [/缺少1张决算表：财政拨款“三公”经费支出决算表/],
  ],
  // the 07 table's title and header are there, its one line of amounts is not: unreadable, not a table of zeros
  [
    'yanggu 07表 without its amounts',
    'no-07-amounts.txt',
    () => utf8(yanggu.replace('10.50 10.00 10.00 0.50 9.38 9.38 9.38', '')),
    'E_MISSING_SECTION',
    [/财政拨款“三公”经费支出决算表/, /没有可读的金额/, /--partial/],
  ],
  [
    'report prose without any table (its 名词解释 and annex)',
    'prose.txt',
    () => utf8(yanggu.slice(yanggu.indexOf(' 第四部分'))),
    'E_BAD_FILE',
    [/不是决算报告/],
  ],
];

describe('bad input: a clear Chinese UserError, and nothing in the store changes', () => {
  let db: Db;
  const dir = mkdtempSync(join(tmpdir(), 'juesuan-bad-'));
  beforeAll(async () => {
    db = await openDb(':memory:');
    // a report already in the store: a failed import of a file for the same unit and year must leave it alone
    await importFile(db, fixturePath(YANGGU));
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the GBK bytes are the GBK spelling of real report text', () => {
    expect(new TextDecoder('gbk').decode(GBK)).toBe('收入支出决算总表\n单位：阳谷县');
  });

  it.each(CASES)('%s', async (_, file, bytes, code, patterns) => {
    const before = await countRows(db);
    const error = await importBytes(db, file, bytes()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe(code);
    const message = (error as UserError).message;
    expect(message).toMatch(/[\u4e00-\u9fff]{4}/);
    expect(message).toContain(file);
    for (const p of patterns) expect(message).toMatch(p);
    expect(await countRows(db)).toEqual(before);
  });

  it('a 200 MB file is refused by size before it is read (sparse file, nothing allocated)', async () => {
    const path = join(dir, 'huge.pdf');
    writeFileSync(path, '');
    truncateSync(path, 200 * 1024 * 1024);
    const before = await countRows(db);
    const error = await importFile(db, path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'E_TOO_LARGE' });
    expect((error as Error).message).toMatch(/「huge\.pdf」：文件大小 200\.0 MB，超过上限 50 MB/);
    expect(await countRows(db)).toEqual(before);
  });

  it('the size limit is configurable, and importBytes checks it too', async () => {
    const before = await countRows(db);
    const error = await importBytes(db, 'yanggu-copy.txt', utf8(`${yanggu}\n`), { maxBytes: 1024 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'E_TOO_LARGE' });
    expect((error as Error).message).toMatch(/超过上限 1\.0 KB/);
    expect(await countRows(db)).toEqual(before);
  });

  it('a device or a folder is refused before anything is read (/dev/zero has no size and no end)', async () => {
    const before = await countRows(db);
    await expect(importFile(db, '/dev/zero')).rejects.toMatchObject({
      code: 'E_BAD_FILE',
      message: '「zero」不是普通文件（设备、管道或目录），无法导入。',
    });
    await expect(importFile(db, dir)).rejects.toMatchObject({ code: 'E_BAD_FILE' });
    expect(await countRows(db)).toEqual(before);
  });

  it('a missing file is a UserError naming the path', async () => {
    const path = join(dir, '不存在.pdf');
    await expect(importFile(db, path)).rejects.toMatchObject({ code: 'E_BAD_FILE', message: `找不到文件「${path}」` });
  });
});

describe('--partial: a report with tables missing imports and records which', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb(':memory:');
  });
  afterAll(() => db.close());

  it('cut before the 05表: four tables stored, five recorded missing, prose absent', async () => {
    const [summary] = await importBytes(db, 'cut-05.txt', utf8(cut(' 一般公共预算财政拨款支出决算表\n')), {
      partial: true,
    });
    const missing = ['general_budget_expense', 'basic_expense', 'three_public', 'gov_fund', 'state_capital'];
    expect(summary).toMatchObject({
      status: 'imported',
      unitName: '阳谷县人民政府办公室',
      year: 2020,
      missingTables: missing,
      facts: 0,
    });
    expect(summary.tables.map((t) => [t.key, t.rows])).toEqual([
      ['income_expense_total', 42],
      ['income', 17],
      ['expense', 17],
      ['fiscal_total', 38],
    ]);
    const [meta] = await listReports(db);
    const { draft } = (await loadReport(db, meta.reportId))!;
    expect(draft.missingTables).toEqual(missing);
    expect(draft.tables).toHaveLength(4);
    expect(await countRows(db)).toMatchObject({ reports: 1, reportTables: 4, tableRows: 42 + 17 + 17 + 38, facts: 0 });
  });

  it('a table printed without amounts or 本表无数据 is recorded missing, not stored as zeros', async () => {
    const [summary] = await importBytes(
      db,
      'no-07-amounts.txt',
      utf8(yanggu.replace('10.50 10.00 10.00 0.50 9.38 9.38 9.38', '')),
      { partial: true },
    );
    expect(summary.missingTables).toEqual(['three_public']);
    expect(summary.tables.map((t) => t.key)).not.toContain('three_public');
  });

  it('only the 07表 missing: the other eight and all prose facts are kept', async () => {
    const [summary] = await importBytes(
      db,
      'no-07.txt',
      utf8(cut(' 一般公共预算财政拨款“三公”经费支出决算表', ' 注：本表反映单位本年度政府性基金')),
      { partial: true },
    );
    expect(summary.status).toBe('replaced');
    expect(summary.missingTables).toEqual(['three_public']);
    expect(summary.tables).toHaveLength(8);
    expect(summary.facts).toBeGreaterThan(100);
  });
});

describe('re-import', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb(':memory:');
  });
  afterAll(() => db.close());

  it('the same file again is "unchanged" and writes nothing', async () => {
    const [first] = await importFile(db, fixturePath(YANGGU));
    expect(first.status).toBe('imported');
    const [meta] = await listReports(db);
    const before = await countRows(db);
    const [again] = await importFile(db, fixturePath(YANGGU));
    expect(again.status).toBe('unchanged');
    expect(await countRows(db)).toEqual(before);
    expect(await listReports(db)).toEqual([meta]);
  });

  it('an edited file for the same unit and year replaces the old version whole', async () => {
    const [old] = await listReports(db);
    const oldReport = (await loadReport(db, old.reportId))!;
    const before = await countRows(db);
    expect(yanggu).toContain('30207   邮电费 105.31 ');
    const edited = utf8(yanggu.replace('30207   邮电费 105.31 ', '30207   邮电费 105.41 '));

    // a reader running alongside sees the old report whole or not at all, never half of each
    const [[summary], during] = await Promise.all([
      importBytes(db, 'yanggu-edited.txt', edited),
      loadReport(db, old.reportId),
    ]);
    expect(summary.status).toBe('replaced');
    if (during) expect(during.draft).toEqual(oldReport.draft);

    const reports = await listReports(db);
    expect(reports).toHaveLength(1);
    const [now] = reports;
    expect(now.reportId).not.toBe(old.reportId);
    expect(now).toMatchObject({ unitName: '阳谷县人民政府办公室', year: 2020, sourceFile: 'yanggu-edited.txt' });
    expect(now.sha256).not.toBe(old.sha256);
    expect(await loadReport(db, old.reportId)).toBeNull();

    const { draft } = (await loadReport(db, now.reportId))!;
    const postage = draft.tables.find((t) => t.key === 'basic_expense')!.rows.find((r) => r.code === '30207')!;
    expect(postage.values.amount).toBe('105.41');
    const { findings: _f, ...counts } = await countRows(db);
    const { findings: _g, ...countsBefore } = before;
    expect(counts).toEqual(countsBefore);
    expect((await countRows(db)).findings).toBe(summary.findings.length);
    // the edit breaks 302 商品和服务支出 = Σ its items by 0.10, which the audit reports
    expect(summary.findings.some((f) => f.severity === 'finding' && /30207|302/.test(f.message))).toBe(true);
  });
});

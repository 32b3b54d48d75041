import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTS, cliAgainst, storeAt, type Run } from './harness.js';
import { GBK_NAME, GBK_NAME_TEXT, makeZip } from '../ingest/make-zip.js';

const fixture = (f: string) => new Uint8Array(readFileSync(join(REPORTS, f)));

const dir = mkdtempSync(join(tmpdir(), 'juesuan-zip-'));
const DB_PATH = join(dir, 'db', 'finance.db');
const INBOX = join(dir, 'inbox');
const ZIP = join(INBOX, '普陀2024.zip');

const cli = cliAgainst(DB_PATH);

const store = () => storeAt(DB_PATH);

const junk = () =>
  new Uint8Array(
    Buffer.concat(Array.from({ length: 64 }, (_, i) => createHash('sha256').update(`broken-${i}`).digest())),
  );

const rowOf = (stdout: string, file: string) => {
  const line = stdout.split('\n').find((l) => l.startsWith(`${file} `));
  expect(line, `no table row for ${file}\n${stdout}`).toBeDefined();
  return line!.split(/\s{2,}/).map((c) => c.trim());
};

// the zip's entries in import order (a folder walk's order), as the summary names them
const ENTRIES = [
  '报告/broken.pdf',
  '报告/putuo-czj-2024-juesuan.layout.txt',
  '报告/putuo-shgzb-2024-juesuan.layout.txt',
  '报告/putuo-wenlv-2025-juesuan.pages.txt',
  `报告/${GBK_NAME_TEXT}`,
];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli import of a zip archive', () => {
  let first: Run;
  let second: Run;
  let walk: Run;
  let afterFirst: Awaited<ReturnType<typeof store>>;
  beforeAll(async () => {
    mkdirSync(INBOX, { recursive: true });
    writeFileSync(
      ZIP,
      makeZip([
        { name: '报告/' },
        { name: '报告/putuo-czj-2024-juesuan.layout.txt', data: fixture('putuo-czj-2024-juesuan.layout.txt') },
        { name: '报告/putuo-shgzb-2024-juesuan.layout.txt', data: fixture('putuo-shgzb-2024-juesuan.layout.txt') },
        { name: '报告/putuo-wenlv-2025-juesuan.pages.txt', data: fixture('putuo-wenlv-2025-juesuan.pages.txt') },
        // 报告/阳谷县政府办决算.txt in GBK, without the UTF-8 flag
        {
          name: Buffer.concat([Buffer.from('b1a8b8e62f', 'hex'), GBK_NAME]),
          data: fixture('yanggu-zfb-2020-juesuan.txt'),
        },
        { name: '报告/broken.pdf', data: junk() },
        { name: '__MACOSX/报告/._broken.pdf', data: 'x' },
        // not reports: named in the output; one name carries a terminal escape sequence
        { name: '报告/封面.jpg', data: 'x' },
        { name: '报告/\u001b[2Jclear.jpg', data: 'x' },
      ]),
    );
    writeFileSync(join(INBOX, 'readme.md'), '不是报告');
    first = await cli('import', ZIP);
    afterFirst = await store();
    second = await cli('import', ZIP);
    walk = await cli('import', INBOX);
  }, 300_000);

  it('names the files of the zip it skipped, control characters shown as ?', () => {
    expect(first.stdout).toContain(
      '已跳过压缩包中 2 个不是报告的文件：普陀2024.zip/报告/封面.jpg、普陀2024.zip/报告/?[2Jclear.jpg',
    );
    expect(first.stdout).not.toContain('\u001b');
  });

  it('expands the zip into its entries: progress per entry, a summary row named archive.zip/inner/file, exit 1 for the broken one', () => {
    expect(first.code, first.stderr).toBe(1);
    const progress = first.stdout.split('\n').filter((l) => /^\[\d+\/\d+\]/.test(l));
    expect(progress.map((l) => l.split(' ')[1])).toEqual(ENTRIES.map((e) => e.split('/').pop()));
    expect(progress[0]).toMatch(/^\[0\/5\] broken\.pdf · \d+\.\ds · 失败 0$/);
    for (const e of ENTRIES.slice(1)) {
      const [file, unit, year, status, rows] = rowOf(first.stdout, `普陀2024.zip/${e}`);
      expect(file).toBe(`普陀2024.zip/${e}`);
      expect(unit).toMatch(/普陀区|阳谷县/);
      expect(year).toMatch(/^20(20|24|25)$/);
      expect(status).toBe('已导入');
      expect(Number(rows)).toBeGreaterThan(100);
    }
    const broken = rowOf(first.stdout, '普陀2024.zip/报告/broken.pdf');
    expect(broken.slice(1, 4)).toEqual(['—', '—', '失败']);
    expect(broken.at(-1)).toBe('「broken.pdf」：文件不是文本或 PDF（内容像是二进制数据），无法导入。');
    expect(first.stdout).toContain('共 5 个文件：成功 4（新导入 4，替换 0，未变化 0），失败 1');
    expect(first.stdout).not.toContain('__MACOSX');
    expect(afterFirst.counts).toMatchObject({ units: 4, reports: 4 });
  });

  it('a second run imports nothing new', async () => {
    expect(second.code).toBe(1);
    expect(second.stdout).toContain('共 5 个文件：成功 4（新导入 0，替换 0，未变化 4），失败 1');
    expect(await store()).toEqual(afterFirst);
  });

  it('a folder walk takes the zip (and skips other files)', () => {
    expect(walk.stdout).toContain(`普陀2024.zip/报告/${GBK_NAME_TEXT} `);
    expect(walk.stdout).toContain('共 5 个文件：成功 4（新导入 0，替换 0，未变化 4），失败 1');
    expect(walk.stdout).not.toContain('readme.md');
  });
});

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { importFile } from '../../src/ingest/import-file.js';
import { blankPdf } from '../ingest/blank-pdf.js';
import { makeZip } from '../ingest/make-zip.js';
import { REPORTS, cliAgainst, storeAt, type Run } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'juesuan-bounds-'));
const DB_PATH = join(dir, 'db', 'finance.db');
// a process that hangs on a pipe is killed after this: the tests below then fail, not wait
const cli = cliAgainst(DB_PATH, 60_000);
const YANGGU = join(REPORTS, 'yanggu-zfb-2020-juesuan.txt');
const ESC = '\u001b[2J';

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli import: what a file costs is bounded, and every refusal says why', () => {
  beforeAll(async () => {
    // a report stored under a file name that carries a terminal escape sequence
    const crafted = join(dir, `a${ESC}.txt`);
    copyFileSync(YANGGU, crafted);
    const db = await openDb(DB_PATH);
    await importFile(db, crafted);
    await db.close();
  });

  it('SYNTHETIC 20,000 blank pages: refused by MAX_IMPORT_PAGES, its count and the limit named, the store as it was', async () => {
    const pdf = join(dir, 'blank.pdf');
    writeFileSync(pdf, blankPdf(20_000));
    const before = await storeAt(DB_PATH);
    const run = await cli('import', pdf);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      '导入失败：「blank.pdf」：PDF 共 20000 页，超过页数上限 500 页，无法导入（上限由 MAX_IMPORT_PAGES 设置）。',
    );
    expect(await storeAt(DB_PATH)).toEqual(before);
    const wider = await cliAgainst(DB_PATH, 60_000, { MAX_IMPORT_PAGES: '20000' })('import', pdf);
    expect(wider.stderr).toContain('PDF 中没有可提取的文字'); // read to the end: blank
  });

  it('a pipe or a link to /dev/zero named .zip is refused before a byte is read (it hung, or grew without bound)', async () => {
    const fifo = join(dir, 'pipe.zip');
    execFileSync('mkfifo', [fifo]);
    const zero = join(dir, 'zero.zip');
    symlinkSync('/dev/zero', zero);
    const run: Run = await cli('import', fifo, zero);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      '导入失败：「pipe.zip」不是普通文件（设备、管道或目录），无法导入。',
      '导入失败：「zero.zip」不是普通文件（设备、管道或目录），无法导入。',
    ]);
  });

  it('--json reports each file of a zip it skipped', async () => {
    const zip = join(dir, 'mixed.zip');
    writeFileSync(
      zip,
      makeZip([
        { name: 'r/cover.png', data: 'x' },
        { name: 'r/yanggu.txt', data: readFileSync(YANGGU) },
      ]),
    );
    const run = await cli('import', '--json', zip);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; status: string });
    expect(lines.map((l) => [l.file, l.status])).toEqual([
      ['yanggu.txt', 'unchanged'],
      ['mixed.zip/r/cover.png', 'skipped'],
    ]);
  });

  it('a file name imported before is shown with its control characters as ?', async () => {
    const copy = join(dir, 'b.txt');
    copyFileSync(YANGGU, copy);
    const run = await cli('import', copy);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('与已导入的「a?[2J.txt」');
    expect(run.stdout).not.toContain('\u001b');
  });

  it('a folder with no report, its name crafted: exit 1, the name shown with ?', async () => {
    const empty = join(dir, `empty${ESC}`);
    mkdirSync(empty);
    const run = await cli('import', empty);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('没有找到可导入的文件');
    expect(run.stderr).toContain('empty?[2J');
    expect(run.stderr).not.toContain('\u001b');
  });
});

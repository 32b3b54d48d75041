import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTS, cliAgainst, type Run } from './harness.js';
import { openDb } from '../../db/client.js';
import { countRows, type RowCounts } from '../../db/store.js';
import type { ImportSummary } from '../../src/ingest/import-file.js';

const YANGGU = join(REPORTS, 'yanggu-zfb-2020-juesuan.txt');
const CZJ_LAYOUT = join(REPORTS, 'putuo-czj-2024-juesuan.layout.txt');
const yanggu = readFileSync(YANGGU, 'utf8');

const dir = mkdtempSync(join(tmpdir(), 'juesuan-cli-'));
const DB_PATH = join(dir, 'db', 'finance.db');

const cli = cliAgainst(DB_PATH, 60_000);

async function counts(): Promise<RowCounts> {
  const db = await openDb(DB_PATH);
  try {
    return await countRows(db);
  } finally {
    await db.close();
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli import', () => {
  let first: Run;
  beforeAll(async () => {
    first = await cli('import', YANGGU);
  });

  it('prints the unit and year, rows per table, facts and the audit summary', () => {
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('yanggu-zfb-2020-juesuan.txt：已导入 — 阳谷县人民政府办公室 2020年度单位决算');
    const perTable = lines.slice(1, 10).map((l) =>
      l
        .trim()
        .replace(/\s+/, ' ')
        .replace(/（.*）$/, ''),
    );
    expect(perTable).toEqual([
      '公开01表 收入支出决算总表：42行',
      '公开02表 收入决算表：17行',
      '公开03表 支出决算表：17行',
      '公开04表 财政拨款收入支出决算总表：38行',
      '公开05表 一般公共预算财政拨款支出决算表：17行',
      '公开06表 一般公共预算财政拨款基本支出决算表：90行',
      '公开07表 一般公共预算财政拨款“三公”经费支出决算表：6行',
      '公开08表 政府性基金预算财政拨款收入支出决算表：本表无数据',
      '公开09表 国有资本经营预算财政拨款支出决算表：本表无数据',
    ]);
    expect(lines[10]).toMatch(/^\s+情况说明事实：\d+条；勾稽：\d+项问题，\d+项尾数误差$/);
    expect(first.stdout).toMatch(/【尾数误差】公开01表《收入支出决算总表》/);
  });

  it('--json prints one parseable summary per file with the same fields; a second import is "unchanged"', async () => {
    const again = await cli('import', '--json', YANGGU);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout) as ImportSummary;
    expect(summary).toMatchObject({
      file: 'yanggu-zfb-2020-juesuan.txt',
      status: 'unchanged',
      unitName: '阳谷县人民政府办公室',
      year: 2020,
      scope: '单位',
      missingTables: [],
    });
    expect(summary.tables.map((t) => [t.label, t.rows, t.empty])).toEqual([
      ['公开01表', 42, false],
      ['公开02表', 17, false],
      ['公开03表', 17, false],
      ['公开04表', 38, false],
      ['公开05表', 17, false],
      ['公开06表', 90, false],
      ['公开07表', 6, false],
      ['公开08表', 0, true],
      ['公开09表', 0, true],
    ]);
    const [, facts, problems, rounding] = /情况说明事实：(\d+)条；勾稽：(\d+)项问题，(\d+)项尾数误差/
      .exec(first.stdout)!
      .map(Number);
    expect(summary.facts).toBe(facts);
    expect(summary.findings.filter((f) => f.severity === 'finding')).toHaveLength(problems);
    expect(summary.findings.filter((f) => f.severity === 'rounding')).toHaveLength(rounding);
    expect(summary.findings.every((f) => f.rule && f.message && f.location)).toBe(true);
  });

  it('--json with two files prints two lines, one per report', async () => {
    const run = await cli('import', '--json', CZJ_LAYOUT, YANGGU);
    expect(run.code).toBe(0);
    const out = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ImportSummary);
    expect(out.map((s) => [s.unitName, s.year, s.status])).toEqual([
      ['上海市普陀区财政局', 2024, 'imported'],
      ['阳谷县人民政府办公室', 2020, 'unchanged'],
    ]);
    expect(out[0].tables.map((t) => t.rows)).toEqual([42, 20, 20, 38, 20, 66, 6, 0, 0]);
  });

  it.each([
    ['an empty file', 'empty.txt', '', /^导入失败：「empty\.txt」：文件为空，没有可导入的内容。$/],
    [
      'a text that is not a report',
      'note.txt',
      '会议纪要\n今天讨论了预算编制。\n',
      /^导入失败：note\.txt 不是决算报告/,
    ],
    [
      'a truncated report',
      'cut.txt',
      yanggu.slice(0, yanggu.indexOf(' 一般公共预算财政拨款支出决算表\n')),
      /^导入失败：cut\.txt：缺少5张决算表：一般公共预算财政拨款支出决算表、/,
    ],
  ])('%s: exit 1, a Chinese message on stderr, the database untouched', async (_, name, content, message) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    const before = await counts();
    const run = await cli('import', path);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('no file at all: usage on stderr, exit 2', async () => {
    const run = await cli('import');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/用法：/);
  });
});

describe('cli audit', () => {
  beforeAll(async () => {
    await cli('import', YANGGU);
  });

  it('--unit 阳谷县人民政府办公室 --json lists that report with its findings', async () => {
    const run = await cli('audit', '--unit', '阳谷县人民政府办公室', '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      unit: string;
      year: number;
      findings: { rule: string; severity: string; message: string }[];
    }[];
    expect(out.map((r) => [r.unit, r.year])).toEqual([['阳谷县人民政府办公室', 2020]]);
    expect(out[0].findings.length).toBeGreaterThan(0);
    for (const f of out[0].findings) {
      expect(['finding', 'rounding']).toContain(f.severity);
      expect(f.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('an alias finds the same unit; text output has one summary line per report', async () => {
    const run = await cli('audit', '--unit', '政府办');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^阳谷县人民政府办公室 2020年度：\d+ 项问题，\d+ 项尾数误差$/);
  });

  it('ask: an unknown --unit is named as unknown, a bad --year is said, an alias works', async () => {
    const stranger = await cli('ask', '--unit', '不存在局', '三公经费');
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain('库中没有单位「不存在局」。已有单位：');
    expect(stranger.stderr).toContain('阳谷县人民政府办公室');
    const year = await cli('ask', '--year', 'abc', '三公经费');
    expect(year.code).toBe(1);
    expect(year.stderr).toContain('--year「abc」不是年份');
    const alias = await cli('ask', '--unit', '政府办', '三公经费执行率');
    expect(alias.code).toBe(0);
    expect(alias.stdout).toContain('89.33%');
  });

  it('import of a folder with no report in it: exit 1 and says so', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'juesuan-empty-'));
    const run = await cli('import', empty);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('没有找到可导入的文件');
    rmSync(empty, { recursive: true, force: true });
  });

  it('an unknown unit: exit 1, named as one the store does not have', async () => {
    const run = await cli('audit', '--unit', '不存在的单位', '--json');
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^库中没有单位「不存在的单位」。已有单位：.*阳谷县人民政府办公室/);
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTS, cliAgainst } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'juesuan-export-'));
const cli = cliAgainst(join(dir, 'finance.db'), 60_000);
const UNIT = '阳谷县人民政府办公室';

beforeAll(async () => {
  expect((await cli('import', join(REPORTS, 'yanggu-zfb-2020-juesuan.txt'))).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli export', () => {
  it('writes the nine tables as one workbook into a directory, under the name that says what it is', async () => {
    const run = await cli('export', '--unit', UNIT, '-o', dir);
    expect(run.code).toBe(0);
    const path = join(dir, `${UNIT}_2020_全部表格.xlsx`);
    expect(run.stdout).toContain(`已导出：${path}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets[4].name).toBe('公开05表 一般公共预算财政拨款支出决算表');
    expect(wb.worksheets[4].getCell('C6').value).toBe(1133.55);
  }, 60_000);

  it('writes one table as CSV to the file named, and a question’s table answer', async () => {
    const csv = join(dir, 'three.csv');
    expect((await cli('export', '--unit', UNIT, '--table', '三公', '--csv', '-o', csv)).code).toBe(0);
    const text = readFileSync(csv, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('\r\n合计,10.50,9.38\r\n');
    const run = await cli('export', '--unit', UNIT, '--csv', '-o', '-', '支出结构');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('201,一般公共服务支出,1133.55,86.00%');
  }, 60_000);

  it('refuses what it cannot export, writing nothing', async () => {
    const figure = await cli('export', '--unit', UNIT, '-o', join(dir, 'x.xlsx'), '三公经费执行率');
    expect(figure.code).toBe(1);
    expect(figure.stderr).toContain('没有可导出的表格');
    expect(existsSync(join(dir, 'x.xlsx'))).toBe(false);
    const both = await cli('export', '--unit', UNIT, '--xlsx', '--csv');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('只能选一个');
  }, 60_000);
});

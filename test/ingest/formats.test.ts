import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { countRows } from '../../db/store.js';
import { extractLines } from '../../src/ingest/extract.js';
import { importBytes } from '../../src/ingest/import-file.js';
import { parseReport } from '../../src/ingest/parse-report.js';
import { proseCoverage } from '../../src/ingest/coverage.js';
import { auditReport } from '../../src/audit/index.js';
import { reportPath } from '../query/real-views.js';
import type { ReportDraft } from '../../src/ingest/types.js';
import { UserError } from '../../src/errors.js';
import { answerFromViews } from '../../src/query/ask.js';
import { buildView, type ReportView } from '../../src/query/report-view.js';
import { renderJson } from '../../src/render/json.js';
import { rowOf, tableOf } from './fixtures.js';

// Real reports in the formats other regions publish. The 太原 report is the unit's own .doc; its .docx and .html are
// that file saved by LibreOffice as Word 2007 and as a web page, the way the import error tells a user to save it.
const more = (name: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/more/${name}`, import.meta.url))));

async function parse(name: string, bytes: Uint8Array, partial = false): Promise<ReportDraft> {
  const ex = await extractLines({ fileName: name, bytes });
  return parseReport(ex.lines, {
    format: ex.format,
    pageCount: ex.pageCount,
    fileName: name,
    partial,
    source: ex.source,
  });
}
const viewOf = (d: ReportDraft): ReportView =>
  buildView({
    meta: {
      reportId: 1,
      unitId: 1,
      unitName: d.unitName,
      aliases: d.unitAliases,
      year: d.year,
      region: d.region,
    } as never,
    draft: d,
    findings: [],
  });
const ask = (v: ReportView, q: string) =>
  renderJson(answerFromViews([v], q, { unit: v.unitName })) as {
    kind: string;
    value?: string;
    unit?: string;
    text: string;
  };

describe('a university 部门决算: four tables titled 表 1：高等学校…, amounts with thousands separators (西南大学 2023)', () => {
  let pdf: ReportDraft;
  let text: ReportDraft;
  beforeAll(async () => {
    pdf = await parse('chongqing-swu-2023-juesuan.pdf', more('chongqing-swu-2023-juesuan.pdf'));
    text = await parse('chongqing-swu-2023-juesuan.layout.txt', more('chongqing-swu-2023-juesuan.layout.txt'));
  });

  it('imports without --partial; the tables the format has not are recorded, not a failure', () => {
    expect(pdf).toMatchObject({ unitName: '西南大学', year: 2023 });
    expect(pdf.tables.map((t) => [t.key, t.label])).toEqual([
      ['income_expense_total', '表1'],
      ['income', '表2'],
      ['expense', '表3'],
      ['general_budget_expense', '表4'],
    ]);
    expect(pdf.missingTables.sort()).toEqual([
      'basic_expense',
      'fiscal_total',
      'gov_fund',
      'state_capital',
      'three_public',
    ]);
    expect(tableOf(pdf, 'general_budget_expense').title).toBe('高等学校财政拨款支出决算表');
  });

  it.each([
    ['income_expense_total', ['本年收入合计', 'income'], 'amount', '430725.03'],
    ['income_expense_total', ['本年支出合计', 'expense'], 'amount', '457676.75'],
    // the income side's 其中 rows, parts of the row above them
    ['income_expense_total', ['其中：政府性基金预算财政拨款', 'income'], 'amount', '109.50'],
    ['income_expense_total', ['其中：捐赠收入', 'income'], 'amount', '44.20'],
    ['income', '20602', 'total', '1178.72'],
    ['expense', '2060201', 'total', '828.72'],
    ['general_budget_expense', '2060201', 'basic', '828.72'],
    ['general_budget_expense', '合计', 'total', '237100.00'],
  ] as const)('%s %j %s = %s', (key, ref, col, value) => {
    expect(rowOf(pdf, key, ref).values[col]).toBe(value);
    expect(rowOf(text, key, ref).values[col]).toBe(value);
  });

  it('「其中」 columns (事业收入 其中：教育收费, 项目支出 其中：基本建设资金支出) are their own, and the audit finds no defect', () => {
    expect(rowOf(pdf, 'income', '205').values).toMatchObject({
      business: '136385.24',
      business_tuition: '73648.19',
      other: '42555.90',
    });
    expect(rowOf(pdf, 'general_budget_expense', '2060204').values).toEqual({
      total: '1707.93',
      project: '1707.93',
      project_capital: '1357.93',
    });
    expect(auditReport(pdf).filter((f) => f.severity === 'finding')).toEqual([]);
  });

  it('a printed page number does not land in a column of a table that runs across the page (20602, 2060201)', () => {
    expect(rowOf(pdf, 'income', '20602').values).not.toHaveProperty('superior');
    expect(Object.keys(rowOf(pdf, 'general_budget_expense', '2060201').values).sort()).toEqual(['basic', 'total']);
  });

  it('reads the prose: codes in brackets, 收入总计 that is 本年收入合计, every 项 sentence linked by its code', () => {
    const f = pdf.facts.find((x) => x.subject === '科目:2050202' && x.measure === 'final');
    expect(f).toMatchObject({ value: '7970.38', code: '2050202', link: 'code' });
    expect(pdf.facts.find((x) => x.subject === '科目:2050699' && x.measure === 'yoy_rate')?.value).toBe('-4.50');
    expect(pdf.facts.find((x) => x.subject === '本年收入合计' && x.measure === 'yoy_change')?.value).toBe('-23616.80');
    expect(proseCoverage(pdf.facts)).toEqual({ items: 12, linked: 12, unlinked: [] });
  });

  it.each([
    ['三公经费', 'no_data', null],
    ['教育支出占比', 'figure', '92.92'],
    ['2022年本年收入合计', 'figure', '454341.83'],
    ['机构运行同比', 'figure', '-1.76'],
  ])('%s → %s %s', (q, kind, value) => {
    const a = ask(viewOf(pdf), q);
    expect(a.kind).toBe(kind);
    if (value) expect(a.value).toBe(value);
  });
});

describe('a 2016 city bureau report in Word, tables in 元 (太原市发展和改革委员会)', () => {
  let docx: ReportDraft;
  let html: ReportDraft;
  beforeAll(async () => {
    docx = await parse('taiyuan.docx', more('shanxi-taiyuan-fgw-2016-juesuan.docx'), true);
    html = await parse('taiyuan.html', more('shanxi-taiyuan-fgw-2016-juesuan.html'), true);
  });

  it('its 公开01表 is a picture: named as not read, and the rest imports only with --partial', async () => {
    const err = await parse('taiyuan.docx', more('shanxi-taiyuan-fgw-2016-juesuan.docx')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/公开01表.*可能是图片.*--partial/);
  });

  it('finds the unit, the year and the tables under their older titles', () => {
    expect(docx).toMatchObject({ unitName: '太原市发展和改革委员会', year: 2016, region: '太原市' });
    expect(docx.unitAliases).toContain('发改委');
    expect(docx.tables.map((t) => `${t.label} ${t.key}`)).toEqual([
      '公开02表 income',
      '公开03表 expense',
      '公开04表 fiscal_total',
      '公开05表 general_budget_expense',
      '公开06表 basic_expense',
      '公开07表 gov_fund',
      '公开09表 three_public',
    ]);
  });

  it.each([
    ['income', '合计', 'total', '4258.392159'],
    ['expense', '2010401', 'total', '2086.172502'],
    ['three_public', '合计', 'final', '7.799708'],
    ['three_public', '公务接待费', 'budget', '4.81'],
  ] as const)('元 stored exactly in 万元: %s %s %s = %s', (key, ref, col, value) => {
    expect(rowOf(docx, key, ref).values[col]).toBe(value);
    expect(rowOf(html, key, ref).values[col]).toBe(value);
    expect(tableOf(docx, key).moneyUnit).toBe('元');
  });

  it('a code named otherwise before 2018 keeps the report’s own name (30311 住房公积金, since 2018 代缴社会保险费)', () => {
    expect(rowOf(docx, 'basic_expense', '30311')).toMatchObject({ name: '住房公积金', values: { amount: '132.5806' } });
    expect(rowOf(docx, 'basic_expense', '30106').name).toBe('伙食补助费');
    const a = ask(viewOf(docx), '公积金一年交了多少');
    expect(a).toMatchObject({ kind: 'figure', value: '132.58', unit: '万元' });
  });

  it('the .docx and the saved web page give the same rows', () => {
    const rows = (d: ReportDraft) => d.tables.map((t) => t.rows.map((r) => [t.key, r.code, r.values]));
    expect(rows(html)).toEqual(rows(docx));
  });

  it.each([
    ['一般公共服务支出', '3008.43', '万元', /表中印为 30,084,304\.96 元/],
    ['三公经费', '7.80', '万元', null],
    ['政府采购', '452.42', '万元', null],
    ['机关运行经费', '399.94', '万元', null],
    ['车辆数', '20', '辆', null],
  ])('%s = %s %s', (q, value, unit, basis) => {
    const a = ask(viewOf(docx), q);
    expect(a).toMatchObject({ kind: 'figure', unit });
    expect(Number(a.value)).toBe(Number(value));
    if (basis) expect(a.text).toMatch(basis);
  });

  it('statistics table rows are facts with their row as the sentence: vehicles by kind, 公务接待 batches', () => {
    const fact = (s: string, m: string) => docx.facts.find((f) => f.subject === s && f.measure === m);
    expect(fact('车辆:一般执法执勤用车', 'count')?.value).toBe('6');
    expect(fact('公务接待费', 'batches')?.value).toBe('8');
    expect(fact('政府采购货物', 'final')?.sentence).toContain('1,179,655.10');
  });

  it('its own figures agree: the one defect the audit finds is in the source (公务用车运行维护费 7.32 万元 in prose, 73,055.58 元 in the table)', () => {
    const defects = auditReport(docx).filter((f) => f.severity === 'finding');
    expect(
      defects.map((f) => [f.rule, f.expected, f.actual]),
      defects.map((f) => f.message).join('\n'),
    ).toEqual([['prose.figure', '7.305558', '7.32']]);
  });

  it('the same report as an .xlsx workbook (its Word text written row by row into a sheet, cells as text) gives the same rows', async () => {
    const { default: WordExtractor } = await import('word-extractor');
    const body = (
      await new WordExtractor().extract(Buffer.from(more('shanxi-taiyuan-fgw-2016-juesuan.docx')))
    ).getBody();
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('决算');
    for (const line of body.split('\n')) sheet.addRow(line.split('\t'));
    const xlsx = new Uint8Array(await book.xlsx.writeBuffer());
    const fromXlsx = await parse('taiyuan.xlsx', xlsx, true);
    const rows = (d: ReportDraft) => d.tables.map((t) => t.rows.map((r) => [t.key, r.code, r.values]));
    expect(rows(fromXlsx)).toEqual(rows(docx));
  });

  it('a workbook of the tables alone (its 说明 published apart) is imported without --partial; a text cut there is not', async () => {
    // the 阳谷 report up to its 情况说明 (第三部分), each line a row of cells
    const text = readFileSync(reportPath('yanggu-zfb-2020-juesuan.txt'), 'utf8');
    const tablesOnly = text.slice(0, text.indexOf('第三部分'));
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('决算表');
    for (const line of tablesOnly.split('\n')) sheet.addRow(line.split(' '));
    const fromXlsx = await parse('yanggu-tables.xlsx', new Uint8Array(await book.xlsx.writeBuffer()));
    const whole = await parse('yanggu.txt', new TextEncoder().encode(text));
    const rows = (d: ReportDraft) => d.tables.map((t) => t.rows.map((r) => [t.key, r.code, r.values]));
    expect(fromXlsx).toMatchObject({ unitName: '阳谷县人民政府办公室', year: 2020, missingTables: [], facts: [] });
    expect(rows(fromXlsx)).toEqual(rows(whole));
    // the same lines as a text file: a report cut short, refused unless --partial
    await expect(parse('yanggu-cut.txt', new TextEncoder().encode(tablesOnly))).rejects.toThrow(/--partial/);
  });

  it('the original .doc, whose tables the Word reader loses, gets a clear error saying to save it as .docx or PDF', async () => {
    const err = await parse('taiyuan.doc', more('shanxi-taiyuan-fgw-2016-juesuan.doc')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/另存为 \.docx 或 PDF/);
  });
});

describe('bad office files: a clear Chinese error, nothing stored', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb(':memory:');
  });
  afterAll(() => db.close());
  const ole = () => {
    const b = new Uint8Array(4096);
    b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    return b;
  };
  it.each([
    ['旧表格.xls', ole(), /\.xls.*另存为 \.xlsx/],
    ['坏的.doc', ole(), /Word 文件无法读取/],
    ['空页面.html', new TextEncoder().encode('<html><body><p>通知</p></body></html>'), /不是决算报告/],
  ])('%s', async (name, bytes, message) => {
    const before = await countRows(db);
    const err = await importBytes(db, name, bytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(message);
    expect(await countRows(db)).toEqual(before);
  });
});

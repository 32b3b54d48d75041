import ExcelJS from 'exceljs';
import { Decimal } from 'decimal.js';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAsked, exportRequest } from '../../commands/export.js';
import { openDb, type Db } from '../../db/client.js';
import { listReports, loadReport } from '../../db/store.js';
import { exportFileName, exportReply, NOTHING_TO_EXPORT, REPORT_GONE } from '../../src/chat/export-reply.js';
import { importFile } from '../../src/ingest/import-file.js';
import { specOf } from '../../src/ingest/table-specs.js';
import type { ParsedTable, ReportDraft } from '../../src/ingest/types.js';
import type { Answer } from '../../src/query/answer.js';
import { ask, Library } from '../../src/query/ask.js';
import { UTF8_BOM } from '../../src/render/csv.js';
import { textOf } from '../../src/render/format.js';
import { AMOUNT_FORMAT, PERCENT_FORMAT, TEXT_FORMAT } from '../../src/render/xlsx.js';

// the seed: the 阳谷 report the README and `npm start` use
const SEED = 'samples/yanggu-zfb-2020-juesuan.txt';
const UNIT = '阳谷县人民政府办公室';
const scope = { unit: UNIT, year: null };

let db: Db;
let lib: Library;
let draft: ReportDraft;
beforeAll(async () => {
  db = await openDb(':memory:');
  await importFile(db, SEED);
  lib = new Library(db);
  const [meta] = await listReports(db);
  draft = (await loadReport(db, meta.reportId))!.draft;
});
afterAll(async () => {
  await db.close();
});

const fileOf = (a: Answer): Extract<Answer, { kind: 'file' }> => {
  if (a.kind !== 'file') throw new Error(`expected a file, got ${a.kind}: ${JSON.stringify(a).slice(0, 200)}`);
  return a;
};
const workbookOf = async (bytes: Buffer): Promise<ExcelJS.Workbook> => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
};
const SIDE_TITLES: Record<string, string> = { income: '收入', expense: '支出' };

/** The body a stored table should have in its sheet: rows by side under 收入 / 支出 for a two-sided table. */
function expectedBody(t: ParsedTable): ({ section: string } | { row: ParsedTable['rows'][number] })[] {
  const sides = [...new Set(t.rows.map((r) => r.side))];
  const twoSided = sides.length > 1 && sides.every((s) => s !== null && s in SIDE_TITLES);
  if (!twoSided) return t.rows.map((row) => ({ row }));
  return sides.flatMap((s) => [
    { section: SIDE_TITLES[s!] },
    ...t.rows.filter((r) => r.side === s).map((row) => ({ row })),
  ]);
}

describe('export: the seed report as one workbook', () => {
  let wb: ExcelJS.Workbook;
  let file: Extract<Answer, { kind: 'file' }>;
  beforeAll(async () => {
    file = fileOf(await exportAsked(lib, '全部', 'xlsx', scope));
    wb = await workbookOf(file.bytes);
  });

  it('is named for what it holds and has one sheet per stored table, in the report order', () => {
    expect(file.fileName).toBe('阳谷县人民政府办公室_2020_全部表格.xlsx');
    expect(file.format).toBe('xlsx');
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      draft.tables.map((t) => `${t.label ?? `公开${specOf(t.key).label}表`} ${t.title}`.slice(0, 31)),
    );
  });

  it('holds every amount of the nine tables as the exact stored decimal, typed, with codes as text', () => {
    let amounts = 0;
    for (const [i, t] of draft.tables.entries()) {
      const ws = wb.worksheets[i];
      expect(String(ws.getCell(1, 1).value)).toBe(`${UNIT} 2020年度 ${ws.name.split(' ')[0]} ${t.title}`);
      expect(ws.getCell(2, 1).value).toBe('金额单位：万元');
      const coded = t.rows.some((r) => r.code);
      const headerRows = coded ? 2 : 1;
      const keyCols = coded ? 2 : 1;
      // the header as the report heads it
      if (coded) {
        expect([ws.getCell(3, 1).value, ws.getCell(4, 1).value, ws.getCell(4, 2).value]).toEqual([
          '项目',
          '科目编码',
          '科目名称',
        ]);
        expect(ws.getCell(3, 2).isMerged && ws.getCell(3, 2).master.address).toBe('A3');
        for (const [j, c] of t.columns.entries()) {
          expect(ws.getCell(3, keyCols + j + 1).value).toBe(c.title);
          expect(ws.getCell(4, keyCols + j + 1).master.address).toBe(ws.getCell(3, keyCols + j + 1).address);
        }
      } else {
        expect(ws.getRow(3).values).toEqual([undefined, '项目', ...t.columns.map((c) => c.title)]);
      }
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 + headerRows, xSplit: keyCols });
      const body = expectedBody(t);
      for (const [k, line] of body.entries()) {
        const row = ws.getRow(3 + headerRows + k);
        if ('section' in line) {
          expect(row.getCell(1).value).toBe(line.section);
          continue;
        }
        const r = line.row;
        if (coded) {
          const code = row.getCell(1);
          expect(code.value ?? null).toBe(r.code);
          if (r.code) {
            expect(typeof code.value).toBe('string');
            expect(code.numFmt).toBe(TEXT_FORMAT);
          }
        }
        expect(row.getCell(keyCols).value).toBe(r.name);
        for (const [j, c] of t.columns.entries()) {
          const cell = row.getCell(keyCols + j + 1);
          const stored = r.values[c.key];
          if (stored === undefined) {
            expect(cell.value ?? null).toBeNull();
            continue;
          }
          expect(typeof cell.value).toBe('number');
          expect(new Decimal(cell.value as number).eq(stored)).toBe(true);
          expect(cell.numFmt).toBe(AMOUNT_FORMAT);
          amounts++;
        }
        expect(!!row.getCell(keyCols).font?.bold).toBe(
          r.level === 'total' || /^(合计|总计|小计)|(合计|总计|小计)$/.test(r.name),
        );
      }
      // the basis under the table
      const notes = ws.getRow(3 + headerRows + body.length + 1 + t.notes.length + (t.empty ? 1 : 0)).getCell(1).value;
      expect(String(notes)).toContain(`来源：${UNIT} 2020年度决算公开`);
      expect(String(notes)).toContain('yanggu-zfb-2020-juesuan.txt');
    }
    expect(amounts).toBe(
      draft.tables.reduce(
        (n, t) =>
          n +
          t.rows.reduce(
            (m, r) => m + Object.keys(r.values).filter((k) => t.columns.some((c) => c.key === k)).length,
            0,
          ),
        0,
      ),
    );
    expect(amounts).toBeGreaterThan(150);
  });

  it('writes the published decimal into the file itself, not a float next to it', () => {
    const files = unzipSync(new Uint8Array(file.bytes));
    const xml = Object.entries(files)
      .filter(([p]) => p.startsWith('xl/worksheets/sheet'))
      .map(([, b]) => strFromU8(b))
      .join('');
    expect(xml).toContain('<v>1133.55</v>');
    expect(xml).not.toMatch(/<v>\d+\.\d*0000\d+<\/v>|<v>\d+\.\d*9999\d+<\/v>/);
  });
});

describe('export: one table, CSV, answers that are tables', () => {
  it('exports 公开05表 alone, named for it', async () => {
    const file = fileOf(await exportAsked(lib, '05', 'xlsx', scope));
    expect(file.fileName).toBe('阳谷县人民政府办公室_2020_公开05表.xlsx');
    const wb = await workbookOf(file.bytes);
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    const row = ws.getRow(6);
    expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value]).toEqual([
      '201',
      '一般公共服务支出',
      1133.55,
    ]);
  });

  it('writes CSV as UTF-8 with its BOM, CRLF, the same rows as the workbook', async () => {
    const csv = fileOf(await exportAsked(lib, '三公', 'csv', scope));
    expect(csv.fileName).toBe('阳谷县人民政府办公室_2020_公开07表.csv');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe(`${UNIT} 2020年度 公开07表 一般公共预算财政拨款“三公”经费支出决算表,,`);
    expect(lines[1]).toBe('金额单位：万元,,');
    expect(lines[2]).toBe('项目,预算数,决算数');
    expect(lines[3]).toBe('合计,10.50,9.38');
    const xlsx = await workbookOf(fileOf(await exportAsked(lib, '三公', 'xlsx', scope)).bytes);
    const t = draft.tables.find((x) => x.key === 'three_public')!;
    expect(lines.slice(3, 3 + t.rows.length).map((l) => l.split(',')[0])).toEqual(t.rows.map((r) => r.name));
    expect(xlsx.worksheets[0].getCell(4, 2).value).toBe(10.5);
  });

  it('exports a table answer from its own rows: codes as text, amounts and shares as numbers', async () => {
    const answer = await ask(lib, '支出结构', scope);
    expect(answer.kind).toBe('table');
    const file = fileOf(await exportReply(lib, answer, 'xlsx'));
    expect(file.fileName).toBe('2020年度_阳谷县人民政府办公室_支出结构（按功能分类_类）.xlsx');
    const ws = (await workbookOf(file.bytes)).worksheets[0];
    expect(ws.getRow(3).values).toEqual([undefined, '科目编码', '科目名称', '决算数（万元）', '占比']);
    const first = ws.getRow(4);
    expect(first.getCell(1).value).toBe('201');
    expect(first.getCell(1).numFmt).toBe(TEXT_FORMAT);
    expect(first.getCell(3).value).toBe(1133.55);
    expect(first.getCell(4).numFmt).toBe(PERCENT_FORMAT);
    const shown = answer.kind === 'table' ? textOf(answer.table.rows[0][3]) : '';
    expect(`${new Decimal(first.getCell(4).value as number).mul(100).toFixed(2)}%`).toBe(shown);
  });

  it('says so for an answer without a table', async () => {
    const figure = await exportReply(lib, await ask(lib, '三公经费执行率', scope), 'xlsx');
    expect(figure).toMatchObject({ kind: 'no_data', message: NOTHING_TO_EXPORT });
  });

  it('asks a clarify back with candidates that, chosen, still export', async () => {
    const clarify: Answer = {
      kind: 'clarify',
      title: '',
      message: '请问要查哪个单位？',
      candidates: [{ label: UNIT, code: null, value: null, question: `${UNIT} 三公经费表` }],
    };
    const asked = await exportReply(lib, clarify, 'csv');
    if (asked.kind !== 'clarify') throw new Error('expected a clarify');
    expect(asked.message).toBe(clarify.message);
    const chosen = exportRequest(asked.candidates[0].question);
    expect(chosen).toEqual({ what: `${UNIT} 三公经费表`, format: 'csv' });
    expect(fileOf(await exportAsked(lib, chosen!.what, chosen!.format, { unit: null, year: null })).fileName).toBe(
      `${UNIT}_2020_公开07表.csv`,
    );
  });

  it('says the report is gone when the table answer outlived it', async () => {
    const answer = await ask(lib, '公开05表', scope);
    if (answer.kind !== 'table') throw new Error('expected a table');
    const stale = { ...answer, reportTables: { reportId: 9999, keys: answer.reportTables!.keys } };
    expect(await exportReply(lib, stale, 'xlsx')).toMatchObject({ kind: 'no_data', message: REPORT_GONE });
  });

  it('names files so every system takes them', () => {
    expect(exportFileName('a/b\\c:d*e?f"g<h>i|j\u0007 k', 'csv')).toBe('abcdefghij_k.csv');
    expect(exportFileName('   ', 'xlsx')).toBe('决算问数导出.xlsx');
  });
});

import { Decimal } from 'decimal.js';
import type { Borders, Cell, Worksheet } from 'exceljs';
import { displayWidth } from './width.js';
import { fmt } from './format.js';
import { cellText, columnCount, headerTexts, type Sheet, type SheetCell } from './sheet.js';

/** Excel's number formats: amounts with thousands separators and 2 places shown, percentages with 2 places. */
export const AMOUNT_FORMAT = '#,##0.00';
export const PERCENT_FORMAT = '0.00%';
export const TEXT_FORMAT = '@';

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFEDEDED' } };
const SECTION_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFF6F6F6' } };
const FONT = '宋体';
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/**
 * A decimal as the number Excel stores, only when that number is the decimal exactly (its shortest form reads back
 * the same): 1133.55 stays 1133.55. A value a double cannot carry stays text, never a nearby number.
 */
function exactNumber(value: string): number | null {
  const n = Number(value);
  return Number.isFinite(n) && new Decimal(n).eq(value) ? n : null;
}

function setCell(cell: Cell, c: SheetCell): void {
  switch (c.kind) {
    case 'text':
      cell.value = c.text;
      return;
    case 'code':
      cell.value = c.text;
      cell.numFmt = TEXT_FORMAT;
      return;
    case 'amount': {
      const n = exactNumber(c.value);
      cell.value = n ?? c.value;
      cell.numFmt = n === null ? TEXT_FORMAT : AMOUNT_FORMAT;
      cell.alignment = { horizontal: 'right' };
      return;
    }
    case 'percent': {
      const n = exactNumber(new Decimal(c.value).div(100).toString());
      cell.value = n ?? `${c.value}%`;
      if (n !== null) cell.numFmt = PERCENT_FORMAT;
      cell.alignment = { horizontal: 'right' };
      return;
    }
    case 'number':
      cell.value = exactNumber(c.value) ?? c.value;
      cell.alignment = { horizontal: 'right' };
      return;
    case 'empty':
      return;
  }
}

/** What a cell shows, for its column's width: amounts with their separators. */
function shown(c: SheetCell): string {
  if (c.kind === 'amount') return fmt(new Decimal(c.value));
  return cellText(c);
}

/** Excel's column width counts narrow characters; a CJK character is two. */
const widthOf = (s: string): number => Math.max(0, ...s.split('\n').map((l) => displayWidth(l)));

function addSheet(ws: Worksheet, s: Sheet): void {
  const cols = columnCount(s);
  const merge = (r1: number, c1: number, r2: number, c2: number) => {
    if (r1 !== r2 || c1 !== c2) ws.mergeCells(r1, c1, r2, c2);
  };
  // widths from the header's words and the body's cells (a heading merged over several columns does not widen one)
  const header = headerTexts(s);
  const widths = Array.from({ length: cols }, (_, j) => {
    const texts = [
      ...header.map((r, i) => ((s.header[i][j]?.colSpan ?? 1) > 1 ? '' : (r[j] ?? ''))),
      ...s.rows.map((r) => (r.section ? '' : shown(r.cells[j] ?? { kind: 'empty' }))),
    ];
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, ...texts.map(widthOf)) + 2);
  });
  widths.forEach((w, j) => {
    ws.getColumn(j + 1).width = w;
  });
  // a merged, wrapped cell does not grow its row in Excel: give long lines the height they wrap to
  const across = widths.reduce((a, b) => a + b, 0);
  // (`size`: the font's size over the body's 10 points, as column widths count body characters)
  const fit = (row: number, text: string, lineHeight: number, size = 1) => {
    ws.getRow(row).height = lineHeight * Math.max(1, Math.ceil((widthOf(text) * size) / across));
  };

  const title = ws.getCell(1, 1);
  title.value = s.title;
  title.font = { name: FONT, size: 14, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  fit(1, s.title, 22, 1.4);
  merge(1, 1, 1, cols);
  const unit = ws.getCell(2, 1);
  unit.value = s.moneyUnit;
  unit.font = { name: FONT, size: 10 };
  unit.alignment = { horizontal: 'right' };
  merge(2, 1, 2, cols);

  const headerTop = 3;
  s.header.forEach((row, i) => {
    for (let j = 0; j < cols; j++) {
      const cell = ws.getCell(headerTop + i, j + 1);
      const h = row[j];
      if (h) cell.value = h.text;
      cell.font = { name: FONT, size: 10, bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = HEADER_FILL;
      cell.border = BORDER;
    }
  });
  s.header.forEach((row, i) => {
    row.forEach((h, j) => {
      if (h) merge(headerTop + i, j + 1, headerTop + i + (h.rowSpan ?? 1) - 1, j + 1 + (h.colSpan ?? 1) - 1);
    });
  });

  const bodyTop = headerTop + s.header.length;
  s.rows.forEach((r, i) => {
    const rowNo = bodyTop + i;
    for (let j = 0; j < cols; j++) {
      const cell = ws.getCell(rowNo, j + 1);
      setCell(cell, r.cells[j] ?? { kind: 'empty' });
      cell.font = { name: FONT, size: 10, bold: r.total || r.section };
      cell.border = BORDER;
      if (r.section) cell.fill = SECTION_FILL;
    }
  });

  let noteRow = bodyTop + s.rows.length + 1;
  for (const note of s.notes) {
    const cell = ws.getCell(noteRow, 1);
    cell.value = note;
    cell.font = { name: FONT, size: 9, color: { argb: 'FF595959' } };
    cell.alignment = { wrapText: true, vertical: 'top' };
    merge(noteRow, 1, noteRow, cols);
    fit(noteRow, note, 14);
    noteRow++;
  }

  ws.views = [
    {
      state: 'frozen',
      xSplit: s.keyColumns,
      ySplit: bodyTop - 1,
      topLeftCell: ws.getCell(bodyTop, s.keyColumns + 1).address,
    },
  ];
  ws.pageSetup = {
    orientation: cols > 5 ? 'landscape' : 'portrait',
    paperSize: 9,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerTop}:${bodyTop - 1}`,
  };
}

const importExcel = () => import('exceljs');
let exceljs: ReturnType<typeof importExcel> | null = null;
/** exceljs takes ~0.7 s to load: on first use (the CLI, tests), or ahead of the first 导出Excel (the bots, at start). */
export const loadExcel = (): ReturnType<typeof importExcel> => (exceljs ??= importExcel());

/** The sheets as one .xlsx workbook, a tab each. */
export async function writeXlsx(sheets: Sheet[]): Promise<Buffer> {
  const { default: ExcelJS } = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = '决算问数';
  wb.created = new Date();
  const names = new Set<string>();
  for (const s of sheets) {
    // tab names are unique in a workbook
    let name = s.name;
    for (let n = 2; names.has(name); n++) name = `${s.name.slice(0, 27)} (${n})`;
    names.add(name);
    addSheet(wb.addWorksheet(name), s);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

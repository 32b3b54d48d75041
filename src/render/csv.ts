import { cellText, columnCount, headerTexts, type Sheet } from './sheet.js';

/** Excel on Windows reads a CSV as the local code page unless it starts with the UTF-8 byte order mark. */
export const UTF8_BOM = '\uFEFF';

const quoted = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const line = (cells: string[], width: number): string =>
  Array.from({ length: width }, (_, i) => quoted(cells[i] ?? '')).join(',');

/**
 * The same rows as the workbook, as RFC 4180 CSV in UTF-8 with its BOM and CRLF line ends: the title, the money
 * unit, the header (a merged heading written once, in its first cell), the body, then the notes. Amounts are the exact
 * decimals without separators, percentages with %; several sheets follow one another, a blank line apart.
 */
export function writeCsv(sheets: Sheet[]): Buffer {
  const blocks = sheets.map((s) => {
    const width = columnCount(s);
    return [
      line([s.title], width),
      ...(s.moneyUnit ? [line([s.moneyUnit], width)] : []),
      ...headerTexts(s).map((r) => line(r, width)),
      ...s.rows.map((r) => line(r.cells.map(cellText), width)),
      ...s.notes.map((n) => line([n], width)),
    ].join('\r\n');
  });
  return Buffer.from(`${UTF8_BOM + blocks.join('\r\n\r\n')}\r\n`, 'utf8');
}

import { UserError } from '../errors.js';
import { extractPdf, isAmountToken } from './extract-pdf.js';
import { extractText } from './extract-text.js';
import { extractOffice, officeKind } from './extract-office.js';
import { DEFAULT_MAX_MB, type ImportDeadline } from './limits.js';

/** x in PDF points (PDF) or character columns (text: pdftotext -layout aligns by characters, a CJK character counting 1). */
export interface Cell {
  text: string;
  x0: number;
  x1: number;
}
export interface Line {
  page: number | null;
  text: string;
  cells: Cell[];
  y?: number;
  /** line number in a text file, blank lines counted: the vertical position where there is no y */
  lineNo?: number;
}
export interface Extracted {
  format: 'pdf' | 'text';
  /** the document the text came from, when it was not a PDF or a text file */
  source?: 'doc' | 'docx' | 'html' | 'xlsx';
  pageCount: number;
  lines: Line[];
}

export { isAmountToken };

export const DEFAULT_MAX_BYTES = DEFAULT_MAX_MB * 1024 * 1024;

export const formatSize = (n: number): string =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} 字节`;

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

/** Like Acrobat, accept the header anywhere in the first KiB (some generators prepend junk). */
export const looksLikePdf = (bytes: Uint8Array): boolean => {
  const end = Math.min(bytes.length, 1024) - PDF_MAGIC.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < PDF_MAGIC.length; j++) if (bytes[i + j] !== PDF_MAGIC[j]) continue outer;
    return true;
  }
  return false;
};

export async function extractLines(input: {
  fileName: string;
  bytes: Uint8Array;
  maxBytes?: number;
  /** a PDF of more pages is refused before a page is read (default DEFAULT_MAX_PAGES) */
  maxPages?: number;
  /** a PDF still being read when it runs out is stopped (default DEFAULT_TIMEOUT_SECONDS from now) */
  deadline?: ImportDeadline;
}): Promise<Extracted> {
  const { fileName, bytes, maxPages, deadline } = input;
  const maxBytes = input.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw new UserError(
      'E_TOO_LARGE',
      `「${fileName}」：文件大小 ${formatSize(bytes.length)}，超过上限 ${formatSize(maxBytes)}，无法导入。`,
    );
  }
  if (bytes.length === 0) throw new UserError('E_BAD_FILE', `「${fileName}」：文件为空，没有可导入的内容。`);
  const pdf = looksLikePdf(bytes);
  const office = pdf ? null : officeKind(fileName, bytes);
  const ex = pdf
    ? await extractPdf(fileName, bytes, { maxPages, deadline })
    : office
      ? await extractOffice(fileName, bytes, office)
      : extractText(fileName, bytes);
  return { ...ex, lines: dropPageNumbers(ex.lines) };
}

const PAGE_NUMBER = /^[-—－\s]*\d{1,3}[-—－\s]*$/;

/**
 * A printed page number (「8」, 「- 8 -」) alone on the first or last line of a page is not a table cell: left in, it
 * lands in a column of the table that runs across the page break.
 */
export function dropPageNumbers(lines: Line[]): Line[] {
  const drop = new Set<number>();
  lines.forEach((line, i) => {
    if (line.page === null || !PAGE_NUMBER.test(line.text)) return;
    const first = i === 0 || lines[i - 1].page !== line.page;
    const last = i === lines.length - 1 || lines[i + 1].page !== line.page;
    if (first || last) drop.add(i);
  });
  return drop.size ? lines.filter((_, i) => !drop.has(i)) : lines;
}

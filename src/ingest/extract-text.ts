import { withoutConversion } from './simplified.js';
import { UserError } from '../errors.js';
import type { Cell, Extracted, Line } from './extract.js';

const MARKER = /^\s*-{2,}\s*page\s+(\d+)\s*-{2,}\s*$/i;
const FOOTER = /^\s*第\s*(\d+)\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?\s*$/;
const CONTROL_SHARE_LIMIT = 0.02;

/** NUL or many C0 controls (other than tab, LF, VT, FF, CR, ESC) means binary, whatever the extension says. */
function looksBinary(bytes: Uint8Array): boolean {
  let control = 0;
  for (const b of bytes) {
    if (b === 0) return true;
    if ((b < 0x20 && !(b >= 0x09 && b <= 0x0d) && b !== 0x1b) || b === 0x7f) control++;
  }
  return control / bytes.length > CONTROL_SHARE_LIMIT;
}

export function decodeText(fileName: string, bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UserError('E_BAD_FILE', `「${fileName}」：文件是 UTF-16 编码的文本，请另存为 UTF-8 编码后再导入。`);
  }
  if (looksBinary(bytes)) {
    throw new UserError('E_BAD_FILE', `「${fileName}」：文件不是文本或 PDF（内容像是二进制数据），无法导入。`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw new UserError(
      'E_BAD_FILE',
      `「${fileName}」：文件不是 UTF-8 编码的文本（可能是 GBK/GB18030 编码），请先转换为 UTF-8 后再导入。`,
      { cause: e },
    );
  }
  text = text.replace(/^\uFEFF/, '');
  if (!text.trim()) throw new UserError('E_BAD_FILE', `「${fileName}」：文件为空（只有空白字符），没有可导入的内容。`);
  return text;
}

/** Cells are whitespace-separated tokens (U+3000 included); x is the display column in the original line. */
export function textCells(line: string): Cell[] {
  const cells: Cell[] = [];
  // columns count characters (code points, as [...line] does), read once along the line
  let read = 0;
  let column = 0;
  const advance = (to: number) => {
    for (; read < to; read++) {
      const unit = line.charCodeAt(read);
      const secondOfPair = unit >= 0xdc00 && unit <= 0xdfff && read > 0 && isHighSurrogate(line.charCodeAt(read - 1));
      if (!secondOfPair) column++;
    }
    return column;
  };
  for (const m of line.matchAll(/\S+/g)) {
    const x0 = advance(m.index);
    cells.push({ text: m[0], x0, x1: advance(m.index + m[0].length) });
  }
  return cells;
}
const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/**
 * Page from `--- page N ---` markers, form feeds and `第 N 页` footers (which end page N); null until
 * something tells us. A footer directly followed by a form feed is one page break, not two.
 */
export function extractText(fileName: string, bytes: Uint8Array): Extracted {
  return linesFromText(withoutConversion(decodeText(fileName, bytes)));
}

/** Lines of a text: cells are whitespace-separated tokens (a tab-separated row gives one cell per column). */
/** A line this long with sentences in it is a whole page or section run together (a crawler's copy of a web page). */
const RUN_TOGETHER = 300;
/**
 * A run-together line as the lines it was: a sentence a line, an item of a list (（一）, 一、, 1.) on its own line
 * after a colon or semicolon, and a heading 「三、」 after a space, so that headings (「四、收入支出决算总体情况」) start lines as they do in a laid-out
 * report. A table of contents (「一、…………二、…」) stays one line. Other lines are left as they are.
 */
export function paragraphLines(raw: string): string[] {
  if (raw.length < RUN_TOGETHER || (raw.match(/。/g) ?? []).length < 2) return [raw];
  return raw
    .split(
      /(?<=[。！？])|(?<=[：:；;])(?=\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|[0-9]{1,2}[.．、](?![0-9])))|(?<=\s)(?=[一二三四五六七八九十]+、)/,
    )
    .filter((part) => part.trim());
}

export function linesFromText(text: string): Extracted {
  const lines: Line[] = [];
  let page: number | null = text.includes('\f') ? 1 : null;
  let maxPage = page ?? 0;
  let afterFooter = false;
  const segments = text.split('\f');
  let lineNo = 0;
  segments.forEach((segment, i) => {
    if (i > 0) {
      if (!afterFooter) page = (page ?? 1) + 1;
      afterFooter = false;
      if (segment.trim()) maxPage = Math.max(maxPage, page!);
    }
    for (const [j, raw] of segment.split(/\r\n|\r|\n/).entries()) {
      // a form feed breaks the page, not the line: what follows it is on the same line of the file
      if (i === 0 || j > 0) lineNo++;
      const marker = MARKER.exec(raw);
      const footer = marker ? null : FOOTER.exec(raw);
      if (marker) {
        page = Number(marker[1]);
        maxPage = Math.max(maxPage, page);
        afterFooter = false;
      } else if (footer) {
        page = Number(footer[1]) + 1;
        afterFooter = true;
        maxPage = Math.max(maxPage, page - 1);
      } else if (raw.trim()) {
        for (const part of paragraphLines(raw)) {
          const cells = textCells(part);
          lines.push({ page, text: cells.map((c) => c.text).join(' '), cells, lineNo });
        }
        if (page !== null) maxPage = Math.max(maxPage, page);
        afterFooter = false;
      }
    }
  });
  return { format: 'text', pageCount: maxPage || 1, lines };
}

import type { HTMLElement, Node } from 'node-html-parser';
import { UserError } from '../errors.js';
import type { Extracted } from './extract.js';
import { linesFromText } from './extract-text.js';
import { isZip } from './zip.js';

/** Reports published as Word, a web page or a spreadsheet become text lines: a table row is one line, its cells tab-separated. */

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
export const isOle = (b: Uint8Array): boolean => OLE.every((x, i) => b[i] === x);
const ascii = (b: Uint8Array, n = 4096) => new TextDecoder('latin1').decode(b.subarray(0, n));

export type OfficeKind = 'doc' | 'docx' | 'xls' | 'xlsx' | 'html';

/** What kind of document the bytes are (by content; the extension only tells .doc from .xls inside OLE). */
export function officeKind(fileName: string, bytes: Uint8Array): OfficeKind | null {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (isOle(bytes)) return ext === 'xls' || ext === 'et' ? 'xls' : 'doc';
  if (isZip(bytes)) {
    const head = ascii(bytes, Math.min(bytes.length, 1 << 20));
    if (head.includes('word/')) return 'docx';
    if (head.includes('xl/')) return 'xlsx';
    return null;
  }
  const start = ascii(bytes, 2048)
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (ext === 'html' || ext === 'htm' || /^<!doctype html|^<html|^<\?xml[^>]*>\s*<html/.test(start)) return 'html';
  return null;
}

const SAVE_AS = '请用 Word 或 WPS 打开后另存为 .docx 或 PDF 再导入';

export async function extractOffice(fileName: string, bytes: Uint8Array, kind: OfficeKind): Promise<Extracted> {
  switch (kind) {
    case 'doc':
    case 'docx':
      return extractWord(fileName, bytes, kind);
    case 'html':
      return { ...linesFromText(await htmlToText(decodeHtml(bytes))), source: 'html' };
    case 'xlsx':
      return extractXlsx(fileName, bytes);
    case 'xls':
      throw new UserError(
        'E_BAD_FILE',
        `「${fileName}」：旧版 Excel（.xls）文件无法读取，请用 Excel 或 WPS 另存为 .xlsx 后再导入。`,
      );
  }
}

async function extractWord(fileName: string, bytes: Uint8Array, kind: 'doc' | 'docx'): Promise<Extracted> {
  const { default: WordExtractor } = await import('word-extractor');
  let body: string;
  try {
    body = (await new WordExtractor().extract(Buffer.from(bytes))).getBody();
  } catch (e) {
    throw new UserError('E_BAD_FILE', `「${fileName}」：Word 文件无法读取（文件可能已损坏或加密），${SAVE_AS}。`, {
      cause: e,
    });
  }
  if (!body.trim()) throw new UserError('E_BAD_FILE', `「${fileName}」：Word 文件中没有读出文字，${SAVE_AS}。`);
  return { ...linesFromText(body), source: kind };
}

/** The charset a page declares (gb2312 pages are common on government sites), else UTF-8. */
function decodeHtml(bytes: Uint8Array): string {
  const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(ascii(bytes))?.[1]?.toLowerCase();
  const label = declared && /^(gb2312|gbk|gb18030|x-gbk)$/.test(declared) ? 'gb18030' : 'utf-8';
  return new TextDecoder(label).decode(bytes);
}

const BLOCK = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'section',
  'article',
  'header',
  'footer',
  'tr',
  'table',
  'br',
  'title',
  'caption',
  'blockquote',
  'pre',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'head', 'template', 'svg']);
const cellText = (el: HTMLElement) => el.textContent.replace(/[\s\u00a0\u3000]+/g, ' ').trim();

/**
 * A page's text: each block its own line, each table row one line of tab-separated cells (a merged cell counts once).
 * The HTML parser is loaded on first use: importing a PDF does not load it.
 */
export async function htmlToText(html: string): Promise<string> {
  const { parse: parseHtml, NodeType } = await import('node-html-parser');
  const root = parseHtml(html, { blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  const out: string[] = [];
  let line = '';
  const flush = () => {
    if (line.trim()) out.push(line.replace(/[ \u00a0]+/g, ' ').trim());
    line = '';
  };
  const walk = (node: Node) => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      line += node.textContent.replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const el = node as HTMLElement;
    const tag = el.tagName?.toLowerCase() ?? '';
    if (SKIP.has(tag)) return;
    if (tag === 'tr') {
      flush();
      const cells = el.childNodes.filter(
        (c): c is HTMLElement =>
          c.nodeType === NodeType.ELEMENT_NODE && /^t[dh]$/i.test((c as HTMLElement).tagName ?? ''),
      );
      const row = cells.map(cellText);
      if (row.some((c) => c)) out.push(row.join('\t'));
      return;
    }
    if (BLOCK.has(tag)) flush();
    for (const c of el.childNodes) walk(c);
    if (BLOCK.has(tag)) flush();
  };
  walk(root);
  flush();
  return out.join('\n');
}

async function extractXlsx(fileName: string, bytes: Uint8Array): Promise<Extracted> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (e) {
    throw new UserError('E_BAD_FILE', `「${fileName}」：Excel 文件无法读取（文件可能已损坏或加密）。`, { cause: e });
  }
  const lines: string[] = [];
  // each sheet is a table: its rows as printed, cell text as displayed (a formula's cached result)
  book.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => {
        cells[Number(cell.col) - 1] = (cell.text ?? '').replace(/\s+/g, ' ').trim();
      });
      if (cells.some((c) => c)) lines.push(Array.from(cells, (c) => c ?? '').join('\t'));
    });
    lines.push('');
  });
  return { ...linesFromText(lines.join('\n')), source: 'xlsx' };
}

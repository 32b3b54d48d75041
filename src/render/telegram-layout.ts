import { displayWidth, padToWidth } from './width.js';
import type { TableData } from '../query/answer.js';
import { tableText } from './format.js';

/** Telegram's limit is 4,096 characters after entity parsing; the raw HTML is never shorter, so it is what we measure. */
export const TG_LIMIT = 4096;
/** A cell wider than this is cut with "…": one cell must not widen every row of a page. */
export const MAX_CELL_WIDTH = 48;
/** Paging is worth it only when a page can hold a fair share of rows besides the repeated title and notes. */
const MIN_PAGE_BUDGET = 1000;
/** Rows on one page at most: a phone shows about this many lines of <pre>, and a group chat is not flooded. */
export const PAGE_ROWS = 30;

export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A line of output: bold, plain or inside <pre>; raw text, escaped when emitted. */
export interface Line {
  style: 'b' | 'plain' | 'pre';
  raw: string;
}

/** Cut by display width (CJK = 2 columns), keeping whole code points. */
export function clip(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** Column header, rule and rows, padded by display width over the whole table so every page lines up. */
export function tableLines(table: TableData): { header: string[]; rows: string[] } {
  const t = tableText(table);
  const cells = (r: string[]) => t.columns.map((_c, i) => clip(r[i] ?? '', MAX_CELL_WIDTH));
  const titles = cells(t.columns.map((c) => c.title));
  const body = t.rows.map(cells);
  const widths = titles.map((h, i) => Math.max(displayWidth(h), ...body.map((r) => displayWidth(r[i]))));
  const line = (r: string[]) =>
    r
      .map((c, i) => padToWidth(c, widths[i], t.columns[i].align === 'right'))
      .join('  ')
      .trimEnd();
  return { header: [line(titles), widths.map((w) => '-'.repeat(w)).join('  ')], rows: body.map(line) };
}

const open = (s: Line['style']) => (s === 'b' ? '<b>' : s === 'pre' ? '<pre>' : '');
const close = (s: Line['style']) => (s === 'b' ? '</b>' : s === 'pre' ? '</pre>' : '');

/** Lines → one HTML string: consecutive <pre> lines share one block, each bold line is its own <b>. */
export function emit(lines: Line[]): string {
  let out = '';
  lines.forEach((l, i) => {
    const prev = lines[i - 1];
    const next = lines[i + 1];
    const joinedPre = l.style === 'pre' && prev?.style === 'pre';
    out +=
      (i > 0 ? '\n' : '') +
      (joinedPre ? '' : open(l.style)) +
      escapeHtml(l.raw) +
      (l.style === 'pre' && next?.style === 'pre' ? '' : close(l.style));
  });
  return out;
}

/** A line too long for any message is cut into pieces whose escaped form fits. */
function chop(l: Line, max: number): Line[] {
  if (escapeHtml(l.raw).length <= max) return [l];
  const out: Line[] = [];
  let cur = '';
  for (const ch of l.raw) {
    if (escapeHtml(cur + ch).length > max) {
      out.push({ style: l.style, raw: cur });
      cur = '';
    }
    cur += ch;
  }
  if (cur) out.push({ style: l.style, raw: cur });
  return out;
}

/** Several messages, each within the limit, cut only between lines (or inside a line longer than a message). */
export function split(lines: Line[], limit = TG_LIMIT): string[] {
  const pieces = lines.flatMap((l) => chop(l, limit - 16));
  const msgs: string[] = [];
  let cur: Line[] = [];
  for (const l of pieces) {
    if (cur.length && emit([...cur, l]).length > limit) {
      msgs.push(emit(cur));
      cur = [];
    }
    cur.push(l);
  }
  if (cur.length) msgs.push(emit(cur));
  return msgs;
}

/**
 * Pages of one table: the title, the column header and the notes repeat on each page; as many rows as fit
 * the rest, at most `maxRows`.
 * Null when a page could not hold a useful number of rows: the caller splits instead.
 */
export function paginate(
  head: Line[],
  t: TableData,
  foot: Line[],
  limit = TG_LIMIT,
  maxRows = PAGE_ROWS,
): string[] | null {
  const { header, rows } = tableLines(t);
  const pre = (rs: string[]): Line[] => [...header, ...rs].map((raw) => ({ style: 'pre', raw }));
  const indicator = (i: number, n: number): Line => ({ style: 'plain', raw: `第 ${i}/${n} 页` });
  const fixed = emit([...head, indicator(999, 999), ...pre([]), ...foot]).length;
  const budget = limit - fixed;
  if (budget < MIN_PAGE_BUDGET) return null;
  const groups: string[][] = [];
  let cur: string[] = [];
  let used = 0;
  for (const r of rows) {
    const cost = escapeHtml(r).length + 1;
    if (cur.length && (used + cost > budget || cur.length >= maxRows)) {
      groups.push(cur);
      cur = [];
      used = 0;
    }
    cur.push(r);
    used += cost;
  }
  if (cur.length) groups.push(cur);
  if (groups.length > 999) return null;
  return groups.map((g, i) => emit([...head, indicator(i + 1, groups.length), ...pre(g), ...foot]));
}

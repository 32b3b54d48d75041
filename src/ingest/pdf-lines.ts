/**
 * Positioned text items of one PDF page (pdf.js's text runs, as pdfium-items.ts rebuilds them from PDFium's characters)
 * → lines of cells. Pure: runs in the PDF worker (src/ingest/pdf-worker.ts), so it imports nothing but types.
 */
import type { Cell, Line } from './extract.js';

/** 2,336.91 · 603.14 · 0 · -1.20 (also bare integers such as subject codes 201, 05). */
export const isAmountToken = (s: string): boolean => /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.test(s);

export interface PdfItem {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface RawCell extends Cell {
  y: number;
  size: number;
}
interface RawLine {
  y: number;
  size: number;
  cells: RawCell[];
}

const SAME_LINE_PT = 2;
const CELL_GAP_EM = 0.35;
/** Amount cells drawn off the row's text baseline by more than this are treated as displaced. */
const BASELINE_EPS_PT = 0.5;
const ORPHAN_REACH_EM = 0.7;
const CJK = '\\u2E80-\\u9FFF\\uF900-\\uFAFF\\u3000-\\u303F\\uFF00-\\uFFEF';
const CJK_GAP = new RegExp(`(?<=[${CJK}])\\s+(?=[${CJK}])`, 'g');
const CJK_CHAR = new RegExp(`[${CJK}]`);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round2 = (n: number) => Math.round(n * 100) / 100;
const isAmountCell = (c: Cell) => isAmountToken(c.text);

function toCells(items: PdfItem[]): RawCell[] {
  const cells: RawCell[] = [];
  for (const it of [...items].sort((a, b) => a.x - b.x)) {
    const last = cells.at(-1);
    const gap = last ? it.x - last.x1 : Infinity;
    if (last && gap < CELL_GAP_EM * Math.max(last.size, it.size)) {
      // spaced-out CJK ("公 务 用 车") joins tight; Latin words keep a visible gap as a space
      const spaced = gap > 0.15 * it.size && !CJK_CHAR.test(last.text.at(-1)!) && !CJK_CHAR.test(it.str[0]);
      last.text += (spaced ? ' ' : '') + it.str;
      last.x1 = Math.max(last.x1, it.x + it.width);
      last.size = Math.max(last.size, it.size);
    } else {
      cells.push({ text: it.str, x0: it.x, x1: it.x + it.width, y: it.y, size: it.size });
    }
  }
  return cells;
}

const makeLine = (cells: RawCell[]): RawLine => ({
  y: mean(cells.map((c) => c.y)),
  size: Math.max(...cells.map((c) => c.size)),
  cells,
});

/** Group one page's items into cluster lines, then split off amount cells drawn away from the row's text baseline. */
function rawLines(items: PdfItem[]): RawLine[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const clusters: PdfItem[][] = [];
  let top = Infinity;
  for (const it of sorted) {
    const cur = clusters.at(-1);
    if (cur && top - it.y <= SAME_LINE_PT) cur.push(it);
    else {
      clusters.push([it]);
      top = it.y;
    }
  }
  const lines: RawLine[] = [];
  for (const cluster of clusters) {
    const cells = toCells(cluster);
    const text = cells.filter((c) => !isAmountCell(c));
    const textY = text.length ? mean(text.map((c) => c.y)) : 0;
    const off = text.length ? cells.filter((c) => isAmountCell(c) && Math.abs(c.y - textY) > BASELINE_EPS_PT) : [];
    const keep = cells.filter((c) => !off.includes(c));
    lines.push(makeLine(keep));
    if (off.length) lines.push(makeLine(off));
  }
  return lines;
}

const overlaps = (a: Cell[], b: Cell[]) =>
  a.some((p) => b.some((q) => Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0) > 1));

/**
 * Amounts are sometimes drawn a few points above/below their row. Move each all-amount line into the
 * nearest line with text, preferring rows that already hold amounts (a header row can sit closer than
 * the data row), and leave it alone when two candidates are equally near (a row between wrapped name fragments).
 */
function mergeOrphans(lines: RawLine[]): RawLine[] {
  const hosts = lines.filter((l) => !l.cells.every(isAmountCell));
  const out = new Set(lines);
  for (const orphan of lines) {
    if (!orphan.cells.every(isAmountCell)) continue;
    const reach = ORPHAN_REACH_EM * orphan.size;
    const ranked = hosts
      .map((h) => ({ h, d: Math.abs(h.y - orphan.y), amounts: h.cells.some(isAmountCell) }))
      .filter((c) => c.d <= reach && !overlaps(c.h.cells, orphan.cells))
      .sort((a, b) => Number(b.amounts) - Number(a.amounts) || a.d - b.d);
    const [best, next] = ranked;
    if (!best) continue;
    if (next && next.amounts === best.amounts && next.d - best.d < 0.1 * orphan.size) continue;
    best.h.cells = [...best.h.cells, ...orphan.cells].sort((a, b) => a.x0 - b.x0);
    out.delete(orphan);
  }
  return [...out];
}

/** Lines of one page, top to bottom, cells left to right. */
export function groupItems(items: PdfItem[], page: number | null): Line[] {
  const clean = items
    .map((it) => ({ ...it, str: it.str.replace(CJK_GAP, '').replace(/\s+/g, ' ').trim() }))
    .filter((it) => it.str.length > 0);
  if (!clean.length) return [];
  return mergeOrphans(rawLines(clean))
    .sort((a, b) => b.y - a.y)
    .map((l) => {
      const cells = l.cells.map((c) => ({ text: c.text, x0: round2(c.x0), x1: round2(c.x1) }));
      return { page, text: cells.map((c) => c.text).join(' '), cells, y: round2(l.y) };
    });
}

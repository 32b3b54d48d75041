import type { Cell } from './line-types.js';
import type { TableRow } from './types.js';
import { ECONOMIC_SUBJECTS, groupOfEconomic } from './economic-subjects.js';
import { compact, isAmount, isAmountOnly, normAmount, splitCodeCells, squash } from './tokens.js';
import type { Region } from './table-coded.js';
import { assembleBasic2D } from './table-basic-2d.js';

/** `column`: which of the side-by-side groups the subject sits in (0 = leftmost) */
interface Seg {
  code: string | null;
  name: string[];
  amount: string | null;
  page: number | null;
  total?: 'personnel' | 'public';
  column?: number;
}

/** Joins split 类/款 cells ("301" "01") and reads one economic code cell. */
function codeAt(cells: Cell[], i: number): { code: string; used: number } | null {
  const t = cells[i].text.trim();
  if (/^3\d{4}$/.test(t)) return { code: t, used: 1 };
  if (/^3\d{2}$/.test(t)) {
    const next = cells[i + 1]?.text.trim();
    if (next && /^\d{2}$/.test(next)) return { code: t + next, used: 2 };
    return { code: t, used: 1 };
  }
  return null;
}

/** 基本支出决算表: two or three column groups side by side become one row per economic subject. */
export function parseBasicRows(region: Region): { rows: TableRow[]; notes: string[] } {
  const segs: Seg[] = region.positioned ? assembleBasic2D(region.lines) : lineSegments(region);
  return toRows(segs);
}

function lineSegments(region: Region): Seg[] {
  const segs: Seg[] = [];
  let pending: Cell[] = [];
  for (const line of region.lines) {
    const t = compact(line.text);
    if (/^(注|说明)[:：0-9.．、]/.test(t)) break;
    // a line holding only an economic code ("31007" between the halves of a wrapped name) is a row, not amounts
    if (isAmountOnly(line) && !line.cells.some((c) => /^3\d{2}(\d{2})?$/.test(c.text.trim()))) {
      if (region.positioned) pending.push(...line.cells);
      continue;
    }
    const cells = [...pending, ...splitCodeCells(line.cells)].sort((a, b) => (region.positioned ? a.x0 - b.x0 : 0));
    pending = [];
    let current: Seg | null = null;
    let column = -1;
    for (let i = 0; i < cells.length; i++) {
      const code = codeAt(cells, i);
      const text = compact(cells[i].text);
      if (code) {
        column++;
        current = { code: code.code, name: [], amount: null, page: line.page, column };
        segs.push(current);
        i += code.used - 1;
      } else if (
        /^(人员经费|公用经费)合计$/.test(text) ||
        (/^(人员经费|公用经费)$/.test(text) && /合计/.test(compact(cells[i + 1]?.text ?? '')))
      ) {
        current = {
          code: null,
          name: [`${text.replace(/合计$/, '')}合计`],
          amount: null,
          page: line.page,
          total: text.startsWith('人员') ? 'personnel' : 'public',
        };
        segs.push(current);
      } else if (isAmount(cells[i].text) && current && current.amount === null && /[.,]/.test(cells[i].text)) {
        current.amount = normAmount(cells[i].text);
      } else if (current && !isAmount(cells[i].text) && !/^合计$/.test(text)) {
        current.name.push(cells[i].text);
      }
    }
  }
  return segs;
}

/**
 * A row's name: the standard one when what is printed is that name broken by the layout (wrapped, cut, its pieces in
 * order, a piece of another row's name with it) or a neighbouring row's name (a text layout can pair names and codes one
 * row apart); the printed one when it is another name. Before the 2018 classification some codes had other names (30311
 * 住房公积金, not 代缴社会保险费): a report's own names are its figures' names.
 */
function nameOf(code: string, printed: string, neighbours: (string | null)[]): string {
  const standard = ECONOMIC_SUBJECTS[code];
  if (!standard) return printed || code;
  // a character the document could not give (U+FFFD) is no character of another name
  const p = compact(printed).replace(/\uFFFD/g, '');
  const within = (name: string | undefined) => {
    if (!name) return false;
    const n = compact(name);
    if (!p || p.includes(n)) return true;
    let at = 0;
    for (const c of n) if (c === p[at]) at++;
    return at === p.length;
  };
  const shifted = neighbours.some((c) => c !== null && c !== code && compact(ECONOMIC_SUBJECTS[c] ?? '') === p);
  return within(standard) || shifted ? standard : printed;
}

function toRows(unordered: Seg[]): { rows: TableRow[]; notes: string[] } {
  // read the side-by-side groups one after another (人员经费 column first), not row by row
  const segs = unordered
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (a.s.total ? 1 : 0) - (b.s.total ? 1 : 0) || (a.s.column ?? 0) - (b.s.column ?? 0) || a.i - b.i)
    .map((x) => x.s);
  const kept = segs.filter((s) => s.code !== null || s.total);
  const rows: TableRow[] = kept.map((s, seq) => ({
    seq,
    code: s.code,
    classification: s.code ? 'economic' : null,
    name: s.code
      ? nameOf(s.code, squash(s.name.join('')), [kept[seq - 1]?.code ?? null, kept[seq + 1]?.code ?? null])
      : s.total === 'personnel'
        ? '人员经费合计'
        : '公用经费合计',
    level: s.code === null ? 'total' : s.code.length === 3 ? 'lei' : 'kuan',
    side: s.code ? groupOfEconomic(s.code) : s.total!,
    values: (s.amount !== null ? { amount: s.amount } : {}) as Record<string, string>,
    page: s.page,
  }));
  // names printed broken, given their standard names
  const printed = kept.filter(
    (s, i) =>
      s.code &&
      s.name.length &&
      ECONOMIC_SUBJECTS[s.code] === rows[i].name &&
      compact(squash(s.name.join(''))) !== compact(rows[i].name),
  );
  const notes = printed.length ? [`${printed.length}个经济科目名称按标准科目名称补全（报告中名称折行或有差异）`] : [];
  return { rows, notes };
}

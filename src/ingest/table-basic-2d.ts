import type { Cell, Line } from './line-types.js';
import { compact, isAmount, normAmount, splitCodeCells } from './tokens.js';

export interface BasicSeg {
  code: string | null;
  name: string[];
  amount: string | null;
  page: number | null;
  total?: 'personnel' | 'public';
  column?: number;
}

interface P extends Cell {
  y: number;
  page: number | null;
}

/**
 * Positioned 基本支出 table: a row's code, name and amount may sit on three different lines (wrapped names,
 * amounts drawn off the baseline), so cells are assigned to the nearest row anchor (类 code or 合计 label)
 * of their column group by vertical distance.
 */
export function assembleBasic2D(lines: Line[]): BasicSeg[] {
  const cells: P[] = [];
  lines.forEach((l, i) => {
    if (/^(注|说明)[:：0-9.．、]/.test(compact(l.text))) return;
    const y = l.y ?? -(l.lineNo ?? i);
    for (const c of splitCodeCells(l.cells)) cells.push({ ...c, y, page: l.page });
  });
  const isClass = (c: P) => /^3\d{2}$/.test(c.text.trim());
  const isTotal = (c: P) => /^(人员经费|公用经费)(合计)?$/.test(compact(c.text));
  const anchors = cells.filter((c) => isClass(c) || /^3\d{4}$/.test(c.text.trim()) || isTotal(c));
  if (anchors.length === 0) return [];
  const starts = [...new Set(anchors.filter((a) => !isTotal(a)).map((a) => Math.round(a.x0)))].sort((a, b) => a - b);
  const groupStarts: number[] = [];
  for (const x of starts)
    if (
      !groupStarts.length ||
      x - groupStarts[groupStarts.length - 1] > 40 ||
      (x - groupStarts[groupStarts.length - 1] > 5 && lines.every((l) => l.y === undefined))
    )
      groupStarts.push(x);
  const groupOf = (c: P) => {
    let g = 0;
    groupStarts.forEach((x, i) => {
      if (c.x0 >= x - 3) g = i;
    });
    return g;
  };
  const firstY = Math.max(...anchors.map((a) => a.y));
  const pitch = lines.some((l) => l.y !== undefined) ? 30 : 6;
  // on a line that holds codes, a cell belongs with the code to its left (columns drift in layout text)
  const cellGroups = new Map<P, number>();
  const groupOfCell = (c: P) => {
    let g = cellGroups.get(c);
    if (g === undefined) {
      const left = anchors
        .filter((a) => a.y === c.y && a.page === c.page && a.x0 <= c.x0)
        .sort((a, b) => b.x0 - a.x0)[0];
      cellGroups.set(c, (g = groupOf(left ?? c)));
    }
    return g;
  };
  const segs = anchors.map((a) => ({
    a,
    group: groupOf(a),
    seg: {
      code: isTotal(a) ? null : a.text.trim(),
      name: [] as string[],
      amount: null as string | null,
      page: a.page,
      total: isTotal(a)
        ? compact(a.text).startsWith('人员')
          ? ('personnel' as const)
          : ('public' as const)
        : undefined,
    } as BasicSeg,
    kuan: null as P | null,
    parts: [] as P[],
  }));
  // cells on an anchor's own line first, so a shared neighbour line cannot take a row's amount
  const distance = (c: P) => {
    const g = groupOfCell(c);
    return Math.min(...segs.filter((s) => s.group === g).map((s) => Math.abs(s.a.y - c.y)));
  };
  const ordered = cells
    .map((c) => ({ c, d: distance(c) }))
    .sort((a, b) => a.d - b.d)
    .map((x) => x.c);
  const candidates = (c: P) => {
    const g = groupOfCell(c);
    return segs.filter((s) => s.group === g && s.a.page === c.page);
  };
  const amounts: P[] = [];
  for (const c of ordered) {
    if (anchors.includes(c) || c.y > firstY + pitch) continue;
    const t = c.text.trim();
    if (/^(合计|类|款|经济分类|科目编码|科目名称|决算数|单位：万元)$/.test(compact(t)) || /^\d$/.test(t)) continue;
    if (isAmount(t) && /[.,]/.test(t)) {
      amounts.push(c);
      continue;
    }
    // equal distance: other cells go to the row below
    const near = candidates(c).sort((p, q) => Math.abs(p.a.y - c.y) - Math.abs(q.a.y - c.y) || p.a.y - q.a.y)[0];
    if (!near || Math.abs(near.a.y - c.y) > pitch) continue;
    if (/^\d{2}$/.test(t) && near.seg.code?.length === 3) {
      if (!near.kuan || Math.abs(c.y - near.a.y) < Math.abs(near.kuan.y - near.a.y)) near.kuan = c;
      continue;
    }
    if (isAmount(t)) continue;
    near.parts.push(c);
  }
  // An amount goes to its nearest row; one equally near two rows still without an amount (layout text printing the
  // code on one line and name + amount on the next) waits until the amounts with one choice have taken theirs.
  const nearest = (c: P) => {
    const ranked = candidates(c)
      .map((s) => ({ s, d: Math.abs(s.a.y - c.y) }))
      .filter((x) => x.d <= pitch)
      .sort((p, q) => p.d - q.d);
    return ranked.filter((x) => x.d - ranked[0].d < 1e-6).map((x) => x.s);
  };
  let pending = amounts;
  while (pending.length) {
    const next: P[] = [];
    for (const c of pending) {
      const tied = nearest(c);
      const free = tied.filter((s) => s.seg.amount === null);
      if (free.length > 1) {
        next.push(c);
        continue;
      }
      if (free.length === 1) free[0].seg.amount = normAmount(c.text.trim());
    }
    if (next.length === pending.length) {
      // no amount has a single choice left: the first one goes to the lowest free row, as before
      const [c, ...rest] = next;
      const free = nearest(c)
        .filter((s) => s.seg.amount === null)
        .sort((p, q) => p.a.y - q.a.y);
      free[0].seg.amount = normAmount(c.text.trim());
      pending = rest;
    } else pending = next;
  }
  for (const s of segs) s.seg.name = s.parts.sort((a, b) => b.y - a.y || a.x0 - b.x0).map((p) => p.text.trim());
  for (const s of segs) if (s.kuan && s.seg.code) s.seg.code += s.kuan.text.trim();
  return segs.map((s) => ({ ...s.seg, column: s.group }));
}

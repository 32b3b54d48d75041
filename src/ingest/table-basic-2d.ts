import type { Cell, Line } from './line-types.js';
import { compact, isAmount, normAmount, splitCodeCells } from './tokens.js';

export interface BasicSeg { code: string | null; name: string[]; amount: string | null; page: number | null; total?: 'personnel' | 'public' }

interface P extends Cell { y: number; page: number | null }

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
  for (const x of starts) if (!groupStarts.length || x - groupStarts[groupStarts.length - 1] > 40 || (x - groupStarts[groupStarts.length - 1] > 5 && lines.every((l) => l.y === undefined))) groupStarts.push(x);
  const groupOf = (c: P) => { let g = 0; groupStarts.forEach((x, i) => { if (c.x0 >= x - 3) g = i; }); return g; };
  const firstY = Math.max(...anchors.map((a) => a.y));
  const pitch = lines.some((l) => l.y !== undefined) ? 30 : 6;
  const segs = anchors.map((a) => ({ a, group: groupOf(a), seg: { code: isTotal(a) ? null : a.text.trim(), name: [] as string[], amount: null as string | null, page: a.page, total: isTotal(a) ? (compact(a.text).startsWith('人员') ? ('personnel' as const) : ('public' as const)) : undefined } as BasicSeg, kuan: null as P | null, parts: [] as P[] }));
  // cells on an anchor's own line first, so a shared neighbour line cannot take a row's amount
  const distance = (c: P) => Math.min(...segs.filter((s) => s.group === groupOf(c)).map((s) => Math.abs(s.a.y - c.y)));
  const ordered = cells.map((c) => ({ c, d: distance(c) })).sort((a, b) => a.d - b.d).map((x) => x.c);
  for (const c of ordered) {
    if (anchors.includes(c) || c.y > firstY + pitch) continue;
    const t = c.text.trim();
    if (/^(合计|类|款|经济分类|科目编码|科目名称|决算数|单位：万元)$/.test(compact(t)) || /^\d$/.test(t)) continue;
    const g = groupOf(c);
    // equal distance: an amount goes to the row still without one, other cells to the row below
    const amount = isAmount(t);
    const near = segs.filter((s) => s.group === g && s.a.page === c.page).sort((p, q) => Math.abs(p.a.y - c.y) - Math.abs(q.a.y - c.y) || (amount ? Number(p.seg.amount !== null) - Number(q.seg.amount !== null) : 0) || p.a.y - q.a.y)[0];
    if (!near || Math.abs(near.a.y - c.y) > pitch) continue;
    if (/^\d{2}$/.test(t) && near.seg.code?.length === 3) { if (!near.kuan || Math.abs(c.y - near.a.y) < Math.abs(near.kuan.y - near.a.y)) near.kuan = c; continue; }
    if (isAmount(t)) { if (/[.,]/.test(t) && near.seg.amount === null) near.seg.amount = normAmount(t); continue; }
    near.parts.push(c);
  }
  for (const s of segs) s.seg.name = s.parts.sort((a, b) => b.y - a.y || a.x0 - b.x0).map((p) => p.text.trim());
  for (const s of segs) if (s.kuan && s.seg.code) s.seg.code += s.kuan.text.trim();
  return segs.map((s) => s.seg);
}

import { Decimal } from 'decimal.js';
import type { Cell } from './line-types.js';
import { normAmount } from './tokens.js';

export interface AlignRow {
  code: string | null;
  amounts: Cell[];
}

const first = (r: AlignRow) => (r.amounts[0] ? new Decimal(normAmount(r.amounts[0].text)) : null);

/** Parents whose first amount (the total) is not the sum of their children's, beyond 尾数误差. */
export function hierarchyBreaks(rows: AlignRow[]): number {
  let breaks = 0;
  rows.forEach((p) => {
    const total = first(p);
    if (!total) return;
    const kids = rows.filter(
      (c) =>
        c !== p &&
        c.code !== null &&
        (p.code === null ? c.code.length === 3 : c.code.length === p.code.length + 2 && c.code.startsWith(p.code)),
    );
    if (kids.length === 0) return;
    const sum = kids.reduce((s, c) => s.plus(first(c) ?? 0), new Decimal(0));
    if (
      sum
        .minus(total)
        .abs()
        .gt(new Decimal('0.005').mul(kids.length + 1))
    )
      breaks++;
  });
  return breaks;
}

/**
 * Extraction can shift a table's amounts against its row labels (a page's amounts in one run, labels of rows
 * that hold no amounts in between). Re-pair labels and amount runs in order, preferring pairs whose total
 * equals the reference total for that code (another table of the same report), and drop amount runs left over.
 */
export function realign(
  rows: AlignRow[],
  reference: (code: string | null) => Decimal | null,
): { rows: AlignRow[]; moved: number } {
  const runs = rows.map((r) => r.amounts).filter((a) => a.length > 0);
  const n = rows.length;
  const m = runs.length;
  const score = (i: number, j: number) => {
    const ref = reference(rows[i].code);
    const t = new Decimal(normAmount(runs[j][0].text));
    if (!ref) return 0;
    if (t.eq(ref)) return 3;
    return t.lte(ref) ? 1 : -2;
  };
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      best[i][j] = Math.max(best[i + 1][j], best[i][j + 1], score(i, j) + best[i + 1][j + 1]);
  const out = rows.map((r) => ({ ...r, amounts: [] as Cell[] }));
  let moved = 0;
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (best[i][j] === score(i, j) + best[i + 1][j + 1] && score(i, j) > 0) {
      out[i].amounts = runs[j];
      if (runs[j] !== rows[i].amounts) moved++;
      i++;
      j++;
    } else if (best[i][j] === best[i + 1][j]) i++;
    else j++;
  }
  return { rows: out, moved };
}

import { Decimal } from 'decimal.js';
import type { Cell } from './line-types.js';
import { normAmount } from './tokens.js';

/**
 * Puts each row's amounts into the table's columns. Extraction drops blank cells, so a row printed as
 * "36.49 36.49" may be 合计+基本支出 or 合计+项目支出. With positions (PDF, layout text) amounts are
 * clustered by x and the clusters mapped to columns by the header; without them the placement that
 * satisfies the row sum and the parent/children sums is chosen, leftmost when still tied.
 */
export interface ColumnSpec {
  key: string;
  title: string;
  header: RegExp;
}
export interface AmountRow {
  cells: Cell[];
  parent: number | null;
  page?: number | null;
}
/** total = Σ parts; with `required`, a row that has any amount has its total printed (the first column). */
export interface SumRule {
  total: string;
  parts: string[];
  required?: boolean;
}
export interface Placement {
  values: Record<string, string>[];
  notes: string[];
}

const combos = (n: number, k: number): number[][] => {
  const out: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (acc.length === k) return void out.push([...acc]);
    for (let i = start; i <= n - (k - acc.length); i++) rec(i + 1, [...acc, i]);
  };
  rec(0, []);
  return out;
};

const ZERO = new Decimal(0);
/** half a 分 of rounding per printed amount; kept for the counts rows have */
const toleranceOf = (n: number) => new Decimal('0.005').mul(n + 1);
const TOLERANCES = Array.from({ length: 32 }, (_, n) => toleranceOf(n));
const tolerance = (n: number) => TOLERANCES[n] ?? toleranceOf(n);

function satisfiesSum(values: Record<string, string>, rule: SumRule | undefined): boolean {
  if (rule?.required && Object.keys(values).length > 0 && values[rule.total] === undefined) return false;
  if (!rule || values[rule.total] === undefined) return true;
  const parts = rule.parts.filter((p) => values[p] !== undefined);
  if (parts.length === 0) return true;
  const sum = parts.reduce((s, p) => s.plus(values[p]), ZERO);
  return sum.minus(values[rule.total]).abs().lte(tolerance(parts.length));
}

const toValues = (amounts: string[], cols: number[], columns: ColumnSpec[]) =>
  Object.fromEntries(cols.map((c, i) => [columns[c].key, amounts[i]]));

/** `fits` narrows a row's candidate placements by outside knowledge (the same subject in another table). */
export function placeAmounts(
  rows: AmountRow[],
  columns: ColumnSpec[],
  headerCells: Cell[],
  rule?: SumRule,
  fits?: (row: number, values: Record<string, string>) => boolean,
): Placement {
  // a table continued on the next page may sit at other x positions there
  const pages = [...new Set(rows.map((r) => r.page ?? null))];
  const values: Record<string, string>[] = rows.map(() => ({}));
  for (const page of pages) {
    const idx = rows.map((r, i) => ((r.page ?? null) === page ? i : -1)).filter((i) => i >= 0);
    const placed = placeByPosition(
      idx.map((i) => rows[i]),
      columns,
      headerCells,
      rule,
    );
    if (!placed) return placeByConstraints(rows, columns, rule, fits);
    idx.forEach((i, k) => {
      values[i] = placed.values[k];
    });
  }
  return { values, notes: [] };
}

function placeByPosition(
  rows: AmountRow[],
  columns: ColumnSpec[],
  headerCells: Cell[],
  rule?: SumRule,
): Placement | null {
  const all = rows.flatMap((r) => r.cells);
  if (all.length === 0) return { values: rows.map(() => ({})), notes: [] };
  if (all.every((c) => c.x0 === 0 && c.x1 === 0)) return null;
  const centre = (c: Cell) => (c.x0 + c.x1) / 2;
  const widths = all.map((c) => c.x1 - c.x0).sort((a, b) => a - b);
  const gap = Math.max(widths[Math.floor(widths.length / 2)] * 0.6, 1.5);
  const xs = all.map(centre).sort((a, b) => a - b);
  const clusters: number[][] = [[xs[0]]];
  for (const x of xs.slice(1)) {
    const last = clusters[clusters.length - 1];
    if (x - last[last.length - 1] > gap) clusters.push([x]);
    else last.push(x);
  }
  if (clusters.length > columns.length) return null;
  const centres = clusters.map((c) => c.reduce((a, b) => a + b, 0) / c.length);
  const clusterOf = (c: Cell) => {
    let best = 0;
    centres.forEach((x, i) => {
      if (Math.abs(x - centre(c)) < Math.abs(centres[best] - centre(c))) best = i;
    });
    return best;
  };
  // a row with two amounts in one cluster means the positions do not describe columns
  if (rows.some((r) => new Set(r.cells.map(clusterOf)).size !== r.cells.length)) return null;
  const headerX = columns.map((col) => {
    const hits = headerCells.filter((h) => col.header.test(h.text.replace(/\s/g, '')));
    return hits.length ? hits.map(centre).reduce((a, b) => a + b, 0) / hits.length : null;
  });
  let best: { map: number[]; score: number } | null = null;
  for (const map of combos(columns.length, centres.length)) {
    let violations = 0;
    for (const r of rows) {
      const vals = Object.fromEntries(r.cells.map((c) => [columns[map[clusterOf(c)]].key, normAmount(c.text)]));
      if (!satisfiesSum(vals, rule)) violations++;
    }
    const distance = map.reduce(
      (s, col, i) => s + (headerX[col] === null ? 0 : Math.abs(headerX[col]! - centres[i])),
      0,
    );
    const score = violations * 1e6 + distance + map.reduce((a, b) => a + b, 0) * 1e-3;
    if (!best || score < best.score) best = { map, score };
  }
  const map = best!.map;
  return {
    values: rows.map((r) =>
      Object.fromEntries(r.cells.map((c) => [columns[map[clusterOf(c)]].key, normAmount(c.text)])),
    ),
    notes: [],
  };
}

function placeByConstraints(
  rows: AmountRow[],
  columns: ColumnSpec[],
  rule?: SumRule,
  fits?: (row: number, values: Record<string, string>) => boolean,
): Placement {
  const notes: string[] = [];
  const amounts = rows.map((r) => r.cells.map((c) => normAmount(c.text)));
  const candidates = amounts.map((a, row) => {
    if (a.length === 0) return [{}];
    if (a.length > columns.length)
      return [toValues(a.slice(0, columns.length), combos(columns.length, columns.length)[0], columns)];
    const all = combos(columns.length, a.length).map((cols) => toValues(a, cols, columns));
    const ok = all.filter((v) => satisfiesSum(v, rule));
    const known = fits ? ok.filter((v) => fits(row, v)) : ok;
    return known.length ? known : ok.length ? ok : all;
  });
  const chosen: (Record<string, string> | null)[] = candidates.map((c) => (c.length === 1 ? c[0] : null));
  // each placement's amounts as decimals and its column positions, computed once: the search below revisits them
  const decimals = new Map<Record<string, string>, Record<string, Decimal>>();
  const decimalsOf = (v: Record<string, string>) => {
    let d = decimals.get(v);
    if (!d) decimals.set(v, (d = Object.fromEntries(Object.entries(v).map(([key, x]) => [key, new Decimal(x)]))));
    return d;
  };
  const position = new Map(columns.map((c, i) => [c.key, i]));
  const leftOf = (v: Record<string, string>) => Object.keys(v).reduce((a, key) => a + (position.get(key) ?? -1), 0);
  const children = rows.map((_, i) => rows.map((r, j) => (r.parent === i ? j : -1)).filter((j) => j >= 0));
  const depth = (i: number): number => (rows[i].parent === null ? 0 : 1 + depth(rows[i].parent!));
  const order = rows
    .map((_, i) => i)
    .filter((i) => children[i].length)
    .sort((a, b) => depth(a) - depth(b));
  for (const p of order) {
    const kids = children[p];
    let best: { pick: Record<string, string>[]; score: Decimal; left: number } | null = null;
    let tooMany = false;
    for (const parent of chosen[p] ? [chosen[p]!] : candidates[p]) {
      // amounts are not negative, so a child cannot fill a column its parent leaves blank
      const options = kids.map((i) => {
        const own = chosen[i] ? [chosen[i]!] : candidates[i];
        const inside = own.filter((v) => Object.keys(v).every((k) => parent[k] !== undefined));
        return inside.length ? inside : own;
      });
      const size = options.reduce((s, o) => s * o.length, 1);
      if (size > 200_000) {
        tooMany = true;
        continue;
      }
      const pick: Record<string, string>[] = [parent];
      const walk = (k: number) => {
        if (k === kids.length) {
          let score = ZERO;
          const own = decimalsOf(parent);
          for (const col of columns) {
            let sum = ZERO;
            for (let j = 1; j < pick.length; j++) {
              const amount = decimalsOf(pick[j])[col.key];
              if (amount) sum = sum.plus(amount);
            }
            const total = own[col.key];
            score = score.plus(total ? sum.minus(total).abs() : sum.abs());
          }
          const left = pick.reduce((s, v) => s + leftOf(v), 0);
          if (!best || score.lt(best.score) || (score.eq(best.score) && left < best.left))
            best = { pick: [...pick], score, left };
          return;
        }
        for (const o of options[k]) {
          pick.push(o);
          walk(k + 1);
          pick.pop();
        }
      };
      walk(0);
    }
    if (!best) {
      if (tooMany) notes.push(`“${p + 1}”行下级科目的列位置组合过多，按靠左放置`);
      continue;
    }
    const found: { pick: Record<string, string>[] } = best;
    [p, ...kids].forEach((i, k) => {
      chosen[i] = found.pick[k];
    });
  }
  return { values: chosen.map((v, i) => v ?? candidates[i][0]), notes };
}

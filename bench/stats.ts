import { renderTable } from '../src/render/text.js';

/** Deterministic PRNG (mulberry32), so runs with one seed are comparable. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const quantile = (sorted: ArrayLike<number>, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
export const ms = (x: number) => x.toFixed(3);
/** A figure for --json: one decimal place. */
export const round1 = (x: number) => Math.round(x * 10) / 10;

/** measure · result · remark rows as one text table. */
export const benchTable = (rows: string[][]) =>
  renderTable({
    columns: [
      { title: '测量', align: 'left' },
      { title: '结果', align: 'right' },
      { title: '备注', align: 'left' },
    ],
    rows,
  });

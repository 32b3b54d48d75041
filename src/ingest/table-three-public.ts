import { Decimal } from 'decimal.js';
import type { Cell } from './line-types.js';
import type { TableRow } from './types.js';
import { compact, isAmount, isAmountOnly, normAmount } from './tokens.js';
import type { Region } from './table-coded.js';

export const THREE_PUBLIC_ITEMS = [
  { key: 'total', name: '合计' },
  { key: 'abroad', name: '因公出国（境）费' },
  { key: 'car', name: '公务用车购置及运行维护费' },
  { key: 'car_purchase', name: '公务用车购置费' },
  { key: 'car_running', name: '公务用车运行维护费' },
  { key: 'reception', name: '公务接待费' },
] as const;

type Slot = { item: number; measure: 'budget' | 'final' };

/** Printed column order: budget block then final block (阳谷), or budget/final pairs per item (上海). */
function slotOrder(interleaved: boolean): Slot[] {
  const slots: Slot[] = [];
  if (interleaved)
    for (let item = 0; item < 6; item++) slots.push({ item, measure: 'budget' }, { item, measure: 'final' });
  else
    for (const measure of ['budget', 'final'] as const)
      for (let item = 0; item < 6; item++) slots.push({ item, measure });
  return slots;
}

const TOLERANCE = new Decimal('0.02');
/**
 * 合计 = 因公出国 + 公务用车 + 公务接待 and 公务用车 = 购置 + 运行, for the budget (measure 0) and the final (1), within
 * TOLERANCE. `v[item * 2 + measure]` is an amount in whole units of 10^-scale (exact: integers, not floats), 0 if blank.
 */
function consistent(v: bigint[], tolerance: bigint): boolean {
  const within = (d: bigint) => (d < 0n ? -d : d) <= tolerance;
  for (let m = 0; m < 2; m++) {
    if (!within(v[m] - (v[2 + m] + v[4 + m] + v[10 + m]))) return false;
    if (!within(v[4 + m] - (v[6 + m] + v[8 + m]))) return false;
  }
  return true;
}

/** An item a printed row names, in either layout (「因公出国（境）费用」, 「其中：公务用车运行维护费」, 「公务用车购置」). */
function itemOf(name: string): number {
  const n = compact(name).replace(/^[（(][一二三四五六七八九十][)）]|^[0-9]+[.．、]|^其中[:：]?/g, '');
  if (/^合计$/.test(n)) return 0;
  if (/^因公出国[（(]境[)）]费/.test(n)) return 1;
  if (/^公务用车购置及运行(维护)?费/.test(n)) return 2;
  if (/^公务用车购置费?$/.test(n)) return 3;
  if (/^公务用车运行(维护)?费$/.test(n)) return 4;
  if (/^公务接待费$/.test(n)) return 5;
  return -1;
}

/** Items as rows, 预算数 and 决算数 as two columns (older reports): each row names its item and prints both figures. */
function verticalRows(region: Region): Record<string, string>[] | null {
  const values: Record<string, string>[] = THREE_PUBLIC_ITEMS.map(() => ({}));
  let found = 0;
  for (const line of region.lines) {
    const amounts = line.cells.filter((c) => isAmount(c.text));
    const name = line.cells
      .filter((c) => !isAmount(c.text))
      .map((c) => c.text)
      .join('');
    const item = itemOf(name);
    if (item < 0 || amounts.length !== 2) continue;
    values[item] = { budget: normAmount(amounts[0].text), final: normAmount(amounts[1].text) };
    found++;
  }
  return found >= 3 ? values : null;
}

/**
 * A table flattened to one cell a line (a web page's table as text: 「合计」「|」「60.6」「因公出国(境)费」「|」「0」…): each item's
 * amounts are the amount lines after its name, one for each of the columns the header names (预算数, 决算数, or both,
 * in that order). An item with another number of amounts is left blank rather than guessed.
 */
function labelledRows(region: Region): Record<string, string>[] | null {
  const text = region.lines.map((l) => compact(l.text));
  if (text.filter((t) => itemOf(t) >= 0).length < 3 || text.some((t) => itemOf(t) >= 0 && /\d/.test(t))) return null;
  const header = text
    .slice(
      0,
      text.findIndex((t) => itemOf(t) >= 0),
    )
    .join('');
  const measures = (['budget', 'final'] as const).filter((m) => header.includes(m === 'budget' ? '预算' : '决算'));
  if (measures.length === 0) return null;
  const values: Record<string, string>[] = THREE_PUBLIC_ITEMS.map(() => ({}));
  let found = 0;
  for (let i = 0; i < text.length; i++) {
    const item = itemOf(text[i]);
    if (item < 0) continue;
    const amounts: string[] = [];
    for (let j = i + 1; j < text.length && itemOf(text[j]) < 0; j++)
      if (region.lines[j].cells.length === 1 && isAmount(region.lines[j].cells[0].text))
        amounts.push(normAmount(region.lines[j].cells[0].text));
    if (amounts.length !== measures.length) continue;
    measures.forEach((m, k) => {
      values[item][m] = amounts[k];
    });
    found++;
  }
  return found >= 3 ? values : null;
}

export function parseThreePublicRows(
  region: Region,
  prose: { carPurchaseFinal?: string },
): { rows: TableRow[]; notes: string[] } {
  const vertical = verticalRows(region) ?? labelledRows(region);
  if (vertical) {
    return {
      rows: THREE_PUBLIC_ITEMS.map((it, seq) => ({
        seq,
        code: null,
        classification: null,
        name: it.name,
        level: it.key === 'total' ? 'total' : 'item',
        side: it.key,
        values: vertical[seq],
        page: region.lines[0]?.page ?? null,
      })),
      notes: [],
    };
  }
  const header: Cell[] = [];
  const amounts: Cell[] = [];
  let page: number | null = null;
  for (const line of region.lines) {
    const t = compact(line.text);
    if (/^(注|说明)[:：0-9.．、]/.test(t) || /本表无数据/.test(t)) break;
    if (isAmountOnly(line) && line.cells.every((c) => /^\d{1,2}$/.test(c.text.trim()))) continue; // 栏次 1 2 3 …
    if (isAmountOnly(line)) {
      amounts.push(...line.cells);
      page ??= line.page;
      continue;
    }
    header.push(...line.cells.filter((c) => /^(预算数?|决算数?)$/.test(compact(c.text))));
  }
  const interleaved =
    header.length >= 6 || /预算数决算数预算数/.test(compact(region.lines.map((l) => l.text).join('')));
  const slots = slotOrder(interleaved);
  const notes: string[] = [];
  let placed: number[] | null = null;
  if (amounts.length === 12) placed = slots.map((_, i) => i);
  else if (region.positioned && header.length === 12) {
    const centre = (c: Cell) => (c.x0 + c.x1) / 2;
    const hs = [...header].sort((a, b) => a.x0 - b.x0);
    placed = amounts.map((a) =>
      hs.reduce((b, h, i) => (Math.abs(centre(h) - centre(a)) < Math.abs(centre(hs[b]) - centre(a)) ? i : b), 0),
    );
  } else if (amounts.length > 0 && amounts.length < 12) {
    placed = solveBlanks(
      amounts.map((a) => normAmount(a.text)),
      slots,
      prose,
    );
    if (placed) notes.push('三公经费表的空白单元格由合计关系推定列位置');
  }
  const values: Record<string, string>[] = THREE_PUBLIC_ITEMS.map(() => ({}));
  if (placed)
    placed.forEach((slotIndex, i) => {
      const s = slots[slotIndex];
      values[s.item][s.measure] = normAmount(amounts[i].text);
    });
  else if (amounts.length) notes.push(`三公经费表有${amounts.length}个金额无法确定列位置`);
  const rows: TableRow[] = THREE_PUBLIC_ITEMS.map((it, seq) => ({
    seq,
    code: null,
    classification: null,
    name: it.name,
    level: it.key === 'total' ? 'total' : 'item',
    side: it.key,
    values: values[seq],
    page,
  }));
  return { rows: amounts.length ? rows : [], notes };
}

/** Dropped blank cells: try every placement that keeps printed order and satisfies 合计 = Σ items, 小计 = 购置 + 运行. */
function solveBlanks(amounts: string[], slots: Slot[], prose: { carPurchaseFinal?: string }): number[] | null {
  const found: number[][] = [];
  // each amount as an integer of the finest places printed (a search of up to C(12, 6) placements: no Decimal in it)
  const decimals = amounts.map((a) => new Decimal(a));
  const scale = Math.max(TOLERANCE.decimalPlaces(), ...decimals.map((d) => d.decimalPlaces()));
  const units = (d: Decimal) => BigInt(d.times(new Decimal(10).pow(scale)).toFixed(0));
  const amountUnits = decimals.map(units);
  const tolerance = units(TOLERANCE);
  const acc: number[] = [];
  const v: bigint[] = new Array(12).fill(0n);
  const rec = (start: number) => {
    if (found.length > 50) return;
    if (acc.length === amounts.length) {
      v.fill(0n);
      acc.forEach((slot, i) => {
        v[slots[slot].item * 2 + (slots[slot].measure === 'budget' ? 0 : 1)] = amountUnits[i];
      });
      if (consistent(v, tolerance)) found.push([...acc]);
      return;
    }
    for (let s = start; s <= slots.length - (amounts.length - acc.length); s++) {
      acc.push(s);
      rec(s + 1);
      acc.pop();
    }
  };
  rec(0);
  if (found.length <= 1) return found[0] ?? null;
  // ties are 购置 vs 运行 of the same amount: the prose says which; else 购置 is the rarer one
  const purchaseZero = prose.carPurchaseFinal === undefined || new Decimal(prose.carPurchaseFinal).isZero();
  const score = (p: number[]) => p.reduce((s, slot) => s + (slots[slot].item === 3 ? (purchaseZero ? 1 : -1) : 0), 0);
  return [...found].sort((a, b) => score(a) - score(b))[0];
}

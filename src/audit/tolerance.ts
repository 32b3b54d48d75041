import { Decimal } from 'decimal.js';

/**
 * Printed figures are rounded to 0.01 万元, so each printed figure is off its exact value by at most 0.005.
 * A printed total of n printed items may therefore differ from the sum of those items by up to
 * (n + 1) × 0.005 万元: inside that band (and non-zero) the difference is 尾数误差, outside it a real discrepancy.
 */
export const HALF_CENT = new Decimal('0.005');

export type Verdict = 'equal' | 'rounding' | 'finding';

export const dec = (s: string): Decimal => new Decimal(s);

export const ZERO = new Decimal(0);

/** The rounding band for a total checked against the sum of n printed items (n ≥ 1 for single-figure comparisons). */
export const roundingBand = (n: number): Decimal => HALF_CENT.times(Math.max(n, 0) + 1);

/** Exactly equal → 'equal'; within (n+1)×0.005 → 'rounding'; otherwise 'finding'. The band is inclusive. */
export function judge(expected: Decimal, actual: Decimal, n: number): Verdict {
  const diff = expected.minus(actual).abs();
  if (diff.isZero()) return 'equal';
  return diff.lte(roundingBand(n)) ? 'rounding' : 'finding';
}

/** Decimal text for expected/actual fields and messages: plain notation, at least two decimals for money. */
export const money = (d: Decimal): string => (d.decimalPlaces() < 2 ? d.toFixed(2) : d.toFixed());

export { decimalsOf } from '../ingest/tokens.js';

/** Half-up rounding to k decimals, as printed reports round. */
export const roundHalfUp = (d: Decimal, k: number): Decimal => d.toDecimalPlaces(k, Decimal.ROUND_HALF_UP);

/** part / whole × 100, or null when the whole is zero. */
export function percent(part: Decimal, whole: Decimal): Decimal | null {
  if (whole.isZero()) return null;
  return part.div(whole).times(100);
}

/**
 * Whether a printed rate of k decimals can come from inputs that were themselves printed rounded to 0.01:
 * the exact inputs lie within ±0.005 of the printed ones, so the exact rate lies in an interval; the printed rate
 * is consistent when its own rounding interval [p − ½·10⁻ᵏ, p + ½·10⁻ᵏ] overlaps it.
 */
export function rateWithinInputRounding(part: Decimal, whole: Decimal, printed: Decimal, k: number): boolean {
  if (whole.abs().lte(HALF_CENT) || part.isNegative() || whole.isNegative()) return false;
  const lo = Decimal.max(part.minus(HALF_CENT), ZERO).div(whole.plus(HALF_CENT)).times(100);
  const hi = part.plus(HALF_CENT).div(whole.minus(HALF_CENT)).times(100);
  const half = new Decimal(10).pow(-k).div(2);
  return printed.minus(half).lte(hi) && printed.plus(half).gte(lo);
}

/** Sum of decimals. */
export const sum = (ds: Decimal[]): Decimal => ds.reduce((a, b) => a.plus(b), ZERO);

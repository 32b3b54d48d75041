import { Decimal } from 'decimal.js';

/** Half-up to 2 places, once, at the end; thousands separators for text only. */
export const fixed2 = (d: Decimal): string => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
export const fmt = (d: Decimal): string => {
  const [int, frac] = fixed2(d).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
};
export const pct = (d: Decimal): string => `${fixed2(d)}%`;

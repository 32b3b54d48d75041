import { Decimal } from 'decimal.js';
import { type Cell, isPhrase, type Quantity, type TableData, type Text } from '../query/answer.js';

/** Half-up to 2 places, once, at the end; thousands separators for text only. */
export const fixed2 = (d: Decimal): string => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
export const fmt = (d: Decimal): string => {
  const [int, frac] = fixed2(d).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
};
export const pct = (d: Decimal): string => `${fixed2(d)}%`;

/** A figure answer's value with its unit: 89.33%, 1,234.50 万元 as 1234.50 万元, 99.86 分; a count whole (5 辆). */
export const figureValueText = (value: Decimal, unit: string, countWord: string = unit): string =>
  unit === '%'
    ? `${fixed2(value)}%`
    : unit === '万元' || unit === '元' || unit === '亿元' || unit === '倍' || unit === '分'
      ? `${fixed2(value)} ${unit}`
      : `${value.toFixed(0)} ${countWord}`;

/** A figure as text: 1234.50 (1,234.50 where its sentence writes separators), 86.01%, 5 辆, a number as written. */
export function quantityText(q: Quantity): string {
  switch (q.kind) {
    case 'amount':
      return q.separators ? fmt(q.value) : fixed2(q.value);
    case 'percent':
      return pct(q.value);
    case 'count':
      return `${q.value.toFixed(0)} ${q.word}`;
    case 'number':
      return q.value;
  }
}

/** A note, a formula, a message or a table cell as text, its figures written by `quantityText`. */
export const textOf = (t: Text | Cell): string =>
  typeof t === 'string' ? t : isPhrase(t) ? t.map(textOf).join('') : quantityText(t);

/** A table with every cell as text (what a text table, a card or JSON shows). */
export const tableText = (t: TableData): { columns: TableData['columns']; rows: string[][] } => ({
  columns: t.columns,
  rows: t.rows.map((r) => r.map(textOf)),
});

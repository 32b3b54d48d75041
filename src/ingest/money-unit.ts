import { Decimal } from 'decimal.js';

/** The money unit a table prints (金额单位); amounts are kept in 万元 whatever it is. */
export type MoneyUnit = '元' | '千元' | '万元';

const PER_WAN: Record<MoneyUnit, Decimal> = { 元: new Decimal(10000), 千元: new Decimal(10), 万元: new Decimal(1) };

/** 「金额单位：元」, 「单位：万元」 above or under a title; 万元 when the table does not say. */
export function moneyUnitOf(text: string): MoneyUnit {
  const m = /(?:金额)?单位[:：]\s*(万元|千元|元)/.exec(text.replace(/\s+/g, ''));
  return (m?.[1] as MoneyUnit | undefined) ?? '万元';
}

/** An amount as printed in `unit`, exactly in 万元: 42583921.59 元 → "4258.392159". */
export const toWan =
  (unit: MoneyUnit) =>
  (amount: string): string =>
    new Decimal(amount).div(PER_WAN[unit]).toFixed();

/** A 万元 amount as the table printed it, with thousands separators: 3008.430496 万元 → "30,084,304.96" 元. */
export function printedIn(wan: Decimal, unit: MoneyUnit): string {
  const [int, frac] = wan.times(PER_WAN[unit]).toFixed(2).split('.');
  return `${int.replace(/\B(?=(\d{3})+$)/g, ',')}.${frac}`;
}

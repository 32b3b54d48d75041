import { Decimal } from 'decimal.js';
import type { Answer } from './answer.js';

const TEN_THOUSAND = new Decimal(10000);

/**
 * An amount answer in the unit the question asks it in (办公费是多少元, 总支出多少亿): 1 万元 = 10,000 元, 1 亿元 = 10,000
 * 万元. The value converts exactly (a table printed in 元 keeps its every 元); the renderer rounds once, half-up.
 */
export function inAskedUnit(a: Answer, unit: '元' | '亿元'): Answer {
  if (a.kind !== 'figure' || a.unit !== '万元') return a;
  const value = unit === '元' ? a.value.mul(TEN_THOUSAND) : a.value.div(TEN_THOUSAND);
  return {
    ...a,
    value,
    unit,
    notes: [...a.notes, unit === '元' ? '按 1 万元 = 10,000 元换算' : '按 1 亿元 = 10,000 万元换算'],
  };
}

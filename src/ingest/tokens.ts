import type { Cell, Line } from './line-types.js';

const AMOUNT = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
const CJK = /[\u3400-\u9fff]/;

export const isAmount = (s: string): boolean => AMOUNT.test(s.trim());

/** "2,940.05" -> "2940.05"; "-" and blanks are not amounts. */
export function normAmount(s: string): string {
  const t = s.trim().replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(t)) throw new Error(`not an amount: ${s}`);
  return t.replace(/^(-?)0+(\d)/, '$1$2');
}

/** Number of decimals a printed figure carries: "86.01" → 2, "93.8" → 1, "100" → 0. */
export const decimalsOf = (printed: string): number => {
  const i = printed.indexOf('.');
  return i < 0 ? 0 : printed.length - i - 1;
};

export const hasCjk = (s: string): boolean => CJK.test(s);

/** Collapse whitespace between CJK characters ("合 计" -> "合计") and unify full-width forms used in titles. */
export function squash(s: string): string {
  return s
    .replace(/\u3000/g, ' ')
    .replace(/[“”"「」]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(?<=[\u3400-\u9fff（）()、，。：；"])\s+(?=[\u3400-\u9fff（）()、，。：；"])/g, '');
}

/** Title text for matching: no spaces and no quotes at all. */
/** A count written as a digit string or one Chinese numeral (两, 三, 十): the pattern captures it, numberOf reads it. */
export const SMALL_NUMBER = '(\\d+|[一二两三四五六七八九十])';
const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
/** 零 … 九十九 in characters as a number (九, 十, 十二, 二十三). */
export function chineseNumber(w: string): number {
  if (!w.includes('十')) return DIGITS[w];
  const [tens, ones] = w.split('十');
  return (tens ? DIGITS[tens] : 1) * 10 + (ones ? DIGITS[ones] : 0);
}
export const numberOf = (x: string): number =>
  /^[零〇一二两三四五六七八九十]+$/.test(x) ? chineseNumber(x) : Number(x);

export const compact = (s: string): string => s.replace(/[\s\u3000"“”「」‘’']/g, '');

export const FUNCTION_CODE = /^2\d{2}(\d{2}){0,2}$/;
export const ECONOMIC_CODE = /^3\d{2}(\d{2})?$/;

/**
 * Leading subject code of a line: "2010301", or split columns "201 06 01" (类 款 项) as printed by
 * Shanghai reports. Returns the code and how many cells it used.
 */
export function leadingCode(cells: Cell[], kind: 'function' | 'economic'): { code: string; used: number } | null {
  const t = cells.map((c) => c.text.trim());
  const first = kind === 'function' ? FUNCTION_CODE : ECONOMIC_CODE;
  if (!t[0] || !/^\d{3}$|^\d{5}$|^\d{7}$/.test(t[0]) || !first.test(t[0])) return null;
  let code = t[0];
  let used = 1;
  if (code.length === 3) {
    while (used < t.length && /^\d{2}$/.test(t[used]) && code.length < (kind === 'function' ? 7 : 5)) {
      code += t[used];
      used++;
    }
  }
  return { code, used };
}

export const lineAmounts = (line: Line): Cell[] => line.cells.filter((c) => isAmount(c.text));
export const isAmountOnly = (line: Line): boolean => line.cells.length > 0 && line.cells.every((c) => isAmount(c.text));
export const textOf = (cells: Cell[]): string => squash(cells.map((c) => c.text).join(' '));

/** "310资本性支出" printed without a gap becomes a code cell and a name cell. */
export function splitCodeCells(cells: Cell[]): Cell[] {
  return cells.flatMap((c) => {
    const m = /^(\d{3}(?:\d{2}){0,2})([\u3400-\u9fff].*)$/.exec(c.text.trim());
    if (!m) return [c];
    const mid = c.x0 + ((c.x1 - c.x0) * m[1].length) / c.text.trim().length;
    return [
      { text: m[1], x0: c.x0, x1: mid },
      { text: m[2], x0: mid, x1: c.x1 },
    ];
  });
}

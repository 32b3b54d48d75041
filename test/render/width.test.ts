import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/render/width.js';

// displayWidth must measure exactly as string-width does (it is string-width without its load-time Intl.Segmenter):
// every code point alone, and strings that mix the fast path's characters with those that need graphemes.

const codePoints = function* (from: number, to: number) {
  for (let cp = from; cp <= to; cp++) if (cp < 0xd800 || cp > 0xdfff) yield String.fromCodePoint(cp);
};

/** A deterministic generator, so that a failure names the same strings again. */
const rand = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

describe('displayWidth', () => {
  it('agrees with string-width on every code point of the BMP and of the emoji and CJK planes', () => {
    const differ: string[] = [];
    for (const range of [
      [0, 0xffff],
      [0x1f000, 0x1faff],
      [0x20000, 0x2a6df],
    ] as const)
      for (const ch of codePoints(range[0], range[1]))
        if (displayWidth(ch) !== stringWidth(ch)) differ.push(ch.codePointAt(0)!.toString(16));
    expect(differ).toEqual([]);
  });

  it('agrees with string-width on mixed strings: CJK, ASCII, emoji, ZWJ sequences, flags, combining marks, jamo', () => {
    const pieces = [
      '三公经费',
      '执行率',
      'abc',
      ' ',
      '2,940.05',
      '（',
      '）',
      '：',
      '“',
      '”',
      '—',
      '·',
      '%',
      'ｶﾞ',
      'ﾟ',
      '\u3099',
      'é',
      'e\u0301',
      '\u200d',
      '👨‍👩‍👧',
      '🇨🇳',
      '❤️',
      '1️⃣',
      '\u1100\u1161\u11a8',
      'ก\u0e33',
      '\t',
      '\u00ad',
      '\ufeff',
      '𠀀',
    ];
    const next = rand(20250101);
    const differ: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const n = 1 + Math.floor(next() * 6);
      let s = '';
      for (let j = 0; j < n; j++) s += pieces[Math.floor(next() * pieces.length)];
      if (displayWidth(s) !== stringWidth(s)) differ.push(JSON.stringify(s));
    }
    expect(differ).toEqual([]);
  });

  it('measures what the bot prints: ASCII one column, Chinese and fullwidth punctuation two', () => {
    expect(displayWidth('')).toBe(0);
    expect(displayWidth('2940.05')).toBe(7);
    expect(displayWidth('三公经费执行率')).toBe(14);
    expect(displayWidth('合计（万元）')).toBe(12);
    expect(displayWidth('👍')).toBe(2);
  });
});

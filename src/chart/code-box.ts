import type { Font } from 'opentype.js';
import { pathData } from './glyph-path.js';

/** U+E000, U+20BB7: the code point as the code box and the caption show it. */
export const codePoint = (ch: string): string =>
  `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Outline for a character no font has: a frame around its hexadecimal code point in two rows (the way Unifont and
 * Last Resort show one), never the font's blank .notdef box; the chart's caption names the character too.
 * In the primary font's units, one em wide, y pointing down from the baseline.
 */
export function codeBox(font: Font, ch: string): { d: string; advance: number } {
  const u = font.unitsPerEm / 1000;
  const hex = codePoint(ch).slice(2);
  const rows = [hex.slice(0, Math.ceil(hex.length / 2)), hex.slice(Math.ceil(hex.length / 2))];
  // the ideographic em box is -880…120 below the baseline; the frame sits inside it, 40 units thick
  const frame = `M${60 * u} ${-860 * u}L${940 * u} ${-860 * u}L${940 * u} ${100 * u}L${60 * u} ${100 * u}Z`;
  const hole = `M${100 * u} ${-820 * u}L${100 * u} ${60 * u}L${900 * u} ${60 * u}L${900 * u} ${-820 * u}Z`;
  const size = 360 * u;
  const digits = rows.map((row, i) => {
    const glyphs = [...row].map((c) => font.charToGlyph(c));
    const width = glyphs.reduce((w, g) => w + ((g.advanceWidth ?? font.unitsPerEm) * size) / font.unitsPerEm, 0);
    let x = 500 * u - width / 2;
    const baseline = (i === 0 ? -430 : -66) * u;
    return glyphs
      .map((g) => {
        const d = pathData(g.getPath(x, baseline, size).commands);
        x += ((g.advanceWidth ?? font.unitsPerEm) * size) / font.unitsPerEm;
        return d;
      })
      .join('');
  });
  return { d: frame + hole + digits.join(''), advance: font.unitsPerEm };
}

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import opentype, { type Font } from 'opentype.js';
import { codeBox, codePoint } from './code-box.js';
import { fallbackFont } from './fallback-font.js';
import { pathData } from './glyph-path.js';

/** Noto Sans SC (OFL-1.1) from @embedpdf/fonts-sc (GBK, Ext A and more); its typographic family name. */
export const FONT_FAMILY = 'Noto Sans S Chinese';

export type Weight = 'regular' | 'bold';
const FILES: Record<Weight, string> = { regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' };

/** The OTF that `npm ci` brings; no system font is assumed. */
export function fontFile(weight: Weight = 'regular'): string {
  // the package exports only its index, so locate the fonts folder beside it
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  const file = join(dirname(entry), '..', 'fonts', FILES[weight]);
  if (!existsSync(file)) throw new Error(`CJK font missing: ${file} (run npm ci)`);
  return file;
}

interface Outline {
  id: string;
  advance: number;
  d: string;
}
interface Face {
  font: Font;
  upm: number;
  ascender: number;
  descender: number;
  glyphs: Map<string, Outline>;
}
const faces = new Map<Weight, Face>();

function face(weight: Weight): Face {
  let f = faces.get(weight);
  if (!f) {
    const buf = readFileSync(fontFile(weight));
    const font = opentype.parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer, {
      lowMemory: true,
    });
    f = { font, upm: font.unitsPerEm, ascender: font.ascender, descender: font.descender, glyphs: new Map() };
    faces.set(weight, f);
  }
  return f;
}

// zero-width by nature: controls, format characters (ZWSP, ZWJ, soft hyphen), variation selectors (葛 + VS17)
const isInvisible = (ch: string): boolean => {
  const cp = ch.codePointAt(0) ?? 0;
  return /^[\p{Cc}\p{Cf}]$/u.test(ch) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
};
const BLANK: Outline = { id: '', advance: 0, d: '' };

/** A character no font has: neither invisible, nor a space, nor in the primary or the fallback font. */
const undrawableChar = (ch: string): boolean =>
  !isInvisible(ch) && !/^\s$/.test(ch) && !face('regular').font.hasChar(ch) && !fallbackFont().hasChar(ch);

/** The primary font's glyph; else the fallback font's, scaled to the primary's units; else a code box. */
function outline(f: Face, weight: Weight, ch: string): Outline {
  if (isInvisible(ch)) return BLANK;
  // outlines in font units, y pointing down
  if (f.font.hasChar(ch)) {
    const gl = f.font.charToGlyph(ch);
    return {
      id: `${weight[0]}${gl.index}`,
      advance: gl.advanceWidth ?? f.upm,
      d: pathData(gl.getPath(0, 0, f.upm).commands),
    };
  }
  const fb = fallbackFont();
  if (fb.hasChar(ch)) {
    const gl = fb.charToGlyph(ch);
    const advance = ((gl.advanceWidth ?? fb.unitsPerEm) * f.upm) / fb.unitsPerEm;
    return { id: `x${gl.index}`, advance, d: pathData(gl.getPath(0, 0, f.upm).commands) };
  }
  if (/^\s$/.test(ch)) return { ...BLANK, advance: f.font.charToGlyph(' ').advanceWidth ?? f.upm / 4 };
  return { id: `${weight[0]}u${codePoint(ch).slice(2)}`, ...codeBox(f.font, ch) };
}

function glyph(f: Face, weight: Weight, ch: string): Outline {
  let g = f.glyphs.get(ch);
  if (!g) {
    g = outline(f, weight, ch);
    f.glyphs.set(ch, g);
  }
  return g;
}

/** Advance width in px, the same sum the outlines use (no kerning), so layout and drawing agree. */
export function measure(text: string, size: number, weight: Weight = 'regular'): number {
  const f = face(weight);
  let w = 0;
  for (const ch of text) w += glyph(f, weight, ch).advance;
  return (w * size) / f.upm;
}

/** Characters of `text` no font has, drawn as code boxes; the fallback font is parsed only if the primary lacks one. */
export const undrawable = (text: string): string[] => [...new Set([...text].filter(undrawableChar))];

export type Baseline = 'alphabetic' | 'central' | 'hanging';

/** Glyphs of `text` in font units, pen positions from 0, the scale to px and where the baseline sits below y. */
export function glyphRun(
  text: string,
  size: number,
  weight: Weight,
  baseline: Baseline,
): { glyphs: { id: string; d: string; x: number }[]; scale: number; dy: number } {
  const f = face(weight);
  const scale = size / f.upm;
  // central: the middle of the ascender–descender box sits on y
  const dy =
    baseline === 'central' ? ((f.ascender + f.descender) / 2) * scale : baseline === 'hanging' ? f.ascender * scale : 0;
  let pen = 0;
  const glyphs = [...text].map((ch) => {
    const g = glyph(f, weight, ch);
    const x = pen;
    pen += g.advance;
    return { id: g.id, d: g.d, x };
  });
  return { glyphs, scale, dy };
}

/** Parses both faces now (~0.3–0.5 s once) rather than on the first chart a user asks for. */
export function warmUpFonts(): void {
  measure('决算', 12, 'regular');
  measure('决算', 12, 'bold');
}

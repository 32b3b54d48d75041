import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import opentype, { type Font, type PathCommand } from 'opentype.js';

/** Noto Sans SC (GB2312 subset, OFL-1.1) from @embedpdf/fonts-sc; its typographic family name. */
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

const pathData = (cmds: PathCommand[]): string =>
  cmds
    .map((c) =>
      c.type === 'Z'
        ? 'Z'
        : c.type === 'C'
          ? `C${c.x1} ${c.y1} ${c.x2} ${c.y2} ${c.x} ${c.y}`
          : c.type === 'Q'
            ? `Q${c.x1} ${c.y1} ${c.x} ${c.y}`
            : `${c.type}${c.x} ${c.y}`,
    )
    .join('');

function glyph(f: Face, weight: Weight, ch: string): Outline {
  let g = f.glyphs.get(ch);
  if (!g) {
    const gl = f.font.charToGlyph(ch);
    // outlined once in font units, y pointing down
    g = {
      id: `${weight[0]}${gl.index}`,
      advance: gl.advanceWidth ?? f.upm,
      d: pathData(gl.getPath(0, 0, f.upm).commands),
    };
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

/** Characters the font has no glyph for (drawn as a box). */
export const missingGlyphs = (text: string): string[] => [
  ...new Set([...text].filter((ch) => ch.trim() && !face('regular').font.hasChar(ch))),
];

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

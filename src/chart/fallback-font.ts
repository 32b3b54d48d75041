import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import opentype, { type Font } from 'opentype.js';

/**
 * UnifontEX (OFL-1.1) from @fontsource/unifontex: the whole BMP — every CJK Unified Ideograph, Ext A, the
 * compatibility ideographs, Hangul — and some of the planes above, in one weight drawn on a 16 px grid.
 * Only characters the primary font lacks come from it.
 */
const FILE = '@fontsource/unifontex/files/unifontex-latin-400-normal.woff';

export const fallbackFontFile = (): string => createRequire(import.meta.url).resolve(FILE);

let font: Font | undefined;

/** Parsed on the first character the primary font lacks (~0.7–1.5 s and ~50 MB RSS once), so ordinary names never pay for it. */
export function fallbackFont(): Font {
  if (!font) {
    const buf = readFileSync(fallbackFontFile());
    font = opentype.parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer, {
      lowMemory: true,
    });
  }
  return font;
}

export const fallbackLoaded = (): boolean => font !== undefined;

import emojiRegex from 'emoji-regex';
import { eastAsianWidth } from 'get-east-asian-width';

/**
 * Display width of a string in terminal columns (a CJK character takes two), as string-width 7 measures it.
 *
 * string-width itself is not imported: it builds an `Intl.Segmenter` when it is loaded, and that alone takes about
 * 20 ms (ICU's break rules), in every process that renders a table, a CLI `ask` included. Here the segmenter is made
 * only for a string that needs it. Almost every string the bot prints does not: printable ASCII, Chinese, kana,
 * CJK and fullwidth punctuation, Latin letters, where every code point is its own grapheme and its width is
 * get-east-asian-width's (the library string-width uses). Any other string (emoji, combining marks, Hangul jamo,
 * scripts with spacing marks, controls) goes through string-width's own steps below. test/render/width.test.ts holds
 * the result equal to string-width's for every code point and for mixed strings; ANSI escape sequences, which
 * string-width strips first, never reach a rendered table.
 */
export function displayWidth(s: string): number {
  if (PRINTABLE_ASCII.test(s)) return s.length;
  if (SIMPLE.test(s)) {
    let w = 0;
    for (let i = 0; i < s.length; i++) w += eastAsianWidth(s.charCodeAt(i));
    return w;
  }
  return graphemeWidth(s);
}

/** `s` padded with spaces to display width `w`, on the left (`right`: the text right-aligned) or on the right. */
export function padToWidth(s: string, w: number, right: boolean): string {
  const gap = ' '.repeat(Math.max(0, w - displayWidth(s)));
  return right ? gap + s : s + gap;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/**
 * Code points that are each their own grapheme and have no zero width: printable ASCII and Latin-1 (less the soft
 * hyphen, and © ® ‼ ⁉, which string-width counts as emoji), Latin Extended A/B, IPA, spacing modifiers; general punctuation (dashes, quotes, ‰, ※ …); CJK symbols and
 * punctuation (less the combining tone marks 302A–302F); kana (less the combining voicing marks 3099–309A); CJK
 * ideographs (extension A, unified, compatibility); fullwidth forms; halfwidth katakana and
 * symbols (less the voicing marks FF9E–FF9F, which extend the grapheme before them, and the Hangul filler FFA0).
 */
const SIMPLE =
  /^[\x20-\x7e\u00a0-\u00a8\u00aa-\u00ac\u00af-\u02ff\u2010-\u2027\u2030-\u203b\u203d-\u2048\u204a-\u205e\u3000-\u3029\u3030-\u303f\u3041-\u3096\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff9d\uffa1-\uffbe\uffe0-\uffe6\uffe8-\uffee]*$/;

let segmenter: Intl.Segmenter | undefined;
const defaultIgnorable = /^\p{Default_Ignorable_Code_Point}$/u;
let emoji: RegExp | undefined;

/** string-width 7.2's steps, grapheme by grapheme (controls, zero-width and combining marks 0, emoji 2). */
function graphemeWidth(s: string): number {
  segmenter ??= new Intl.Segmenter();
  emoji ??= emojiRegex();
  let width = 0;
  for (const { segment } of segmenter.segment(s)) {
    const cp = segment.codePointAt(0)!;
    if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) continue; // controls
    if ((cp >= 0x200b && cp <= 0x200f) || cp === 0xfeff) continue; // zero-width
    if (
      (cp >= 0x300 && cp <= 0x36f) ||
      (cp >= 0x1ab0 && cp <= 0x1aff) ||
      (cp >= 0x1dc0 && cp <= 0x1dff) ||
      (cp >= 0x20d0 && cp <= 0x20ff) ||
      (cp >= 0xfe20 && cp <= 0xfe2f)
    )
      continue; // combining marks
    if (cp >= 0xd800 && cp <= 0xdfff) continue; // lone surrogates
    if (cp >= 0xfe00 && cp <= 0xfe0f) continue; // variation selectors
    if (defaultIgnorable.test(segment)) continue;
    emoji.lastIndex = 0;
    if (emoji.test(segment)) {
      width += 2;
      continue;
    }
    width += eastAsianWidth(cp);
  }
  return width;
}

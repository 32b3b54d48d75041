import { codePoint } from './code-box.js';
import { type Weight, measure } from './font.js';

/** Width in px with the chart font's own advances. */
export const textWidth = (s: string, size: number, weight: Weight = 'regular'): number => measure(s, size, weight);

function breakLine(s: string, size: number, max: number, weight: Weight): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of s) {
    if (line && textWidth(line + ch, size, weight) > max) {
      // prefer a break at the last space, so words and figures stay whole
      const at = line.lastIndexOf(' ');
      lines.push(at > 0 ? line.slice(0, at) : line);
      line = at > 0 ? line.slice(at + 1) : '';
    }
    if (line || ch !== ' ') line += ch;
  }
  return line ? [...lines, line] : lines;
}

/** Two lines of about equal width rather than a full line and an orphan, for names without spaces. */
function balance(p: string, size: number, lines: string[]): string[] {
  if (lines.length !== 2 || p.includes(' ')) return lines;
  const chars = [...p];
  const half = textWidth(p, size) / 2;
  let at = 1;
  while (at < chars.length - 1 && textWidth(chars.slice(0, at + 1).join(''), size) <= half) at++;
  return [chars.slice(0, at).join(''), chars.slice(at).join('')];
}

/** Breaks text (and at each \n) into lines no wider than `max` px; past `maxLines` the last line ends in “…”. */
export function wrap(s: string, size: number, max: number, maxLines = 2, weight: Weight = 'regular'): string[] {
  const lines = s.split('\n').flatMap((p) => balance(p, size, breakLine(p, size, max, weight)));
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1];
  while (last.length > 1 && textWidth(`${last}…`, size, weight) > max) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last}…`;
  return kept;
}

/** One line no wider than `max` px, cut with “…”. */
export function shorten(s: string, size: number, max: number): string {
  if (textWidth(s, size) <= max) return s;
  let t = s;
  while (t.length > 1 && textWidth(`${t}…`, size) > max) t = t.slice(0, -1);
  return `${t}…`;
}

/** Telegram caps a photo caption at 1,024 characters. */
export const clampCaption = (s: string, max = 1024): string =>
  [...s].length <= max ? s : `${[...s].slice(0, max - 1).join('')}…`;

/** The caption, then a note naming each character the chart drew as a code box (the note is never cut off). */
export function captionWith(caption: string, undrawn: string[]): string {
  if (undrawn.length === 0) return caption;
  const listed = undrawn.slice(0, 8).map((ch) => `${ch}（${codePoint(ch)}）`);
  const more = undrawn.length > 8 ? ` 等 ${undrawn.length} 个字` : '';
  const note = `注：图中有字没有可用字形，以方框内的编码代替：${listed.join('、')}${more}。`;
  return caption ? `${clampCaption(caption, 1024 - [...note].length - 1)}\n${note}` : note;
}

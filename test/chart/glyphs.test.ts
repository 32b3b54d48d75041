import { readFileSync } from 'node:fs';
import opentype from 'opentype.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { structureChart } from '../../src/chart/index.js';
import { fallbackFont, fallbackLoaded } from '../../src/chart/fallback-font.js';
import { fontFile, undrawable } from '../../src/chart/font.js';
import { outlineText } from '../../src/chart/outline-svg.js';
import { renderBars } from '../../src/chart/render.js';
import { captionWith } from '../../src/chart/text.js';
import type { Chart } from '../../src/chart/types.js';
import type { ReportDraft } from '../../src/ingest/types.js';
import { draftOf, viewFrom, YANGGU_2020 } from './views.js';

let yanggu: ReportDraft;
beforeAll(async () => {
  yanggu = await draftOf(YANGGU_2020);
});

const primary = (() => {
  const b = readFileSync(fontFile());
  return opentype.parse(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, { lowMemory: true });
})();

/** Glyph ids the outlined SVG places: r/b + primary glyph index, x + fallback index, ru/bu + hex for a code box. */
const usedIds = (c: Chart) => [...outlineText(c.svg).matchAll(/<use xlink:href="#([^"]+)"/g)].map((m) => m[1]);
const NOTDEF = ['r0', 'b0', 'x0'];

// SYNTHETIC names around the real 阳谷 2020 figures and project names
const bars = (names: string[], caption = '') =>
  renderBars({
    title: `2020年度 ${names[0]} 项目支出（万元）`,
    subtitle: '决算数',
    categories: names.map((name) => ({ name })),
    series: [{ name: '决算数', tone: 'dark', values: names.map(() => '1.00'), labels: names.map(() => '1.00') }],
    footnote: '',
    caption,
  });

describe('chart text outside the primary font', () => {
  it('an ordinary chart never parses the fallback font', () => {
    const c = structureChart(viewFrom(yanggu, 1));
    expect(c?.undrawn).toEqual([]);
    expect(fallbackLoaded()).toBe(false);
  });

  it('GBK, Ext A and 通用规范汉字表 characters come from the primary font (no .notdef)', () => {
    const rare = '䶮㮾堃翀昇珺赟喆玥𬌗劉國';
    const c = structureChart(viewFrom({ ...yanggu, unitName: `${rare}人民政府办公室` }, 1))!;
    expect(c.title).toContain(rare);
    const ids = usedIds(c);
    for (const ch of rare) expect(ids).toContain(`b${primary.charToGlyph(ch).index}`);
    expect(ids.filter((id) => NOTDEF.includes(id))).toEqual([]);
    expect(c.undrawn).toEqual([]);
  });

  it.each([
    ['鿭城县䶶山镇财政所', '鿭䶶'],
    ['山﨑住房保障中心', '﨑'],
    ['한국학교 交流项目', '한국학교'],
  ])('%s: the characters the primary lacks are drawn with the fallback font, not as boxes', (name, lacking) => {
    const c = bars([name, '行政运行'], `${name} 1.00`);
    for (const ch of lacking) expect(primary.hasChar(ch)).toBe(false);
    const ids = usedIds(c);
    for (const ch of lacking) {
      const index = fallbackFont().charToGlyph(ch).index;
      expect(index).toBeGreaterThan(0);
      expect(ids).toContain(`x${index}`);
    }
    expect(ids.filter((id) => NOTDEF.includes(id))).toEqual([]);
    expect(c.undrawn).toEqual([]);
    expect(c.caption).toBe(`${name} 1.00`);
  });

  it('a character no font has (private use, 𠮷 U+20BB7) is a code box and is named in the caption', () => {
    const c = bars(['\uE000城县𠮷田乡', '行政运行'], '项目支出：1.00');
    expect(c.undrawn).toEqual(['\uE000', '𠮷']);
    const ids = usedIds(c);
    expect(ids).toEqual(expect.arrayContaining(['buE000', 'bu20BB7', 'ruE000', 'ru20BB7']));
    expect(ids.filter((id) => NOTDEF.includes(id))).toEqual([]);
    expect(outlineText(c.svg)).toMatch(/<path id="ruE000" d="M[^"]{200,}"/);
    expect(c.caption).toBe(
      '项目支出：1.00\n注：图中有字没有可用字形，以方框内的编码代替：\uE000（U+E000）、𠮷（U+20BB7）。',
    );
  });

  it('zero-width characters (ZWSP, a variation selector after 葛) draw nothing and are not reported', () => {
    const c = bars(['葛\u{E0100}\u200B家镇', '行政运行']);
    expect(c.undrawn).toEqual([]);
    expect(usedIds(c).filter((id) => NOTDEF.includes(id) || id.includes('u'))).toEqual([]);
  });

  it('the note survives a caption at Telegram’s 1,024-character limit', () => {
    const out = captionWith('长'.repeat(1100), ['\uE000']);
    expect([...out].length).toBeLessThanOrEqual(1024);
    expect(out.endsWith('\uE000（U+E000）。')).toBe(true);
  });

  it('together the fonts cover GBK, CJK Unified Ideographs 4E00–9FFF and Ext A', () => {
    const dec = new TextDecoder('gbk');
    let gbk = '';
    for (let a = 0x81; a <= 0xfe; a++)
      for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) gbk += dec.decode(new Uint8Array([a, b]));
    // user-defined GBK areas decode to private use: no character there to draw
    const chars = [...gbk].filter((ch) => ch !== '\uFFFD' && !/[\uE000-\uF8FF]/.test(ch));
    for (let cp = 0x3400; cp <= 0x9fff; cp++) if (cp <= 0x4dbf || cp >= 0x4e00) chars.push(String.fromCodePoint(cp));
    expect(chars.length).toBeGreaterThan(40_000);
    expect(undrawable(chars.join(''))).toEqual([]);
  });
});

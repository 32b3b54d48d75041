import { type Baseline, glyphRun, measure } from './font.js';

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (ENTITY[e] ?? m),
  );

// attributes that only make sense on <text>; the rest (fill, stroke, transform, opacity …) carry over to the <g>
const TEXT_ONLY = new Set(['x', 'y', 'dominant-baseline', 'text-anchor', 'style', 'xml:space']);
const r2 = (v: number) => Math.round(v * 100) / 100;
// a plain <text>: attributes, then content without child elements
const PLAIN_TEXT = /<text\b([^>]*)>([^<]*)<\/text>/g;

/** The content of every plain <text> of an SVG, decoded, one a line: the text outlineText draws. */
export const svgText = (svg: string): string => [...svg.matchAll(PLAIN_TEXT)].map((m) => decode(m[2])).join('\n');

/**
 * Replaces each plain <text> of an ECharts SSR SVG with its glyph outlines (one <path> per glyph in <defs>,
 * placed with <use>), so resvg draws no text: resvg-js re-reads a font file for every glyph it shapes
 * (~5 ms a glyph for an 8 MB CJK font), outlines from the font parsed once here cost microseconds.
 * Text with child elements is left as is, for resvg's own font.
 */
export function outlineText(svg: string): string {
  const defs = new Map<string, string>();
  const body = svg.replace(PLAIN_TEXT, (_, rawAttrs: string, content: string) => {
    const text = decode(content);
    if (!text.trim()) return '';
    const attrs = new Map([...rawAttrs.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]] as const));
    const style = attrs.get('style') ?? '';
    const size = Number(/font-size:\s*([\d.]+)px/.exec(style)?.[1] ?? 12);
    const weight = /font-weight:\s*(bold|[6-9]00)/.test(style) ? 'bold' : 'regular';
    const anchor = attrs.get('text-anchor') ?? 'start';
    const width = anchor === 'start' ? 0 : measure(text, size, weight);
    const x = Number(attrs.get('x') ?? 0);
    const left = anchor === 'end' ? x - width : anchor === 'middle' ? x - width / 2 : x;
    const db = attrs.get('dominant-baseline');
    const baseline: Baseline =
      db === 'central' || db === 'middle'
        ? 'central'
        : db === 'hanging' || db === 'text-before-edge'
          ? 'hanging'
          : 'alphabetic';
    const run = glyphRun(text, size, weight, baseline);
    const fill = /(?:^|;)\s*fill:\s*([^;]+)/.exec(style)?.[1];
    const outer =
      [...attrs]
        .filter(([k]) => !TEXT_ONLY.has(k))
        .map(([k, v]) => ` ${k}="${v}"`)
        .join('') + (fill && !attrs.has('fill') ? ` fill="${fill}"` : '');
    const uses = run.glyphs
      .filter((g) => g.d)
      .map((g) => {
        defs.set(g.id, g.d);
        return `<use xlink:href="#${g.id}" x="${g.x}"/>`;
      })
      .join('');
    return `<g${outer}><g transform="translate(${r2(left)} ${r2(Number(attrs.get('y') ?? 0) + run.dy)}) scale(${run.scale})">${uses}</g></g>`;
  });
  if (defs.size === 0) return body;
  const d = [...defs].map(([id, p]) => `<path id="${id}" d="${p}"/>`).join('');
  return body.replace(/(<svg\b[^>]*>)/, `$1<defs>${d}</defs>`);
}

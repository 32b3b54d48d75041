import { Resvg } from '@resvg/resvg-js';
import { BarChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { FONT_FAMILY, fontFile, measure, undrawable } from './font.js';
import { outlineText, svgText } from './outline-svg.js';
import { captionWith, shorten, textWidth, wrap } from './text.js';
import type { BarSpec, Chart, Tone } from './types.js';

echarts.use([BarChart, GridComponent, LegendComponent, GraphicComponent, SVGRenderer]);
// ECharts lays text out with these widths, the same advances the outlines are drawn with
echarts.setPlatformAPI({
  measureText: (text: string, font?: string) =>
    ({
      width: measure(
        text,
        Number(/([\d.]+)px/.exec(font ?? '')?.[1] ?? 12),
        /\bbold\b|\b[6-9]00\b/.test(font ?? '') ? 'bold' : 'regular',
      ),
    }) as TextMetrics,
});

const WIDTH = 1080;
const PAD = 32;
const SIZE = { title: 34, subtitle: 22, name: 24, note: 18, value: 22, axis: 18, legend: 22, foot: 18 };
const INK = '#1a1a1a';
const GREY = '#595959';
const COLOR: Record<Tone, { fill: string; border: string }> = {
  dark: { fill: '#1f4e8c', border: '#1f4e8c' }, // L* ≈ 33
  light: { fill: '#b4cdea', border: '#1f4e8c' }, // L* ≈ 81, outlined in the dark colour
};

type Text = {
  type: 'text';
  left: number;
  top: number;
  style: { text: string; fontSize: number; fill: string; fontFamily: string; fontWeight?: string; lineHeight: number };
};
const text = (s: string, left: number, top: number, fontSize: number, fill: string, weight?: string): Text => ({
  type: 'text',
  left,
  top,
  style: {
    text: s,
    fontSize,
    fill,
    fontFamily: FONT_FAMILY,
    fontWeight: weight,
    lineHeight: Math.round(fontSize * 1.35),
  },
});

/** Lays out and draws horizontal bars; every figure printed comes from `spec` as a string. */
export function renderBars(spec: BarSpec): Chart {
  const inner = WIDTH - 2 * PAD;
  const titleLines = wrap(spec.title, SIZE.title, inner, 3, 'bold');
  const subLines = wrap(spec.subtitle, SIZE.subtitle, inner, 3);
  const footLines = wrap(spec.footnote, SIZE.foot, inner, 4);
  const names = spec.categories.map((c) => wrap(c.name, SIZE.name, 340, 2));
  const notes = spec.categories.map((c) => (c.note ? shorten(c.note, SIZE.note, 340) : null));
  const labelWidth = Math.max(
    ...names.flat().map((l) => textWidth(l, SIZE.name)),
    ...notes.map((l) => textWidth(l ?? '', SIZE.note)),
  );
  const valueWidth = Math.max(...spec.series.flatMap((s) => s.labels.map((l) => textWidth(l, SIZE.value))));
  const n = spec.series.length;
  const rowH = Math.max(n * 40 + 28, ...names.map((l, i) => l.length * 32 + (notes[i] ? 24 : 0) + 16));

  let y = PAD;
  const graphic: Text[] = [text(titleLines.join('\n'), PAD, y, SIZE.title, INK, 'bold')];
  y += titleLines.length * Math.round(SIZE.title * 1.35) + 6;
  graphic.push(text(subLines.join('\n'), PAD, y, SIZE.subtitle, GREY));
  y += subLines.length * Math.round(SIZE.subtitle * 1.35) + 14;
  const legendTop = y;
  if (n > 1) y += 44;
  const gridTop = y + 8;
  const gridH = spec.categories.length * rowH;
  const gridLeft = PAD + Math.ceil(labelWidth) + 16;
  const footTop = gridTop + gridH + 44;
  graphic.push(text(footLines.join('\n'), PAD, footTop, SIZE.foot, GREY));
  const height = footTop + footLines.length * Math.round(SIZE.foot * 1.35) + PAD;

  // floats for bar geometry only; the labels carry the exact strings
  const nums = spec.series.flatMap((s) => s.values.map((v) => (v === null ? 0 : Number(v))));
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    graphic,
    legend:
      n > 1
        ? {
            top: legendTop,
            left: PAD,
            itemWidth: 36,
            itemHeight: 22,
            itemGap: 32,
            textStyle: { fontSize: SIZE.legend, fontFamily: FONT_FAMILY, color: INK },
            data: spec.series.map((s) => s.name),
          }
        : undefined,
    grid: { left: gridLeft, right: PAD + Math.ceil(valueWidth) + 14, top: gridTop, height: gridH },
    xAxis: {
      type: 'value',
      min: Math.min(0, ...nums),
      max: Math.max(...nums) > 0 ? undefined : 1,
      // an all-zero chart gets no made-up scale
      axisLabel: {
        show: Math.max(...nums.map(Math.abs)) > 0,
        fontSize: SIZE.axis,
        color: GREY,
        fontFamily: FONT_FAMILY,
      },
      splitLine: { lineStyle: { color: '#e3e3e3' } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: spec.categories.map((_, i) => String(i)),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#8c8c8c' } },
      axisLabel: {
        interval: 0,
        margin: 14,
        formatter: (v: string) => {
          const i = Number(v);
          const note = notes[i];
          return [...names[i].map((l) => `{name|${l}}`), ...(note ? [`{note|${note}}`] : [])].join('\n');
        },
        rich: {
          name: { fontSize: SIZE.name, lineHeight: 32, color: INK, fontFamily: FONT_FAMILY, align: 'right' },
          note: { fontSize: SIZE.note, lineHeight: 24, color: GREY, fontFamily: FONT_FAMILY, align: 'right' },
        },
      },
    },
    series: spec.series.map((s) => ({
      type: 'bar',
      name: s.name,
      barWidth: 30,
      barGap: '25%',
      itemStyle: {
        color: COLOR[s.tone].fill,
        borderColor: COLOR[s.tone].border,
        borderWidth: s.tone === 'light' ? 2 : 0,
      },
      data: s.values.map((v) => (v === null ? 0 : Number(v))),
      label: {
        show: true,
        position: 'right',
        distance: 8,
        fontSize: SIZE.value,
        color: INK,
        fontFamily: FONT_FAMILY,
        formatter: (p: { dataIndex: number }) => s.labels[p.dataIndex],
      },
    })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  const undrawn = undrawable(svgText(svg));
  const caption = captionWith(spec.caption, undrawn);
  return { svg, png: toPng(svg), title: spec.title, caption, undrawn, width: WIDTH, height };
}

/** PNG of an ECharts SVG: text outlined first; the font file stays loaded for anything left as text. */
export function toPng(svg: string): Buffer {
  const r = new Resvg(outlineText(svg), {
    font: { fontFiles: [fontFile()], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    background: '#ffffff',
  });
  return r.render().asPng();
}

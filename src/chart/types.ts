/** A rendered chart: the SVG ECharts drew, the PNG resvg made of it, and text for the message around it. */
export interface Chart {
  svg: string;
  png: Buffer;
  /** one line, e.g. 阳谷县人民政府办公室 2020年度 支出结构 */
  title: string;
  /** the one-line answer for a photo caption (≤ 1,024 characters) */
  caption: string;
  /** characters no font has: drawn as code boxes (U+E000 in a frame), named at the end of the caption */
  undrawn: string[];
  width: number;
  height: number;
}

/** dark: 决算 and single series; light: 预算 (outlined, so the pair still differs in greyscale) */
export type Tone = 'dark' | 'light';

export interface BarSeries {
  name: string;
  tone: Tone;
  /** exact decimal strings, or null for no figure; bar lengths only are floats */
  values: (string | null)[];
  /** printed at each bar's end, already formatted (fixed2/pct) */
  labels: string[];
}

/** Horizontal bars, one category a row, top to bottom. */
export interface BarSpec {
  title: string;
  subtitle: string;
  categories: { name: string; note?: string }[];
  series: BarSeries[];
  footnote: string;
  caption: string;
}

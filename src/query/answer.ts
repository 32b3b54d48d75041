import type { Decimal } from 'decimal.js';
import type { TableKey } from '../ingest/types.js';
import type { Subject } from './query.js';

export type FigureUnit = '万元' | '元' | '亿元' | '%' | '倍' | '辆' | '个' | '人次' | '批次' | '分';

/** Units counted in whole numbers. */
export const isCount = (unit: string): boolean => ['辆', '个', '人次', '批次'].includes(unit);

/**
 * A figure an answer shows, as data: the renderers write it (src/render/format.ts, half-up to 2 places, once).
 * - amount: money (万元 unless the words around it say otherwise); `separators` where the sentence writes 1,234.50
 * - percent: in percent, 86.01 is 86.01%
 * - count: a whole number and the word it is counted in (5 辆, 2 批次)
 * - number: an exact decimal shown as written (a place, a row count, a page, a score)
 */
export type Quantity =
  | { kind: 'amount'; value: Decimal; separators?: true }
  | { kind: 'percent'; value: Decimal }
  | { kind: 'count'; value: Decimal; word: string }
  | { kind: 'number'; value: string };

export const amount = (value: Decimal, separators = false): Quantity =>
  separators ? { kind: 'amount', value, separators } : { kind: 'amount', value };
export const percent = (value: Decimal): Quantity => ({ kind: 'percent', value });
export const count = (value: Decimal, word: string): Quantity => ({ kind: 'count', value, word });
export const num = (value: number | string): Quantity => ({ kind: 'number', value: String(value) });

/** A figure of an answer's unit: 万元 an amount, % a percentage, 辆/个/人次/批次 a count (分 is a 2-place amount). */
export const quantityOf = (value: Decimal, unit: FigureUnit): Quantity =>
  unit === '%' ? percent(value) : isCount(unit) ? count(value, unit) : amount(value);

/** Words with figures in them, kept as data until a renderer writes them. */
export type Phrase = readonly (string | Quantity)[];
/** What a note, a formula or a message says: plain words, or words with figures (see `phrase`). */
export type Text = string | Phrase;

export const isPhrase = (t: Text | Quantity): t is Phrase => Array.isArray(t);

type Part = string | number | Quantity | Phrase;

/** Parts as a phrase: adjacent words joined, phrases spliced in; plain words (no figure) stay a string. */
function build(parts: Part[]): Text {
  const out: (string | Quantity)[] = [];
  const push = (p: Part): void => {
    if (typeof p === 'number') push(String(p));
    else if (Array.isArray(p)) for (const x of p as Phrase) push(x);
    else if (typeof p !== 'string') out.push(p as Quantity);
    else if (p !== '') typeof out[out.length - 1] === 'string' ? (out[out.length - 1] += p) : out.push(p);
  };
  for (const p of parts) push(p);
  return out.every((p) => typeof p === 'string') ? out.join('') : out;
}

/** Words with figures: phrase`决算 ${amount(x)} 万元` keeps the figure as data for the renderer to write. */
export const phrase = (words: TemplateStringsArray, ...parts: Part[]): Text =>
  build(words.flatMap((w, i) => (i < parts.length ? [w, parts[i]] : [w])));

/** Figures or phrases one after another, `separator` between: 19.96 + 0.23. */
export const joined = (items: Part[], separator: string): Text =>
  build(items.flatMap((x, i) => (i ? [separator, x] : [x])));

/** A table cell: words, a figure (an export keeps its kind), or words with figures (shown as text). */
export type Cell = Text | Quantity;

/** Where a figure comes from: unit, year, table or sentence, row. */
export interface Basis {
  unit: string;
  year: number;
  source: string;
  row: string | null;
  page: number | null;
}

export interface TableData {
  columns: { title: string; align: 'left' | 'right' }[];
  rows: Cell[][];
}

export interface Candidate {
  label: string;
  code: string | null;
  value: string | null;
  question: string;
}

/**
 * The chart form of an answer, set by the code that builds it (never guessed from titles): a chart of one report,
 * a trend of one subject, or bars drawn from the answer's own table. Renderers that draw no charts ignore it.
 */
export type ChartHint =
  | { kind: 'structure' | 'execution' | 'three_public'; reportId: number }
  | { kind: 'trend'; unit: string; subject: Subject; from: number; to: number }
  | { kind: 'bars'; layout: 'trend' | 'rank' | 'compare' };

/** The report tables a table answer shows, set by the code that builds it: an export writes them from the store. */
export interface ReportTablesRef {
  reportId: number;
  keys: TableKey[];
}

export type ExportFormat = 'xlsx' | 'csv';

export type Answer =
  /** `derived`: inferred from what the prose says (a prior-year value = 本年 − 增减额), not printed as such */
  | {
      kind: 'figure';
      title: string;
      value: Decimal;
      unit: FigureUnit;
      formula: Text;
      basis: Basis[];
      table: TableData | null;
      notes: Text[];
      chart?: ChartHint;
      derived?: boolean;
    }
  | {
      kind: 'table';
      title: string;
      table: TableData;
      basis: Basis[];
      notes: Text[];
      chart?: ChartHint;
      reportTables?: ReportTablesRef;
    }
  /** an exported table (导出Excel, /table 05 xlsx): transports send the file, text renderers the caption */
  | { kind: 'file'; title: string; caption: string; fileName: string; format: ExportFormat; bytes: Buffer }
  /** a rendered chart (/chart, 看图): transports send the PNG, text renderers the caption */
  | { kind: 'chart'; title: string; caption: string; png: Buffer; width: number; height: number }
  | { kind: 'clarify'; title: string; message: string; candidates: Candidate[] }
  | { kind: 'no_data'; title: string; message: Text; available: string[]; notes: Text[] }
  | { kind: 'unknown'; message: string; examples: string[] }
  | { kind: 'message'; title: string; text: string; table: TableData | null }
  | { kind: 'error'; message: string };

/** The chart form of an answer, or null. */
export const chartHintOf = (a: Answer): ChartHint | null =>
  (a.kind === 'figure' || a.kind === 'table') && a.chart ? a.chart : null;

/** Whether 导出Excel applies: any answer that is a table (a 公开表, a ranking, a comparison, a filter's rows). */
export const isExportable = (a: Answer): a is Extract<Answer, { kind: 'table' }> =>
  a.kind === 'table' && a.table.columns.length > 0;

export const HELP_EXAMPLES = ['三公经费执行率', '住房保障支出', '基本支出占比', '收支总计同比', '公开05表', '支出结构'];

import type { Decimal } from 'decimal.js';
import type { TableKey } from '../ingest/types.js';
import type { Subject } from './query.js';

export type FigureUnit = '万元' | '%' | '辆' | '个' | '人次' | '批次' | '分';

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
  rows: string[][];
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
      formula: string;
      basis: Basis[];
      table: TableData | null;
      notes: string[];
      chart?: ChartHint;
      derived?: boolean;
    }
  | {
      kind: 'table';
      title: string;
      table: TableData;
      basis: Basis[];
      notes: string[];
      chart?: ChartHint;
      reportTables?: ReportTablesRef;
    }
  /** an exported table (导出Excel, /table 05 xlsx): transports send the file, text renderers the caption */
  | { kind: 'file'; title: string; caption: string; fileName: string; format: ExportFormat; bytes: Buffer }
  /** a rendered chart (/chart, 看图): transports send the PNG, text renderers the caption */
  | { kind: 'chart'; title: string; caption: string; png: Buffer; width: number; height: number }
  | { kind: 'clarify'; title: string; message: string; candidates: Candidate[] }
  | { kind: 'no_data'; title: string; message: string; available: string[]; notes: string[] }
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

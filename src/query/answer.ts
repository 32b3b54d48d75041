import type { Decimal } from 'decimal.js';

export type FigureUnit = '万元' | '%' | '辆' | '个' | '分';

/** Where a figure comes from: unit, year, table or sentence, row. */
export interface Basis { unit: string; year: number; source: string; row: string | null; page: number | null }

export interface TableData { columns: { title: string; align: 'left' | 'right' }[]; rows: string[][] }

export interface Candidate { label: string; code: string | null; value: string | null; question: string }

export type Answer =
  | { kind: 'figure'; title: string; value: Decimal; unit: FigureUnit; formula: string; basis: Basis[]; table: TableData | null; notes: string[] }
  | { kind: 'table'; title: string; table: TableData; basis: Basis[]; notes: string[] }
  | { kind: 'clarify'; title: string; message: string; candidates: Candidate[] }
  | { kind: 'no_data'; title: string; message: string; available: string[]; notes: string[] }
  | { kind: 'unknown'; message: string; examples: string[] }
  | { kind: 'message'; title: string; text: string; table: TableData | null }
  | { kind: 'error'; message: string };

export const HELP_EXAMPLES = ['三公经费执行率', '住房保障支出', '基本支出占比', '收支总计同比', '公开05表', '支出结构'];

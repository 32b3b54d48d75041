/** Shape produced by extract.ts; duplicated here as a type-only contract so parsers do not depend on pdf.js. */
export interface Cell {
  text: string;
  x0: number;
  x1: number;
}
export interface Line {
  page: number | null;
  text: string;
  cells: Cell[];
  y?: number;
  lineNo?: number;
}

import { type Answer, isCount } from '../query/answer.js';
import { fixed2, tableText, textOf } from './format.js';
import { renderText } from './text.js';

/** Machine-readable answer: percentages in percent with 2 places, amounts as decimal strings. */
export function renderJson(a: Answer): Record<string, unknown> {
  const base = { kind: a.kind, text: renderText(a) };
  switch (a.kind) {
    case 'figure':
      return {
        ...base,
        value: isCount(a.unit) ? a.value.toFixed(0) : fixed2(a.value),
        unit: a.unit,
        formula: textOf(a.formula),
        basis: a.basis,
        notes: a.notes.map(textOf),
        table: a.table && tableText(a.table),
        ...(a.derived ? { derived: true } : {}),
      };
    case 'table': {
      const table = tableText(a.table);
      return {
        ...base,
        title: a.title,
        columns: table.columns.map((c) => c.title),
        rows: table.rows,
        table,
        basis: a.basis,
        notes: a.notes.map(textOf),
      };
    }
    case 'clarify':
      return { ...base, candidates: a.candidates };
    case 'no_data':
      return { ...base, available: a.available, notes: a.notes.map(textOf) };
    case 'unknown':
      return { ...base, examples: a.examples };
    case 'message':
      return { ...base, title: a.title, table: a.table && tableText(a.table) };
    case 'error':
      return base;
    case 'chart':
      return { ...base, title: a.title, caption: a.caption, width: a.width, height: a.height };
    case 'file':
      return {
        ...base,
        title: a.title,
        caption: a.caption,
        fileName: a.fileName,
        format: a.format,
        bytes: a.bytes.length,
      };
  }
}

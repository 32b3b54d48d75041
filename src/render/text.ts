import { displayWidth, padToWidth } from './width.js';
import { type Answer, type Basis, isPhrase, type TableData } from '../query/answer.js';
import { figureValueText, tableText, textOf } from './format.js';

/** One line per distinct source: a rate's final and budget often come from the same row. */
export const basisLines = (basis: Basis[]): string[] => [
  ...new Set(
    basis.map(
      (b) =>
        `来源：${b.unit} ${b.year}年度 ${b.source}${b.row ? ` · ${b.row}` : ''}${b.page ? ` · 第${b.page}页` : ''}`,
    ),
  ),
];

/** Columns aligned by display width: a CJK character takes two columns. */
export function renderTable(table: TableData): string {
  const t = tableText(table);
  const widths = t.columns.map((c, i) =>
    Math.max(displayWidth(c.title), ...t.rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => padToWidth(c, widths[i], t.columns[i].align === 'right'))
      .join('  ')
      .trimEnd();
  return [line(t.columns.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join(
    '\n',
  );
}

/** The word a count is said with: the one its formula ends with (报告所述 2 批次), else the unit. */
const countWord = (a: Extract<Answer, { kind: 'figure' }>): string => {
  const last = isPhrase(a.formula) ? a.formula[a.formula.length - 1] : undefined;
  return typeof last === 'object' && last.kind === 'count' ? last.word : a.unit;
};

/** The one line a leader reads first, then the table, then where the number came from. */
export function headline(a: Answer): string {
  switch (a.kind) {
    // a count says its own word (2 批次), the unit stays 个 in --json
    case 'figure':
      return `${a.title} ${figureValueText(a.value, a.unit, countWord(a))}（${textOf(a.formula)}）`;
    case 'table':
      return a.title;
    case 'clarify':
      return a.message;
    case 'no_data':
      return textOf(a.message);
    case 'unknown':
      return a.message;
    case 'message':
      return a.title;
    case 'error':
      return a.message;
    case 'chart':
      return a.caption;
    case 'file':
      return a.caption;
  }
}

/** Where a chart would appear: text transports cannot show the PNG. */
export const chartNote = (a: Extract<Answer, { kind: 'chart' }>): string =>
  `〔图表「${a.title}」：PNG ${a.width}×${a.height}，在 Telegram 和飞书中以图片发送〕`;

export function renderText(a: Answer): string {
  const out = [headline(a)];
  switch (a.kind) {
    case 'figure':
      if (a.table) out.push(renderTable(a.table));
      out.push(...a.notes.map((n) => `注：${textOf(n)}`), ...basisLines(a.basis));
      break;
    case 'table':
      out.push(renderTable(a.table), ...a.notes.map((n) => `注：${textOf(n)}`), ...basisLines(a.basis));
      break;
    case 'clarify':
      out.push(...a.candidates.map((c, i) => `${i + 1}. ${c.label}${c.value ? `：${c.value} 万元` : ''}`));
      break;
    case 'no_data':
      out.push(...a.notes.map((n) => `注：${textOf(n)}`));
      if (a.available.length) out.push(`已有：${a.available.join('、')}`);
      break;
    case 'unknown':
      out.push(...a.examples.map((e) => `· ${e}`));
      break;
    case 'message':
      out.push(a.text);
      if (a.table) out.push(renderTable(a.table));
      break;
    case 'error':
      break;
    case 'chart':
      out.push(chartNote(a));
      break;
    case 'file':
      out.push(`〔文件「${a.fileName}」：${a.bytes.length} 字节，在 Telegram 和飞书中以文件发送〕`);
      break;
  }
  return out.join('\n');
}

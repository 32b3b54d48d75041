import { Decimal } from 'decimal.js';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer, TableData } from '../../src/query/answer.js';
import { answerFromViews } from '../../src/query/ask.js';
import type { ReportView } from '../../src/query/report-view.js';
import { fixed2, fmt, pct, tableText } from '../../src/render/format.js';
import { renderJson } from '../../src/render/json.js';
import { renderTable, renderText } from '../../src/render/text.js';
import { CZJ, WENLV, YANGGU, realDrafts, viewsOf } from '../query/real-views.js';

describe('half-up to 2 places, exactly as decimal', () => {
  it.each([
    ['28.1449', '28.14'],
    ['28.145', '28.15'],
    ['0.005', '0.01'],
    ['0.004999', '0.00'],
    ['2.675', '2.68'],
    ['1.005', '1.01'],
    ['-0.005', '-0.01'],
    ['-2.675', '-2.68'],
    ['86.00265', '86.00'],
    ['0', '0.00'],
    ['12345678901234567890.125', '12345678901234567890.13'],
  ])('fixed2(%s) = %s', (input, out) => expect(fixed2(new Decimal(input))).toBe(out));

  it('a ratio computed in decimal rounds as the exact quotient does (2.64 ÷ 9.38 = 28.1449…%)', () => {
    expect(fixed2(new Decimal('2.64').div('9.38').mul(100))).toBe('28.14');
    expect(fixed2(new Decimal('1133.55').div('1318.04').mul(100))).toBe('86.00');
  });

  it('2.675 as a float would round down; as decimal it rounds up', () => {
    expect((2.675).toFixed(2)).toBe('2.67');
    expect(fixed2(new Decimal('2.675'))).toBe('2.68');
  });

  it.each([
    ['0', '0.00'],
    ['999.995', '1,000.00'],
    ['2995.39', '2,995.39'],
    ['26538.47', '26,538.47'],
    ['1234567.891', '1,234,567.89'],
    ['-1835.88', '-1,835.88'],
  ])('fmt(%s) = %s (text only)', (input, out) => expect(fmt(new Decimal(input))).toBe(out));

  it.each([
    ['28.1449', '28.14%'],
    ['-86.6079', '-86.61%'],
  ])('pct(%s) = %s', (input, out) => expect(pct(new Decimal(input))).toBe(out));
});

describe('answers: separators in text, plain decimals in JSON', () => {
  let views: ReportView[];
  beforeAll(async () => {
    views = viewsOf(await realDrafts());
  });

  it.each([
    [CZJ, '收入支出总计', '2995.39', '2,995.39'],
    [WENLV, '本年支出合计', '26538.47', '26,538.47'],
  ])('%s %s', (unit, q, plain, grouped) => {
    const a = answerFromViews(views, q, { unit });
    const json = renderJson(a);
    expect(json.value).toBe(plain);
    expect(JSON.stringify(json.basis)).not.toContain(grouped);
    expect(renderText(a)).toContain(grouped);
  });

  it('JSON table cells and rates carry no separators', () => {
    const json = renderJson(answerFromViews(views, '支出结构', { unit: WENLV })) as { table: TableData };
    for (const row of json.table.rows) for (const c of row.slice(2)) expect(c).toMatch(/^-?\d+\.\d{2}%?$/);
    const rate = renderJson(answerFromViews(views, '收支总计同比', { unit: CZJ }));
    expect(rate).toMatchObject({ value: '-1.87', unit: '%' });
  });

  it('a count is a whole number in text and JSON', () => {
    const a = answerFromViews(views, '公务用车保有量', { unit: YANGGU });
    expect(renderJson(a)).toMatchObject({ value: '5', unit: '辆' });
    expect(renderText(a).split('\n')[0]).toContain(' 5 辆');
  });
});

/** Display column where each cell of `line` starts, given the cells in order. */
function cellStarts(line: string, cells: string[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const c of cells) {
    if (c === '') {
      starts.push(-1);
      continue;
    }
    const i = line.indexOf(c, at);
    starts.push(stringWidth(line.slice(0, i)));
    at = i + c.length;
  }
  return starts;
}

describe('tables are aligned by display width (a CJK character takes two columns)', () => {
  const sample = {
    columns: [
      { title: '科目', align: 'left' },
      { title: '决算数（万元）', align: 'right' },
      { title: '占比', align: 'right' },
    ],
    rows: [
      ['201 一般公共服务支出', '1133.55', '86.00%'],
      ['221 住房保障支出', '53.16', '4.03%'],
      ['Total', '1318.04', '100.00%'],
    ],
  } satisfies TableData;

  it('every line of a table whose last column is right-aligned has the same display width', () => {
    const lines = renderTable(sample).split('\n');
    expect(lines).toHaveLength(2 + sample.rows.length);
    expect(new Set(lines.map((l) => stringWidth(l))).size).toBe(1);
    // right-aligned cells end at the same column; left-aligned ones start at the same column
    const ends = sample.rows.map((r, i) =>
      stringWidth(lines[i + 2].slice(0, lines[i + 2].indexOf(r[1]) + r[1].length)),
    );
    expect(new Set(ends).size).toBe(1);
    expect(lines.slice(2).every((l) => !l.startsWith(' '))).toBe(true);
  });

  let views: ReportView[];
  beforeAll(async () => {
    views = viewsOf(await realDrafts());
  });
  const tableOf = (a: Answer) => {
    if (a.kind === 'table') return tableText(a.table);
    if (a.kind === 'figure' && a.table) return tableText(a.table);
    throw new Error(`no table: ${renderText(a)}`);
  };

  it.each([
    [YANGGU, '公开05表'],
    [YANGGU, '公开06表'],
    [YANGGU, '支出结构'],
    [WENLV, '公开03表'],
    [WENLV, '三公经费执行率'],
    [CZJ, '收支总计同比'],
    [YANGGU, '绩效自评'],
  ])('%s %s: each padded column starts (left) or ends (right) at one display column', (unit, q) => {
    const t = tableOf(answerFromViews(views, q, { unit }));
    const lines = renderTable(t).split('\n');
    const body = [t.columns.map((c) => c.title), ...t.rows];
    const rendered = [lines[0], ...lines.slice(2)];
    const widths = t.columns.map((_, i) => Math.max(...body.map((r) => stringWidth(r[i] ?? ''))));
    const expectedStart = widths.map((_, i) => widths.slice(0, i).reduce((s, w) => s + w + 2, 0));
    body.forEach((cells, r) => {
      const starts = cellStarts(rendered[r], cells);
      cells.forEach((c, i) => {
        if (c === '') return;
        const col = t.columns[i];
        const want = col.align === 'left' ? expectedStart[i] : expectedStart[i] + widths[i] - stringWidth(c);
        expect(starts[i], `row ${r} col ${i} ${c}`).toBe(want);
      });
    });
    // all lines are as wide as the full table, except trailing blanks trimmed after a left-aligned or blank last cell
    const full = widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1);
    expect(stringWidth(lines[1])).toBe(full);
    if (t.columns.at(-1)!.align === 'right')
      body.forEach((cells, r) => {
        if (cells.at(-1)) expect(stringWidth(rendered[r])).toBe(full);
      });
  });
});

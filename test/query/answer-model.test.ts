import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Answer, amount, count, joined, num, percent, phrase } from '../../src/query/answer.js';
import { answerFromViews } from '../../src/query/ask.js';
import type { ReportView } from '../../src/query/report-view.js';
import { quantityText, textOf } from '../../src/render/format.js';
import { answerSheet } from '../../src/render/sheet.js';
import { renderText } from '../../src/render/text.js';
import { YANGGU, realDrafts, viewsOf } from './real-views.js';

const QUERY_DIR = fileURLToPath(new URL('../../src/query/', import.meta.url));

describe('the query layer returns data; src/render writes it', () => {
  it('no file of src/query imports from src/render', () => {
    const offending = readdirSync(QUERY_DIR)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from '\.\.\/render\//.test(readFileSync(QUERY_DIR + f, 'utf8')));
    expect(offending).toEqual([]);
  });

  it('a figure is written once, by its kind: half-up to 2 places, separators only where asked', () => {
    const d = new Decimal('1234.565');
    expect([amount(d), amount(d, true), percent(d), count(new Decimal(5), '辆'), num(3)].map(quantityText)).toEqual([
      '1234.57',
      '1,234.57',
      '1234.57%',
      '5 辆',
      '3',
    ]);
  });

  it('phrase keeps figures as data and plain words as a string', () => {
    expect(phrase`决算 ${'与'} 预算`).toBe('决算 与 预算');
    const p = phrase`决算 ${amount(new Decimal('920.49'), true)} 万元`;
    expect(p).toEqual(['决算 ', { kind: 'amount', value: new Decimal('920.49'), separators: true }, ' 万元']);
    expect(textOf(phrase`${'行政运行'}：${p}`)).toBe('行政运行：决算 920.49 万元');
    expect(textOf(joined([amount(new Decimal('19.96')), amount(new Decimal('0.23'))], ' + '))).toBe('19.96 + 0.23');
  });
});

describe('answers carry typed figures', () => {
  let views: ReportView[];
  beforeAll(async () => {
    views = viewsOf(await realDrafts());
  });
  const answer = (unit: string | null, q: string): Answer => answerFromViews(views, q, { unit });

  it('支出结构: amounts and shares are figures, codes and names words', () => {
    const a = answer(YANGGU, '支出结构');
    if (a.kind !== 'table') throw new Error(renderText(a));
    const [code, name, value, share] = a.table.rows[0];
    expect([code, name]).toEqual(['201', '一般公共服务支出']);
    expect(value).toEqual(amount(new Decimal('1133.55')));
    expect(share).toMatchObject({ kind: 'percent' });
    expect(a.table.rows.at(-1)?.[3]).toEqual(percent(new Decimal(100)));
  });

  it('a ranking: places are numbers, the figure an amount; a rate: its formula words with figures', () => {
    const a = answer(null, '三公经费排名前2');
    if (a.kind !== 'table') throw new Error(renderText(a));
    expect(a.table.rows[0][0]).toEqual(num(1));
    expect(a.table.rows[0][3]).toMatchObject({ kind: 'amount' });
    const r = answer(YANGGU, '三公经费执行率');
    if (r.kind !== 'figure') throw new Error(renderText(r));
    const grouped = expect.objectContaining({ kind: 'amount', separators: true });
    expect(r.formula).toEqual(['决算 ', grouped, expect.stringMatching(/^ ÷ (年初|全年)预算 $/), grouped, ' 万元']);
    expect(r.table?.rows.at(-1)).toEqual(['执行率', percent(r.value)]);
  });

  it('a count says its word as data (公务用车保有量 5 辆)', () => {
    const a = answer(YANGGU, '公务用车保有量');
    if (a.kind !== 'figure') throw new Error(renderText(a));
    expect(a.formula).toEqual(['报告所述 ', count(new Decimal(5), '辆')]);
  });

  it('the export takes each cell by its kind, never by the shape of its text', () => {
    const a: Answer = {
      kind: 'table',
      title: '样例',
      table: {
        columns: [
          { title: '项目', align: 'left' },
          { title: '金额（万元）', align: 'right' },
        ],
        rows: [
          ['写作数字的文字', '12.30'],
          ['金额', amount(new Decimal('12.3'))],
          ['比率', percent(new Decimal('86.005'))],
        ],
      },
      basis: [],
      notes: [phrase`相差 ${amount(new Decimal('1234.5'), true)} 万元`],
    };
    const s = answerSheet(a)!;
    expect(s.rows.map((r) => r.cells[1])).toEqual([
      { kind: 'text', text: '12.30' },
      { kind: 'amount', value: '12.30' },
      { kind: 'percent', value: '86.01' },
    ]);
    expect(s.notes).toEqual(['注：相差 1,234.50 万元']);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { reasonSentences } from '../../src/ingest/types.js';
import { parseQuestion } from '../../src/nlu/parse.js';
import { answerFromViews } from '../../src/query/ask.js';
import { scopeOfViews } from '../../src/query/directory.js';
import type { ReportView } from '../../src/query/report-view.js';
import { renderText } from '../../src/render/text.js';
import { expectKind } from './expect-answer.js';
import { CZJ, realDrafts, viewsOf } from './real-views.js';

// 为什么 / 原因: the answer adds the sentences of the report's 情况说明 that give the reason for the figure asked about
// (上海市普陀区生态环境局 2025, a held-out report, and 财政局 2024).
const STHJJ = '上海市普陀区生态环境局';
let views: ReportView[];
beforeAll(async () => {
  views = viewsOf(
    await realDrafts(['../more/putuo-sthjj-2025-juesuan.pages.txt', 'putuo-czj-2024-juesuan.layout.txt']),
  );
});
const answer = (q: string, unit = STHJJ) => answerFromViews(views, q, { unit });
const parse = (q: string) => parseQuestion(q, { ...scopeOfViews(views), unit: STHJJ });

describe('why questions', () => {
  it.each([
    ['三公经费为什么没花完预算', 'budget_diff'],
    ['为什么公车费用增加了', 'yoy'],
    ['机关运行经费增加的原因', 'yoy'],
    ['三公经费执行率低的原因', 'rate'],
    ['为什么三公经费是这个数', 'figure'],
  ])('%s asks why of a %s', (q, kind) => expect(parse(q)).toMatchObject({ kind, why: true }));

  it('a question without 为什么 or 原因 does not', () => expect(parse('三公经费执行率')).not.toHaveProperty('why'));

  it('the reason the report gives for the difference from the budget, with its page and as a basis', () => {
    const a = expectKind(answer('三公经费为什么没花完预算'), 'figure');
    expect(a.value.toFixed(2)).toBe('4.05');
    const note = a.notes.find((n) => String(n).startsWith('报告所述原因'));
    expect(note).toContain('（第26页）');
    expect(note).toContain('小于预算数的主要原因：公务用车运行维护费、公务接待费等支出小于预算数');
    expect(a.basis.some((b) => b.source.includes('小于预算数的主要原因') && b.page === 26)).toBe(true);
  });

  it('the reason for a change from the year before, not the budget one', () => {
    const text = renderText(answer('为什么公车费用增加了'));
    expect(text).toContain('公务用车购置及运行维护费支出增加的主要原因是公务用车运行维护费支出增加');
    expect(text).not.toContain('小于预算数');
  });

  it('a reason written as its own sentence is given with the sentence it explains', () => {
    const text = renderText(answer('收支总计为什么增加'));
    expect(text).toContain('收入支出总计增加 90.09 万元，增长1.94%。主要原因：基本支出增加。');
    // what is named in the reason is not what the sentence explains: 基本支出's own change has no reason given
    expect(renderText(answer('基本支出为什么增加'))).toContain('报告的情况说明没有写明基本支出与上年相比增减的原因');
  });

  it('a reason after the figure it explains, in the same paragraph (机关运行经费)', () => {
    const text = renderText(answer('机关运行经费增加的原因'));
    expect(text).toContain('增长 2.60%。主要原因是人员变动，导致福利费、其他交通费等增加');
  });

  it('no reason given is said, never made up; a reason for a zero figure is found too', () => {
    expect(renderText(answer('节能环保支出为什么增加'))).toContain(
      '报告的情况说明没有写明节能环保支出与上年相比增减的原因',
    );
    expect(expectKind(answer('三公经费为什么是0', CZJ), 'figure').notes.join('\n')).toContain('当年度无"三公"经费支出');
  });

  it('reasonSentences keeps the reason sentences only, joining one of its own to the sentence before', () => {
    const s = (text: string) => ({ kind: 'sentence' as const, text, page: 3 });
    expect(
      reasonSentences([
        s('支出增加 5 万元。'),
        s('主要原因：人员增加。'),
        s('公用经费减少的主要原因是压减开支。'),
        { kind: 'heading', text: '原因', page: 3 },
        s('没有理由。'),
      ]).map((p) => p.text),
    ).toEqual(['支出增加 5 万元。主要原因：人员增加。', '公用经费减少的主要原因是压减开支。']);
  });
});

// from 0 there is no growth rate, but the two years and their change are an answer (普陀区财政局 2024: 三公经费 0.00,
// 「与2023年度持平」)
describe('同比 from a year of 0', () => {
  it('三公经费下降了吗: both years and the change, not a refusal', () => {
    const a = expectKind(answer('三公经费下降了吗', CZJ), 'figure');
    expect(a.unit).toBe('万元');
    expect(a.value.toFixed(2)).toBe('0.00');
    expect(a.table?.rows).toEqual([
      ['2024年', '0.00'],
      ['2023年', '0.00'],
      ['增减', '0.00'],
    ]);
    expect(a.notes).toContain('两年均为0，与上年持平；上年为0，同比增长率无定义');
  });
});

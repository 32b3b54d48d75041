import { beforeAll, describe, expect, it } from 'vitest';
import { performanceAsked } from '../../src/nlu/performance.js';
import { answerFromViews } from '../../src/query/ask.js';
import type { ReportView } from '../../src/query/report-view.js';
import { renderJson } from '../../src/render/json.js';
import { renderText } from '../../src/render/text.js';
import { fixtureView } from './real-views.js';

// 预算绩效管理情况 as the real reports state it: the Shanghai template's stages (编报绩效目标, 绩效跟踪评价, 绩效自评 with
// 平均得分, grades, problems found and put right), 阳谷's 全面自评 sentence and its annex of project scores.
const FILES = {
  环境局: 'more/putuo-sthjj-2025-juesuan.pages.txt',
  石泉路: 'more/putuo-shiquan-2025-juesuan.pages.txt',
  社工部: 'reports/putuo-shgzb-2024-juesuan.layout.txt',
  财政局: 'reports/putuo-czj-2024-juesuan.pdf',
  阳谷: 'reports/yanggu-zfb-2020-juesuan.txt',
  西大: 'more/chongqing-swu-2023-juesuan.layout.txt',
} as const;
const views = new Map<string, ReportView>();
beforeAll(async () => {
  for (const [k, file] of Object.entries(FILES)) views.set(k, await fixtureView(file, views.size + 1));
}, 120_000);
const ask = (report: keyof typeof FILES, q: string) => {
  const view = views.get(report)!;
  const a = answerFromViews([view], q, { unit: view.unitName });
  return { json: renderJson(a) as Record<string, unknown>, text: renderText(a) };
};

describe('预算绩效 figures the 情况说明 states', () => {
  it.each([
    ['环境局', '绩效自评平均多少分', '99.86', '分'],
    ['环境局', '编报绩效目标的项目有几个', '28', '个'],
    ['环境局', '绩效自评项目涉及多少预算', '1354.13', '万元'],
    ['环境局', '绩效自评查出几个问题', '3', '个'],
    ['环境局', '问题整改了几个', '3', '个'],
    ['环境局', '还有几个问题没整改', '0', '个'],
    ['环境局', '评为优的项目几个', '28', '个'],
    // the stages differ in 石泉路: 绩效目标 on 7,589.42, 跟踪 and 自评 on 4,974.93
    ['石泉路', '编报绩效目标的项目涉及多少钱', '7589.42', '万元'],
    ['石泉路', '绩效跟踪评价涉及金额', '4974.93', '万元'],
    ['社工部', '绩效自评平均得分', '100.00', '分'],
    ['财政局', '搞了绩效自评的项目几个', '4', '个'],
    ['财政局', '绩效自评平均分', '99.43', '分'],
    ['阳谷', '全面自评涵盖几个项目', '3', '个'],
    ['阳谷', '绩效自评涉及多少资金', '102.88', '万元'],
    // a project of the annex, named by a part of its name
    ['阳谷', '信息化办公系统建设项目自评多少分', '95.00', '分'],
  ] as const)('%s: %s = %s %s', (report, q, value, unit) => {
    expect(ask(report, q).json).toMatchObject({ kind: 'figure', value, unit });
  });

  it('the sentence is the basis', () => {
    expect(ask('环境局', '绩效自评查出几个问题').text).toContain('绩效自评中共发现问题3个');
  });

  it('绩效自评 asked whole: the stated figures, then each project of the annex with its score', () => {
    const { json, text } = ask('阳谷', '绩效自评');
    expect(json.kind).toBe('table');
    for (const s of ['绩效自评的项目数', '102.88', '信息化办公系统建设', '95', '联通', '96']) expect(text).toContain(s);
  });

  it('绩效自评表: the annex alone', () => {
    const { text } = ask('阳谷', '绩效自评表');
    expect(text).toContain('资金使用单位');
    expect(text).not.toContain('102.88');
  });

  it('two projects named alike: both shown, no one score chosen', () => {
    const { json, text } = ask('阳谷', '电子政务外网项目得了几分');
    expect(json.kind).toBe('table');
    expect(text).toContain('（移动）');
    expect(text).toContain('联通');
  });

  it('what the report does not state is no data, with what it does', () => {
    const { json, text } = ask('阳谷', '绩效自评平均分');
    expect(json.kind).toBe('no_data');
    expect(text).toContain('绩效自评的项目数');
    expect(ask('西大', '绩效自评平均多少分').json.kind).toBe('no_data');
  });

  it('绩效工资 stays the 经济科目', () => {
    expect(ask('阳谷', '绩效工资多少').json).toMatchObject({ kind: 'figure', unit: '万元' });
  });
});

describe('performanceAsked', () => {
  it.each([
    ['绩效自评平均多少分', { subject: '绩效自评', measure: 'score' }],
    ['编报绩效目标的项目有几个', { subject: '绩效目标', measure: 'count' }],
    ['绩效监控涉及多少资金', { subject: '绩效跟踪', measure: 'final' }],
    ['评级为良的项目几个', { subject: '绩效自评等级:良', measure: 'count' }],
    ['绩效评价不合格的项目有多少', { subject: '绩效自评等级:不合格', measure: 'count' }],
    ['正在整改的问题几个', { subject: '绩效自评问题:整改中', measure: 'count' }],
    ['绩效自评情况', null],
  ] as const)('%s', (q, item) => {
    expect(performanceAsked(q)).toEqual(item);
  });
});

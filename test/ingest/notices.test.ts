import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractLines } from '../../src/ingest/extract.js';
import { parseReport } from '../../src/ingest/parse-report.js';
import type { ReportDraft } from '../../src/ingest/types.js';
import { answerFromViews } from '../../src/query/ask.js';
import { buildView } from '../../src/query/report-view.js';
import { renderJson } from '../../src/render/json.js';
import { fakeMeta } from '../query/real-views.js';

// 三公经费 决算 notices published on their own (test/fixtures/notices: real pages of 重庆, 四川 and 安徽 units)
const DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));
async function parse(file: string, unitName?: string): Promise<ReportDraft> {
  const path = file.includes('/') ? file : `notices/${file}`;
  const ex = await extractLines({ fileName: file, bytes: new Uint8Array(readFileSync(DIR + path)) });
  return parseReport(ex.lines, {
    format: ex.format,
    pageCount: ex.pageCount,
    fileName: file,
    source: ex.source,
    unitName,
  });
}
const HELD = (f: string) => `notices-holdout/${f}`;
const fact = (d: ReportDraft, subject: string, measure: string) =>
  d.facts.filter((f) => f.subject === subject && f.measure === measure && !f.derived).map((f) => f.value);
const ask = (d: ReportDraft, q: string) =>
  renderJson(
    answerFromViews([buildView({ meta: fakeMeta(1, d), draft: d, findings: [] })], q, { unit: d.unitName }),
  ) as Record<string, unknown>;

describe('a 三公 notice published alone is imported as a 说明 without tables', () => {
  it('its unit from the line above its title, its year from the title', async () => {
    const d = await parse('chongqing-tongliang-weilongzhen-2021-sangong-juesuan.txt');
    expect(d).toMatchObject({ unitName: '重庆市铜梁区围龙镇人民政府', year: 2021, tables: [] });
    expect(fact(d, '三公经费', 'final')).toEqual(['4.5']);
  });

  it('its unit from the name before the year (现将焦石镇2020年度…, 宁国市城市管理行政执法局2016年度…)', async () => {
    expect(await parse('chongqing-fuling-jiaoshizhen-2020-sangong-juesuan.txt')).toMatchObject({
      unitName: '焦石镇',
      year: 2020,
    });
    expect(await parse('anhui-ningguo-chengguanjuzhifaju-2016-sangong-juesuan-EXCERPT.txt')).toMatchObject({
      unitName: '宁国市城市管理行政执法局',
      year: 2016,
    });
  });

  it('items listed after a budget are budgets (「预算为20万元，其中：…公务接待费9万元」), the 决算 follows', async () => {
    const d = await parse('chongqing-tongliang-anjuzhen-2021-sangong-juesuan.txt');
    expect(fact(d, '三公经费', 'budget_initial')).toEqual(['20']);
    expect(fact(d, '公务接待费', 'budget_initial')).toEqual(['9']);
    expect(fact(d, '公务接待费', 'final')).toEqual([]);
    expect(fact(d, '三公经费', 'final')).toEqual(['9.07']);
    // 「较年初预算数减少10.93万元」 is against the budget, not the year before
    expect(fact(d, '三公经费', 'budget_change')).toEqual(['-10.93']);
    expect(fact(d, '三公经费', 'yoy_change')).toEqual(['-0.71']);
  });

  it('each count is of what its clause names; a change of vehicles is no count', async () => {
    const d = await parse('chongqing-fuling-jiaoshizhen-2020-sangong-juesuan.txt');
    expect(fact(d, '因公出国（境）费', 'groups')).toEqual(['0']);
    expect(fact(d, '公务接待费', 'batches')).toEqual(['275']);
    expect(fact(d, '公务接待费', 'persons')).toEqual(['2700']);
    expect(fact(d, '车辆', 'count')).toEqual(['11']); // not 「保有量减少4辆」
  });

  it('the 2015 wording: 「221批次，1768人」, 「单位共有公务用车8辆」, 「车辆运行维护费」', async () => {
    const d = await parse('sichuan-jintang-guancangzhen-2015-sangong-shuoming.txt');
    expect(fact(d, '公务接待费', 'persons')).toEqual(['1768']);
    expect(fact(d, '车辆', 'count')).toEqual(['8']);
    expect(fact(d, '车辆', 'purchased')).toEqual(['0']);
    expect(fact(d, '公务用车运行维护费', 'final')).toEqual(['13.01']);
  });

  it('「公务用车购置及运维费」, 「公务车购置及运行维护费」, 「因公出国(境)费用」', async () => {
    expect(
      fact(await parse('chongqing-fuling-xinmiaozhen-2021-sangong-juesuan.txt'), '公务用车购置及运行维护费', 'final'),
    ).toEqual(['30.93']);
    const ningguo = await parse('anhui-ningguo-chengguanjuzhifaju-2016-sangong-juesuan-EXCERPT.txt');
    expect(fact(ningguo, '公务用车购置及运行维护费', 'final')).toContain('41.9');
    expect(fact(ningguo, '公务接待费', 'final')).toEqual(['26.4']);
  });

  it('a region’s total summed by its 财政局 is refused, said why', async () => {
    for (const f of [
      'yunnan-honghexian-2018-sangong-juesuan-huizong-EXCERPT.txt',
      'guangxi-luzhai-2019-sangong-juesuan-huizong.txt',
    ])
      await expect(parse(f)).rejects.toThrow(/不是某个单位的决算报告|不是决算报告/);
  });

  it('answers: the figures stated, the rate the prose states when no budget is given, no data for the rest', async () => {
    const jiaoshi = await parse('chongqing-fuling-jiaoshizhen-2020-sangong-juesuan.txt');
    expect(ask(jiaoshi, '公务接待了多少批次')).toMatchObject({ kind: 'figure', value: '275' });
    expect(ask(jiaoshi, '三公经费比上年少了多少')).toMatchObject({ kind: 'figure', value: '19.00' });
    expect(ask(jiaoshi, '收支总计多少').kind).toBe('no_data');
    const anju = await parse('chongqing-tongliang-anjuzhen-2021-sangong-juesuan.txt');
    expect(ask(anju, '三公经费执行率')).toMatchObject({ kind: 'figure', value: '45.35', unit: '%' });
    const ningguo = await parse('anhui-ningguo-chengguanjuzhifaju-2016-sangong-juesuan-EXCERPT.txt');
    expect(ask(ningguo, '公务接待费执行率')).toMatchObject({ kind: 'figure', value: '75.43', unit: '%' });
  });
});

// the second set of notices (test/fixtures/notices-holdout: 8 provinces), first measured unseen (holdout8 15/82), then
// read more generally from what they showed
describe('notices of other provinces', () => {
  it('known by what they say, not by a title: 许镇镇2020年“三公”经费决算数共计35.5万元…', async () => {
    const d = await parse(HELD('anhui-nanling-xuzhenzhen-2020-sangong-juesuan.txt'));
    expect(d).toMatchObject({ unitName: '许镇镇', year: 2020 });
    expect(fact(d, '三公经费', 'final')).toEqual(['35.5']);
    // 「比上年预算数字下降35.45%，比上年决算数字下降34.26%」: only the second is against the year before
    expect(fact(d, '三公经费', 'yoy_rate')).toEqual(['-34.26']);
  });

  it('a table flattened one cell a line, of 决算数 alone, is read by its labels', async () => {
    const d = await parse(HELD('anhui-ningguo-jiaotongyunshuju-2013-sangong-juesuan.txt'), '宁国市交通运输局');
    const t = d.tables.find((x) => x.key === 'three_public')!;
    const value = (side: string) => t.rows.find((r) => r.side === side)?.values;
    expect(value('total')).toEqual({ final: '60.6' });
    expect(value('abroad')).toEqual({ final: '0' });
    expect(value('reception')).toEqual({ final: '28.1' });
  });

  it('the amount compared with is the year before’s, not this year’s (较2014年度…合计16.08万元增加15.15万元)', async () => {
    const d = await parse(HELD('gansu-gannanzhou-weishuming-jiaotong-2015-sangong-juesuan.txt'), '某单位');
    expect(fact(d, '三公经费', 'final')).toEqual(['31.23']);
    expect(fact(d, '三公经费', 'prior')).toEqual(['16.08']);
  });

  it('sentences about a later year (next year’s budget) are not read as the report’s', async () => {
    const d = await parse(HELD('neimenggu-eerduosi-weishuming-2021-sangong-juesuan-2022-yusuan.txt'), '某单位');
    expect(d.year).toBe(2021);
    expect(fact(d, '三公经费', 'final')).toEqual(['20.12']);
    expect(fact(d, '公务接待费', 'final')).toEqual(['12.39']);
    expect(fact(d, '三公经费', 'budget_initial')).toEqual([]);
    expect(fact(d, '公务用车运行维护费', 'yoy_change')).toEqual([]);
  });

  it('an item the prose says did not happen is 0 by its words (无公款出国, 无出国计划)', async () => {
    const d = await parse(HELD('hebei-zhangjiakou-wanquanfayuan-2014-sangong-juesuan.txt'), '某法院');
    expect(fact(d, '因公出国（境）费', 'final')).toEqual(['0']);
    expect(fact(d, '公务接待费', 'yoy_change')).toEqual(['-9.21']); // 「比去年减少9.21万元」
  });

  it('traditional characters of a converting site are read as simplified, its pinyin notes dropped', async () => {
    const d = await parse(HELD('shandong-weifang-kejizhiyexueyuan-2021-zhengfucaigou-juesuan-fanti.txt'));
    expect(d).toMatchObject({ unitName: '山东科技职业学院', year: 2021 });
    expect(fact(d, '政府采购', 'final')).toEqual(['28861.938591']);
  });

  it('a notice that names no unit is refused saying how to name it', async () => {
    await expect(parse(HELD('hunan-taojiang-weishuming-2019-sangong-juesuan.txt'))).rejects.toThrow(/--unit/);
  });
});

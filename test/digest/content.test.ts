import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { buildDigest, fit, MAX_DIGEST_CHARS } from '../../src/digest/content.js';
import type { Answer } from '../../src/query/answer.js';
import { Library } from '../../src/query/ask.js';
import { renderText } from '../../src/render/text.js';
import { copyStore, makeTemplate, SLOT, YANGGU } from './harness.js';

let store: Awaited<ReturnType<typeof makeTemplate>>;
let db: Db;
let lib: Library;
beforeAll(async () => {
  store = await makeTemplate();
  db = await openDb(copyStore(store.dir, store.template));
  lib = new Library(db);
});
afterAll(async () => {
  await db.close();
  store.cleanup();
});

const digest = (over: Partial<Parameters<typeof buildDigest>[1]> = {}): Promise<Answer> =>
  buildDigest(lib, { unit: YANGGU, year: null, content: { preset: '要点' }, date: new Date(SLOT), ...over });

describe('digest content', () => {
  it('gives the headline figures of the yanggu report, each with its basis', async () => {
    const a = await digest();
    expect(a).toMatchObject({
      kind: 'message',
      title: '2020年度 阳谷县人民政府办公室 决算要点（2024-06-03）',
      table: null,
    });
    const lines = renderText(a).split('\n');
    const line = (start: string) => lines.find((l) => l.startsWith(start)) ?? '';
    expect(line('· 收支总计')).toBe(
      '· 收支总计 1,594.36 万元，同比 -53.52%（上年 3,430.24 万元）〔公开01表·总计；上年：由情况说明增减额推算〕',
    );
    expect(line('· 本年支出合计')).toBe('· 本年支出合计 1,318.04 万元〔公开01表·本年支出合计〕');
    expect(line('· 基本支出')).toBe(
      '· 基本支出 1,261.55 万元（占 95.71%），项目支出 56.49 万元（占 4.29%）〔公开03表·合计 · 基本支出；公开03表·合计 · 项目支出；公开01表·本年支出合计〕',
    );
    expect(line('· 三公经费')).toBe(
      '· 三公经费 决算 9.38 万元，年初预算 10.50 万元，执行率 89.33%〔公开07表·合计 · 决算数；公开07表·合计 · 预算数〕',
    );
    expect(line('· 机关运行经费')).toBe('· 机关运行经费 312.35 万元〔情况说明 第19页〕');
    expect(line('· 政府采购')).toBe('· 政府采购 86.49 万元〔情况说明 第19页〕');
    expect(line('三、勾稽审核')).toContain('0 项问题，14 项尾数误差');
  });

  it('flags 项级科目 whose 执行率 is outside 80%–120%, and spending with no budget', async () => {
    const text = renderText(await digest());
    const flagged = text.split('\n').filter((l) => l.startsWith('⚠'));
    expect(flagged.map((l) => l.split(' ')[1])).toEqual([
      '2010302',
      '2010350',
      '2010399',
      '2080505',
      '2080506',
      '2101101',
    ]);
    expect(flagged[1]).toBe(
      '⚠ 2010350 事业运行 执行率 74.32%（低于80%）：决算 156.58 ÷ 年初预算 210.69 万元〔公开05表；情况说明 第19页〕',
    );
    expect(flagged[3]).toContain('执行率 135.87%（高于120%）');
    expect(flagged[0]).toContain('年初预算为0，决算 36.49 万元');
    expect(text).not.toContain('2010301'); // 109.06%: inside the band
    expect(text).toContain('已检查 8 个项级科目，6 项需关注');
  });

  it.each([
    ['70', '130', ['2010302', '2010399', '2080505', '2080506']],
    ['50', '200', ['2010302', '2010399']],
  ])('uses the configured thresholds: below %s or above %s', async (low, high, codes) => {
    const text = renderText(await digest({ lowRate: low, highRate: high }));
    expect(
      text
        .split('\n')
        .filter((l) => l.startsWith('⚠'))
        .map((l) => l.split(' ')[1]),
    ).toEqual(codes);
    expect(text).toContain(`低于${low}%或高于${high}%`);
  });

  it('has a 三公 preset', async () => {
    const text = renderText(await digest({ content: { preset: '三公' } }));
    expect(text.split('\n')).toEqual([
      '2020年度 阳谷县人民政府办公室 三公经费执行情况（2024-06-03）',
      '· 三公经费 决算 9.38 万元，年初预算 10.50 万元，执行率 89.33%〔公开07表·合计 · 决算数；公开07表·合计 · 预算数〕',
      '  - 因公出国（境）费 决算 0.00 万元，年初预算 0.00 万元，预算为0，执行率无定义〔公开07表·因公出国（境）费 · 决算数；公开07表·因公出国（境）费 · 预算数〕',
      '  - 公务用车购置及运行维护费 决算 9.38 万元，年初预算 10.00 万元，执行率 93.80%〔公开07表·公务用车购置及运行维护费 · 决算数；公开07表·公务用车购置及运行维护费 · 预算数〕',
      '  - 公务接待费 决算 0.00 万元，年初预算 0.50 万元，执行率 0.00%〔公开07表·公务接待费 · 决算数；公开07表·公务接待费 · 预算数〕',
    ]);
  });

  it('answers each question of a question digest as /ask would', async () => {
    const text = renderText(await digest({ content: { questions: ['三公经费执行率', '住房保障支出同比'] } }));
    expect(text).toContain('【1】三公经费执行率\n2020年度 阳谷县人民政府办公室 三公经费执行率 89.33%');
    expect(text).toContain('【2】住房保障支出同比');
    expect(text).toContain('无法计算同比');
  });

  it('says so when there is no report for the unit or year', async () => {
    expect(await digest({ year: 2019 })).toMatchObject({
      kind: 'no_data',
      message: '没有阳谷县人民政府办公室 2019年度的决算报告。',
      available: ['2020年度'],
    });
    expect(await digest({ unit: null })).toMatchObject({ kind: 'message' }); // the only unit in the store
  });

  it('stays within one Telegram message', async () => {
    const long = fit({
      kind: 'message',
      title: '标题',
      text: Array.from({ length: 400 }, (_, i) => `第${i}行：一二三四五六七八九十`).join('\n'),
      table: null,
    });
    expect(long.title.length + 1 + long.text.length).toBeLessThanOrEqual(MAX_DIGEST_CHARS);
    expect(long.text.endsWith('已截断；完整内容请直接提问）')).toBe(true);
    expect(renderText(await digest()).length).toBeLessThan(4096);
  });
});

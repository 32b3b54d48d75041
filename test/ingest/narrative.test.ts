import { describe, expect, it } from 'vitest';
import { extractFacts, normaliseAmounts } from '../../src/ingest/narrative.js';
import type { Line } from '../../src/ingest/line-types.js';

// Sentences as real reports print them (西南大学, 普陀区生态环境局, 石泉路街道, 太原发改委); the lines are given as a text
// extraction gives them, broken where the page broke them.
const lines = (...texts: string[]): Line[] =>
  texts.map((text, i) => ({
    page: i < 2 ? 1 : 2,
    text,
    cells: text.split(/\s+/).map((t) => ({ text: t, x0: 0, x1: 1 })),
  }));
const facts = (...texts: string[]) => extractFacts(lines(...texts), []).map((f) => [f.subject, f.measure, f.value]);

describe('amounts are one token before anything is split', () => {
  it.each([
    ['年初预算为 1,676.41 万元', '年初预算为 1676.41 万元'],
    ['减少 23,616.80 万元', '减少 23616.80 万元'],
    ['１２３．４５万元，占６０％', '123.45万元，占60%'],
    ['分别为1,2,3', '分别为1,2,3'],
    ['年初预算为 0 元，支出决算为 177.17 万元', '年初预算为 0 万元，支出决算为 177.17 万元'],
    ['其中 10 元', '其中 10 元'],
    // 万 alone before a bracket or a break is 万元; not 万人次, not a line's last character (its 元 may be on the next)
    ['国内公务接待支出 0.40 万（含外宾接待支出 0 万元）', '国内公务接待支出 0.40万元（含外宾接待支出 0 万元）'],
    ['接待 1.2 万人次', '接待 1.2 万人次'],
    ['支出决算为 9.38 万', '支出决算为 9.38 万'],
  ])('%s', (raw, out) => expect(normaliseAmounts(raw)).toBe(out));
});

describe('prose phrasings', () => {
  it('the 2025 template names the 三公 items …支出: 公务用车运行维护支出 is 公务用车运行维护费; 国内公务接待 is a part of the 公务接待费', () => {
    const got = facts('公务用车运行维护支出 2.64 万元。', '其中：国内公务接待支出 0.40 万（含外宾接待支出 0 万元）。');
    expect(got).toContainEqual(['公务用车运行维护费', 'final', '2.64']);
    expect(got.filter(([s, m]) => s === '公务接待费' && m === 'final')).toEqual([]);
  });

  it('a 项 given code first with a hyphen and 「的金额为」 (东庠乡 2017)', () => {
    expect(facts('科目编码2130101-农业行政运行支出的金额为36.53万元。')).toContainEqual([
      '科目:2130101',
      'final',
      '36.53',
    ]);
  });

  it('a change word left from editing (比 2024 年度减增加) still states the change from the year before (石泉路街道)', () => {
    expect(
      facts(
        '2025 年度“三公”经费财政拨款支出决算数比 2024 年度减',
        '增加 21.90 万元，增长 141.75%，其中：因公出国（境）费支出决算 0 万元；公务用车购置及运行维护费支出决算增加 21.90 万元，增长 141.75%。',
      ),
    ).toEqual(
      expect.arrayContaining([
        ['三公经费', 'yoy_change', '21.90'],
        ['公务用车购置及运行维护费', 'yoy_change', '21.90'],
      ]),
    );
  });

  it.each([
    [
      'a 项 name with 、 keeps its figures (not the 类)',
      [
        '节能环保支出（类）环境保护管理事务（款）环境保护法规、规划及标准（项），年初预算为 0.00 万元，支出决算为 7.50 万元。',
      ],
      [
        ['项:节能环保支出/环境保护管理事务/环境保护法规、规划及标准', 'budget_initial', '0.00'],
        ['项:节能环保支出/环境保护管理事务/环境保护法规、规划及标准', 'final', '7.50'],
      ],
    ],
    [
      'thousands separators in prose',
      ['一般公共预算财政拨款支出年初预算为 1,676.41 万元，支出决算为 1,600.00 万元。'],
      [
        ['一般公共预算财政拨款支出', 'budget_initial', '1676.41'],
        ['一般公共预算财政拨款支出', 'final', '1600.00'],
      ],
    ],
    [
      'no amount after the 项, 主要用于 without a colon, 当年支出决算, an integer amount',
      [
        '17.节能环保支出（类）污染减排（款）生态环境监测与信息（项），主要用于人员支出，公用支出及项目支出，年初预算为 30 万元，当年支出决算为 28.5 万元。',
      ],
      [
        ['项:节能环保支出/污染减排/生态环境监测与信息', 'budget_initial', '30'],
        ['项:节能环保支出/污染减排/生态环境监测与信息', 'final', '28.5'],
      ],
    ],
    [
      'a sentence broken across a page',
      ['住房保障支出（类）住房改革支出（款）住房公积金（项）。年初预算为', '203.69 万元，支出决算为 207.69 万元。'],
      [
        ['项:住房保障支出/住房改革支出/住房公积金', 'budget_initial', '203.69'],
        ['项:住房保障支出/住房改革支出/住房公积金', 'final', '207.69'],
      ],
    ],
    [
      '年初无预算',
      ['卫生健康支出（类）行政事业单位医疗（款）其他行政事业单位医疗支出（项），年初无预算，支出决算为 5.00 万元。'],
      [
        ['项:卫生健康支出/行政事业单位医疗/其他行政事业单位医疗支出', 'budget_initial', '0'],
        ['项:卫生健康支出/行政事业单位医疗/其他行政事业单位医疗支出', 'final', '5.00'],
      ],
    ],
    [
      'a code in brackets and a year-on-year fall',
      ['5.其他留学教育支出（2050699），2023 年度决算数为 738.86 万元，比 2022 年度决算数减少 4.50%。'],
      [
        ['科目:2050699', 'final', '738.86'],
        ['科目:2050699', 'yoy_rate', '-4.50'],
      ],
    ],
    [
      '增长 / 降低 and a change continued by 其中',
      [
        '学校 2023 年度收入总计 430,725.03 万元，与 2022 年度相比，减少 23,616.80 万元，降低 5.20%。其中：财政拨款收入增加 14,458.07 万元。',
      ],
      [
        ['收支总计', 'final', '430725.03'],
        ['收支总计', 'yoy_change', '-23616.80'],
        ['收支总计', 'yoy_rate', '-5.20'],
        ['财政拨款收入', 'yoy_change', '14458.07'],
      ],
    ],
    [
      '持平',
      ['机关运行经费支出 185.41 万元，与 2024 年持平。'],
      [
        ['机关运行经费', 'final', '185.41'],
        ['机关运行经费', 'yoy_change', '0'],
      ],
    ],
    [
      '预算执行率',
      ['“三公”经费年初预算 21.00 万元，决算 16.95 万元，预算执行率为 80.71%。'],
      [
        ['三公经费', 'budget_initial', '21.00'],
        ['三公经费', 'final', '16.95'],
        ['三公经费', 'rate', '80.71'],
      ],
    ],
  ])('%s', (_name, texts, expected) => expect(facts(...texts)).toEqual(expected));

  it('counts of foreign guests are marked, domestic ones are not', () => {
    const f = extractFacts(lines('国内公务接待 2 批次、26 人次，其中：接待外宾 0 批次、0 人次。'), []).filter(
      (x) => x.measure === 'batches',
    );
    expect(f.map((x) => [x.value, x.detail])).toEqual([
      ['2', null],
      ['0', '外宾'],
    ]);
  });
});

// 平潭 (Fujian) 决算说明 of 2015–2017: their own wordings, and subjects a sentence must not inherit
describe('subjects in lists and in older wordings', () => {
  it('an item of a list that names no known subject does not take the one before it', () => {
    expect(
      facts(
        '本部门政府采购支出总额5.00万元。',
        '（一）2017年经费1,151.16万元，比2016年决算数增加94.32万元，增长8.92%。',
      ),
    ).toEqual([['政府采购', 'final', '5.00']]);
  });

  it.each([
    ['（二）2017年支出1,150.30万元，比2016年决算数增加68.18万元。', ['本年支出合计', 'final', '1150.30']],
    ['2015本年收入2028.01万元。', ['本年收入合计', 'final', '2028.01']],
    ['2016年公共财政拨款支出4360.85万元。', ['一般公共预算财政拨款支出', 'final', '4360.85']],
    ['2017年一般公共预算拨款支出1118.27万元。', ['一般公共预算财政拨款支出', 'final', '1118.27']],
    ['2016年“三公”经费公共财政拨款支出29.13万元。', ['三公经费', 'final', '29.13']],
    ['2017年度“三公”经费一般公共预算拨款0.86万元。', ['三公经费', 'final', '0.86']],
    ['2017年度政府性基金支出32.03万元。', ['政府性基金预算财政拨款支出', 'final', '32.03']],
    ['（一）一般公共服务支出（科目编码201）531.03万元。', ['科目:201', 'final', '531.03']],
    ['与2014年相比，公务用车购置费不变，运行费下降13%。', ['公务用车运行维护费', 'yoy_rate', '-13']],
    ['2016年“三公”经费支出80.89万元，同比增长83.3 %。', ['三公经费', 'yoy_rate', '83.3']],
  ])('%s', (sentence, expected) => {
    expect(facts(sentence)).toContainEqual(expected);
  });

  it('口径不一致 is no 与上年一致; a vehicle count takes no % after it', () => {
    expect(facts('机关运行经费支出35.59万元，比2015年下降76.27%，主要原因是决算填报列支口径不一致。')).toEqual([
      ['机关运行经费', 'final', '35.59'],
      ['机关运行经费', 'yoy_rate', '-76.27'],
    ]);
    expect(facts('年末公务用车保有量5辆。', '与2015年相比，公务用车购运行费下降24.09%。')).toEqual([
      ['车辆', 'count', '5'],
    ]);
  });
});

// The national template's wording (财政部 部门决算公开 样表 情况说明), as counties across the country print it. SYNTHETIC
// sentences in that wording: no report of this store is phrased so in every part.
describe('the national template', () => {
  it.each([
    ['2022年度收入、支出决算总计1,234.56万元。', ['收支总计', 'final', '1234.56']],
    ['2022年度财政拨款收入、支出总计各1,050.00万元。', ['财政拨款收支总计', 'final', '1050.00']],
    [
      '2022年度收入合计1,100.00万元，其中：财政拨款收入1,000.00万元，占收入合计的90.91%。',
      ['本年收入合计', 'final', '1100.00'],
    ],
    ['2022年度支出合计1,150.00万元，其中：基本支出800.00万元。', ['本年支出合计', 'final', '1150.00']],
    [
      '2022年度“三公”经费财政拨款支出预算为12.00万元，支出决算为10.00万元，完成预算的83.33%。',
      ['三公经费', 'budget_initial', '12.00'],
    ],
  ])('%s', (sentence, expected) => {
    expect(facts(sentence)).toContainEqual(expected);
  });

  it('收、支总计各增加: the change of the total, and last year’s total from it', () => {
    const got = extractFacts(
      lines('2022年度收入、支出决算总计1,234.56万元。与上年相比，收、支总计各增加123.45万元，增长11.11%。'),
      [],
    );
    expect(got.map((f) => [f.subject, f.measure, f.value])).toContainEqual(['收支总计', 'yoy_change', '123.45']);
  });

  it('授予小微企业合同金额 is the 小微企业’s part, its share not the 中小企业’s', () => {
    const got = facts(
      '授予中小企业合同金额40.00万元，占政府采购支出总额的80.00%，其中：授予小微企业合同金额30.00万元，占政府采购支出总额的60.00%。',
    );
    expect(got.filter(([s]) => s === '政府采购中小企业')).toEqual([
      ['政府采购中小企业', 'final', '40.00'],
      ['政府采购中小企业', 'share', '80.00'],
    ]);
    expect(got.filter(([s]) => s === '政府采购小微企业')).toEqual([
      ['政府采购小微企业', 'final', '30.00'],
      ['政府采购小微企业', 'share', '60.00'],
    ]);
  });

  it('a budget said with 年初 is read once, as 年初预算', () => {
    const got = facts('机关运行经费年初预算为300.00万元，支出决算为320.50万元。');
    expect(got.filter(([, m]) => m === 'budget_initial')).toEqual([['机关运行经费', 'budget_initial', '300.00']]);
  });
});

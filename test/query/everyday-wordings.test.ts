import { beforeAll, describe, expect, it } from 'vitest';
import { answerFromViews } from '../../src/query/ask.js';
import type { ReportView } from '../../src/query/report-view.js';
import { renderJson } from '../../src/render/json.js';
import { renderText } from '../../src/render/text.js';
import { fixtureView } from './real-views.js';

// Wordings met on reports no question bank had covered (the fourth held-out bank: 莆田 and 平潭 说明, 太原, 普陀 2025), each
// asked of the real report it was met on; the figures are the reports' own.
const views = new Map<string, ReportView>();
const FILES = {
  白青乡: 'more/fujian-pingtan-baiqingxiang-2014-juesuan.txt',
  东庠乡: 'more/fujian-pingtan-dongxiangxiang-2017-juesuan.txt',
  财政金融局: 'more/fujian-pingtan-caizhengjinrongju-2016-juesuan.txt',
  台湾工作部: 'more/fujian-pingtan-taiwangongzuobu-2017-juesuan.txt',
  总工会: 'more/fujian-putian-zonggonghui-2017-juesuan.txt',
  审计局: 'more/fujian-putian-shenjiju-2017-juesuan.txt',
  太原: 'more/shanxi-taiyuan-fgw-2016-juesuan.docx',
  宜川: 'more/putuo-yichuan-2025-juesuan.pages.txt',
  档案局: 'more/fujian-putian-danganju-2017-juesuan.txt',
  东庠乡2: 'more/fujian-pingtan-dongxiangxiang-2017-juesuan.txt',
  财政局: 'reports/putuo-czj-2024-juesuan.layout.txt',
  社工部: 'reports/putuo-shgzb-2024-juesuan.layout.txt',
  规资局: 'more/putuo-ghzy-2024-juesuan.layout.txt',
  环境局: 'more/putuo-sthjj-2025-juesuan.pages.txt',
  西大: 'more/chongqing-swu-2023-juesuan.layout.txt',
  社工部全年: 'reports/putuo-shgzb-2024-juesuan.layout.txt',
  阳谷: 'reports/yanggu-zfb-2020-juesuan.txt',
  石泉: 'more/putuo-shiquan-2025-juesuan.pages.txt',
  九三学社: 'more/fujian-putian-jiusanxueshe-2016-juesuan.txt',
  绩溪: 'notices-holdout/anhui-jixi-zhengxieban-2013-sangong-juesuan.txt',
} as const;
beforeAll(async () => {
  for (const [k, f] of Object.entries(FILES)) views.set(k, await fixtureView(f, views.size + 1));
}, 60_000);
const ask = (report: keyof typeof FILES, q: string) => {
  const view = views.get(report)!;
  return renderJson(answerFromViews([view], q, { unit: view.unitName })) as Record<string, unknown>;
};

describe('everyday wordings', () => {
  it.each([
    ['总工会', '行政运行同比涨了百分之几', '293.79', '%'],
    ['总工会', '行政运行同比增长多少', '293.79', '%'],
    ['财政金融局', '去年财政事务的行政运行支出多少', '847.16', '万元'],
    ['台湾工作部', '去年港澳台侨事务行政运行是多少', '355.59', '万元'],
    ['财政金融局', '政府采购里服务类占多大比重', '81.61', '%'],
    ['白青乡', '公共财政拨款支出了多少', '641.78', '万元'],
    ['白青乡', '政府办公厅及相关机构事务支出多少', '325.96', '万元'],
    ['审计局', '市审计局的基本养老保险缴费多少', '47.08', '万元'],
    ['太原', '维修费用了多少', '6.16', '万元'],
    ['太原', '项目支出占一般公共预算财政拨款支出的比重', '18.40', '%'],
    // the 说明 calls its 收入总计 总收入 (「总收入959.48万元，其中本年收入945.18万元」): its own word asks for that
    ['白青乡', '总收入多少', '959.48', '万元'],
    ['白青乡', '本年收入', '945.18', '万元'],
  ] as const)('%s: %s = %s %s', (report, q, value, unit) => {
    expect(ask(report, q)).toMatchObject({ kind: 'figure', value, unit });
  });

  it.each([
    ['财政局', '哪个项级科目离年初预算差得最多', '48.16', '行政运行'],
    ['社工部', '哪个项级科目没花完的钱最多', '6.37', '事业运行'],
    ['环境局', '哪个科目比年初预算超得最多，超了多少', '97.53', '行政运行'],
  ] as const)(
    '%s: %s — ranked by the difference from the budget, not by the 决算 (%s, %s)',
    (report, q, value, name) => {
      const a = ask(report, q);
      expect(a).toMatchObject({ kind: 'figure', value, unit: '万元' });
      expect(String(a.text)).toContain(name);
    },
  );

  it.each([
    ['环境局', '一般公共预算支出超了年初预算多少', '104.97', '万元'],
    ['环境局', '一般公共预算支出YoY', '1.94', '%'],
    // the 一般公共预算 table's row, not the 支出决算表's (all funds: 3,845.24)
    ['规资局', '一般公共预算拨款里城乡社区支出多少', '3832.36', '万元'],
    ['规资局', '一般公共预算拨款里自然资源海洋气象等支出比城乡社区支出多多少', '629.31', '万元'],
    ['规资局', '一般公共预算中的基本支出', '5364.75', '万元'],
  ] as const)('%s: %s = %s %s', (report, q, value, unit) => {
    expect(ask(report, q)).toMatchObject({ kind: 'figure', value, unit });
  });

  it.each([
    ['环境局', '办公费和物业管理费哪个多，多多少', '2.61', '万元'],
    // 政府采购's own part, not 商品和服务支出 (401.93 of 372.34 gave 107.95%)
    ['环境局', '环境局采购里服务类占比', '97.70', '%'],
    ['社工部', '区委社工部福利费多少', '1.48', '万元'],
    ['社工部', '出差花了多少', '1.15', '万元'],
  ] as const)('%s: %s = %s %s', (report, q, value, unit) => {
    expect(ask(report, q)).toMatchObject({ kind: 'figure', value, unit });
  });

  it('a rule with two bounds; a ranking without the zero rows; the worst executed', () => {
    expect(String(ask('财政局', '执行率99%以上但没到100%的项有哪些').text)).toContain('执行率不低于99%且低于100%');
    expect(ask('财政局', '公用经费里花钱最少的是哪项？0的不算')).toMatchObject({ kind: 'figure', value: '0.09' });
    expect(ask('财政局', '哪个科目预算执行得最差')).toMatchObject({ kind: 'figure', value: '96.91', unit: '%' });
  });

  it('a name with one character wrong is asked back before a shorter word inside it is answered (绩笑工资)', () => {
    const a = ask('社工部', '绩笑工资多少');
    expect(a.kind).toBe('clarify');
    expect(String(a.text)).toContain('绩效工资');
  });

  it('a part of the unit asked alone is not in a 部门决算 (财政所单独的支出, 普陀区文化馆单独的人员经费)', () => {
    expect(ask('财政局', '财政所单独的支出是多少')).toMatchObject({ kind: 'no_data' });
    expect(ask('财政局', '普陀区文化馆单独的人员经费是多少')).toMatchObject({ kind: 'no_data' });
  });

  it('a table printed empty is said to be empty; 财政拨款 rankings rank the 财政拨款 table', () => {
    expect(ask('规资局', '政府性基金那张表有数吗')).toMatchObject({ kind: 'no_data' });
    expect(String(ask('规资局', '政府性基金那张表有数吗').text)).toContain('为空表');
    expect(String(ask('西大', '财政拨款支出排前三的项').text)).toMatch(/高等教育\s+186663\.39/);
    expect(ask('规资局', '规资局采购货物、工程、服务分别多少')).toMatchObject({ kind: 'table' });
  });

  it('shares in a row question: ranked by the share, which is the answer; a rule on the share', () => {
    expect(ask('规资局', '一般公共预算拨款支出里哪个类占比最大，占多少')).toMatchObject({
      kind: 'figure',
      value: '45.78',
      unit: '%',
    });
    const a = ask('西大', '哪些支出类占总支出超过3%');
    expect(a.kind).toBe('table');
    expect(String(a.text)).toMatch(/205 教育支出[\s\S]*221 住房保障支出/);
    expect(String(a.text)).not.toContain('206 科学技术支出');
  });

  it('a 科目’s 基本/项目 columns asked by name (节能环保支出里基本、项目各多少; 财政拨款里高等教育的…: that table’s row)', () => {
    expect(String(ask('环境局', '节能环保支出里基本、项目各多少').text)).toMatch(
      /基本支出\s+2385\.48[\s\S]*项目支出\s+1356\.98/,
    );
    expect(ask('环境局', '节能环保支出的项目支出')).toMatchObject({ kind: 'figure', value: '1356.98' });
    expect(String(ask('西大', '财政拨款里高等教育的基本支出、项目支出各是多少').text)).toMatch(
      /基本支出\s+152569\.36[\s\S]*项目支出\s+34094\.03/,
    );
    // the unit's own columns stay the unit's
    expect(String(ask('环境局', '基本支出和项目支出分别多少').text)).toMatch(/基本支出\s+3365\.38/);
  });

  it.each([
    // 人头费 is 人员经费 (it was read as no subject, and the share of 基本支出 or 本年支出合计 answered)
    ['太原', '人头费比公用经费多多少', '2068.81', '万元'],
    ['太原', '采购里服务比货物多多少', '216.48', '万元'],
    ['太原', '16年政府性基金财政拨款花了多少', '112.78', '万元'],
    // 「采购计划预算金额21.8万元」 is the 政府采购's budget
    ['审计局', '政府采购完成计划的百分之几', '41.01', '%'],
  ] as const)('%s: %s = %s %s', (report, q, value, unit) => {
    expect(ask(report, q)).toMatchObject({ kind: 'figure', value, unit });
  });

  it('A占B百分之几; 接待了多少批次; an 经济科目 a 说明 alone lacks, said with its verb (差旅费花了多少)', () => {
    expect(ask('台湾工作部', '人头费占基本支出百分之几')).toMatchObject({ kind: 'figure', value: '90.32', unit: '%' });
    expect(ask('台湾工作部', '接待了多少批次')).toMatchObject({ kind: 'figure', value: '164' });
    expect(ask('审计局', '审计局17年差旅费花了多少')).toMatchObject({ kind: 'no_data' });
  });

  it('changes from the year before in a 说明 alone: its 项 named without a code are rows too; 减少最多 is the amount', () => {
    const up = ask('档案局', '哪些项级科目比上年增加了');
    expect(up.kind).toBe('table');
    expect(String(up.text)).toContain('行政运行');
    expect(String(up.text)).not.toContain('档案馆');
    const a = ask('审计局', '比上年减少最多的是哪项');
    expect(a).toMatchObject({ kind: 'figure', value: '9.62', unit: '万元' });
    expect(String(a.text)).toContain('信息化建设');
    expect(ask('审计局', '同比下降最多的项')).toMatchObject({ kind: 'figure', value: '-27.79', unit: '%' });
  });

  it.each([
    // 住房公积金 named without a code in a 说明 alone is what 公积金 means there
    ['审计局', '审计局17年公积金缴了多少钱', '39.06', '万元'],
    ['东庠乡2', '东庠乡公积金一年多少钱', '37.89', '万元'],
    // a 科目 name with a unit-like word inside it (村党支部) is that 科目, not a unit the store lacks
    ['东庠乡2', '对村民委员会和村党支部的补助多少', '56.66', '万元'],
    ['太原', '@机器人 发改委16年收入总共多少？', '4258.39', '万元'],
  ] as const)('%s: %s = %s %s', (report, q, value, unit) => {
    expect(ask(report, q)).toMatchObject({ kind: 'figure', value, unit });
  });

  it('比年初预算少花最多的三个科目 ranks by what was left of the budget', () => {
    const a = ask('宜川', '比年初预算少花最多的三个科目');
    expect(a.kind).toBe('table');
    expect(String(a.text)).toContain('节约（万元）');
  });

  it('a unit like the one asked only by its kind of body is not offered (重庆大学 is not 西南大学)', () => {
    expect(ask('西大', '重庆大学2023年教育支出')).toMatchObject({ kind: 'no_data' });
    expect(ask('西大', '西大教育支出')).toMatchObject({ kind: 'figure' });
  });

  it('two subjects, the first said with the rest of its word after the name people use (公车运行|维护费和接待费)', () => {
    const a = ask('白青乡', '公车运行维护费和接待费各是多少');
    expect(a.kind).toBe('table');
    expect(String(a.text)).toMatch(/公务用车运行维护费\s+2\.17[\s\S]*公务接待费\s+2\.01/);
  });

  it('a report without a 收支总表 answers its income kinds from the 收入决算表 合计 (太原: 其他收入 8,863.33 元)', () => {
    expect(ask('太原', '咱们其他收入有多少')).toMatchObject({ kind: 'figure', value: '0.89', unit: '万元' });
  });

  it('the 科目 a 说明 alone states with their codes are ranked (东庠乡: 201 一般公共服务支出 531.03 first)', () => {
    const a = ask('东庠乡', '哪个类级科目花钱最多');
    expect(a).toMatchObject({ kind: 'figure', value: '531.03' });
    expect(String(a.text)).toMatch(/201 一般公共服务支出[\s\S]*213 农林水支出/);
  });

  it('the choices of a 项 name several 款 share are told apart by their 款', () => {
    const a = ask('宜川', '宜川路街道一般行政管理事务花了多少');
    expect(a.kind).toBe('clarify');
    expect(String(a.text)).toContain('群众团体事务—一般行政管理事务');
  });

  it('what a 说明 alone cannot have is said to be missing: an 经济科目, a budget', () => {
    expect(ask('财政金融局', '办公费是多少')).toMatchObject({ kind: 'no_data' });
    expect(String(ask('财政金融局', '办公费是多少').text)).toContain('没有基本支出决算表');
    expect(ask('审计局', '今年年初预算安排了多少')).toMatchObject({ kind: 'no_data' });
  });

  it('the answer of a wording is that of the plain question', () => {
    expect(
      renderText(answerFromViews([views.get('总工会')!], '行政运行同比涨了百分之几', { unit: '莆田市总工会' })),
    ).toBe(renderText(answerFromViews([views.get('总工会')!], '行政运行同比', { unit: '莆田市总工会' })));
  });
});

describe('several questions in one message', () => {
  it('a part without a subject of its own is asked of the first part’s: 预算多少，实际花了多少，省了多少', () => {
    const a = ask('财政局', '财政委托业务支出年初预算多少，实际花了多少，省了多少');
    expect(a.kind).toBe('table');
    expect(String(a.text)).toMatch(/450\.52[\s\S]*449\.52[\s\S]*1\.00/);
    // the budget and what was spent, asked together alone, are the execution, which shows both
    expect(ask('财政局', '财政委托业务支出年初预算多少，实际花了多少')).toMatchObject({ kind: 'figure', unit: '%' });
  });

  it('基本支出多少，占比多少: the figure, then its share', () => {
    const a = ask('财政局', '基本支出多少，占比多少');
    expect(a.kind).toBe('table');
    expect(String(a.text)).toMatch(/2336\.91[\s\S]*79\.49%/);
  });

  it('预算多少，决算多少，差了多少: the budget, the 决算 and the difference between them', () => {
    const a = ask('环境局', '一般公共预算拨款全年预算多少，决算多少，差了多少');
    expect(a.kind).toBe('table');
    expect(String(a.text)).toMatch(/4628\.17[\s\S]*4733\.14[\s\S]*104\.97/);
  });

  it('counts asked together, each with its own word (出国组了几个团，去了多少人次; 接待了多少批次，多少人)', () => {
    expect(String(ask('台湾工作部', '出国组了几个团，去了多少人次').text)).toMatch(/18 个[\s\S]*30 人次/);
    expect(String(ask('审计局', '接待了多少批次，多少人').text)).toMatch(/10 批次[\s\S]*48 人次/);
  });

  it('read whole, a message that asks one thing is one question (单位还有公车吗，几辆: the count)', () => {
    expect(ask('财政金融局', '单位还有公车吗，几辆')).toMatchObject({ kind: 'figure', unit: '辆' });
  });
});

// Wordings of the seventh held-out bank (everyday group-chat wordings on every real report), first measured 73/156
describe('multiples, other money units and the words for a rate', () => {
  it.each([
    ['规资局', '福利费是工会经费的几倍', '1.30', '倍'],
    ['环境局', '福利费是工会经费的几倍', '1.63', '倍'],
    ['太原', '其他交通费用是差旅费的几倍', '9.89', '倍'],
    // 元 as the table prints it (太原's 06表 is in 元), and 万元 made 元 exactly
    ['太原', '邮电费多少元', '134548.40', '元'],
    ['财政局', '办公费是多少元', '212100.00', '元'],
    ['西大', '学校今年总支出多少亿', '45.77', '亿元'],
    // 几成, 还剩多少没花, 比预算少了几个点, and the rate named outright over 超了预算
    ['社工部', '事业运行全年预算用了几成', '63.97', '%'],
    ['宜川', '公益性岗位补贴花了几成', '47.72', '%'],
    ['规资局', '城乡社区规划与管理还剩多少没花', '370.58', '万元'],
    ['太原', '三公预算66万实际才花了几成', '11.82', '%'],
  ] as const)('%s: %s = %s %s', (report, q, value, unit) => {
    expect(ask(report, q)).toMatchObject({ kind: 'figure', value, unit });
  });

  it('a fall asked in words people use (掉了多少) is the change from the year before', () => {
    expect(ask('西大', '其他收入比上年掉了多少')).toMatchObject({ kind: 'figure', value: '39049.48', unit: '万元' });
  });

  it('a year in two Chinese digits (一五年) is that year, not the report’s', () => {
    expect(ask('白青乡', '一五年三公经费多少').kind).toBe('no_data');
  });

  it('A vs B, top3', () => {
    const a = ask('总工会', '人员经费 vs 公用经费 各多少');
    expect(a.kind).toBe('table');
    expect(String(a.text)).toMatch(/65\.20[\s\S]*0\.00/);
    expect(ask('社工部', '公用经费 top3').kind).toBe('table');
  });
});

describe('several questions typed with spaces or run on as spoken', () => {
  it('公务接待费今年用了多少 预算多少; 是不是超支了 完成了多少', () => {
    expect(String(ask('环境局', '公务接待费今年用了多少 预算多少').text)).toMatch(/0\.00[\s\S]*0\.50/);
    expect(String(ask('阳谷', '一般公共预算是不是超支了 完成了多少').text)).toMatch(/95\.56[\s\S]*107\.82%/);
  });

  it('spoken without a break: 年初预算多少最后花了多少完成了百分之多少 (the execution, which shows all three)', () => {
    const a = ask('阳谷', '帮我看下今年三公经费年初预算多少最后花了多少完成了百分之多少');
    expect(a).toMatchObject({ kind: 'figure', value: '89.33', unit: '%' });
    expect(String(a.text)).toMatch(/10\.50[\s\S]*9\.38/);
  });

  it('a space inside one question does not part it (请问本单位行政运行  花了多少？？)', () => {
    expect(ask('社工部', '请问本单位行政运行  花了多少？？')).toMatchObject({ kind: 'figure', value: '51.32' });
  });

  it('掉了多少 百分之几: the change, then its rate', () => {
    const a = ask('宜川', '机关运行经费掉了多少 百分之几');
    expect(String(a.text)).toMatch(/165\.40[\s\S]*-16\.85%/);
  });

  it('比预算少了几个点: the difference as a share of the budget', () => {
    expect(ask('阳谷', '机关运行经费比预算少了几个点')).toMatchObject({ kind: 'figure', value: '20.79', unit: '%' });
  });
});

// wordings of holdout9 (mixed wordings on every report, 说明 and notice; first measured 63/147 with 26 wrong figures)
describe('arithmetic not read is asked back, never answered with one of its figures', () => {
  it.each([
    ['审计局', '养老保险缴费加住房公积金'],
    ['财政局', '津贴补贴砍一半的话是多少'],
  ] as const)('%s: %s', (report, q) => {
    const a = ask(report, q);
    expect(a.kind).toBe('clarify');
    expect(String(a.text)).toMatch(/的计算，但只认出了/);
  });

  it('a name with 减 in it is no arithmetic (减排专项支出)', () => {
    expect(ask('石泉', '减排专项支出多少')).toMatchObject({ kind: 'figure', value: '150.00' });
  });
});

describe('parts and wholes said other ways', () => {
  it.each([
    // the part, 在, the whole, 里
    ['社工部', '麻烦查下，其他社会工作事务支出在一般公共服务支出里占比多少呀', '76.35', '%'],
    // a part named inside its whole before 占 (not the whole over itself)
    ['太原', '政府采购里货物占采购金额的比重', '26.07', '%'],
    // 车 is the 公务用车 kind of the three
    ['九三学社', '三公里车的钱占多少比例', '92.81', '%'],
    // an amount the asker states of the whole before asking inside it
    ['财政局', '领导问一下：24年政府采购251.25万里头，服务类占了百分之几？', '98.10', '%'],
    // A减B, after 里 (the comma after 里 read as part of the question)
    ['阳谷', '政府采购支出情况里，工程减货物是多少', '1.62', '万元'],
    // what buying the car cost
    ['石泉', '2025年新买的那辆公车多少钱？', '25.00', '万元'],
    // a first part that asks nothing names the subject the rest asks of
    ['宜川', '其他城乡社区管理事务支出，决算减年初预算等于多少', '106.13', '万元'],
  ] as const)('%s: %s = %s %s', (report, q, value, unit) => {
    expect(ask(report, q)).toMatchObject({ kind: 'figure', value, unit });
  });

  it('年末结转结余 against 年初 is against the 年初 balance (年底的结转结余比年初缩水了多少)', () => {
    expect(ask('规资局', '年底的结转结余比年初缩水了多少')).toMatchObject({ kind: 'figure', value: '12.88' });
    expect(ask('档案局', '年末结转和结余比年初多了多少')).toMatchObject({ kind: 'figure', value: '102.70' });
  });

  it('A比B高出百分之几: the difference as a share of the second', () => {
    expect(ask('财政局', '行政运行比一般行政管理事务高出百分之几')).toMatchObject({ kind: 'figure', unit: '%' });
    expect(String(ask('财政局', '行政运行比一般行政管理事务高出百分之几').text)).toContain('÷ 一般行政管理事务');
  });

  it('A跟B，哪个花得多: the two compared', () => {
    expect(String(ask('财政局', '信息化建设跟一般行政管理事务，哪个花得多?').text)).toContain(
      '信息化建设比一般行政管理事务多',
    );
  });

  it('三公三块里哪块最少, 三公里大头: its three kinds, 公务用车 whole', () => {
    expect(ask('绩溪', '三公里大头是哪一项')).toMatchObject({ kind: 'figure', value: '47.40' });
    expect(String(ask('财政金融局', '三公三块里哪块最少').text)).toContain('公务接待费');
  });
});

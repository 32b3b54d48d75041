import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { saveReport } from '../../db/store.js';
import { importFile } from '../../src/ingest/import-file.js';
import type { Answer } from '../../src/query/answer.js';
import { Library, answerFromViews, ask } from '../../src/query/ask.js';
import type { ReportView } from '../../src/query/report-view.js';
import { fixed2 } from '../../src/render/format.js';
import { renderText } from '../../src/render/text.js';
import { CZJ, SHGZB, WENLV, YANGGU, parseFixture, realDrafts, reportPath, viewsOf } from './real-views.js';
import { perturbDraft } from './synthetic-draft.js';
import { expectKind } from './expect-answer.js';

let views: ReportView[];
beforeAll(async () => {
  views = viewsOf(await realDrafts());
});
const answer = (unit: string | null, q: string): Answer => answerFromViews(views, q, { unit });

describe('figure: value, unit and basis (unit, year, source, row)', () => {
  it.each([
    [YANGGU, '三公经费', '9.38', '万元', 2020, '公开07表', '合计 · 决算数'],
    [YANGGU, '住房保障支出', '53.16', '万元', 2020, '公开03表', '221 住房保障支出 · 本年支出合计'],
    [YANGGU, '邮电费多少', '105.31', '万元', 2020, '公开06表', '30207 邮电费'],
    [YANGGU, '2020年三公经费预算是多少', '10.50', '万元', 2020, '公开07表', '合计 · 预算数'],
    [YANGGU, '项目支出', '56.49', '万元', 2020, '公开03表', '合计 · 项目支出'],
    [CZJ, '收入支出总计', '2995.39', '万元', 2024, '收入支出决算总表', '总计'],
    [CZJ, '住房保障支出', '445.69', '万元', 2024, '支出决算表', '221 住房保障支出 · 本年支出合计'],
    [WENLV, '人员经费', '8055.07', '万元', 2025, '一般公共预算财政拨款基本支出决算表', '人员经费合计'],
    [WENLV, '旅游发展基金支出', '2.80', '万元', 2025, '支出决算表', '20709 旅游发展基金支出 · 本年支出合计'],
    [SHGZB, '三公经费', '0.00', '万元', 2024, '财政拨款“三公”经费支出决算表', '三公经费'],
  ])('%s %s = %s %s', (unit, q, value, figUnit, year, source, row) => {
    const a = expectKind(answer(unit, q), 'figure');
    expect(fixed2(a.value)).toBe(value);
    expect(a.unit).toBe(figUnit);
    expect(a.basis[0]).toMatchObject({ unit, year, source, row });
  });

  it.each([
    [YANGGU, '公务用车保有量', '5', '辆'],
    [YANGGU, '机关运行经费', '312.35', '万元'],
    [SHGZB, '机关运行经费', '10.23', '万元'],
    [CZJ, '政府采购金额', '251.25', '万元'],
  ])('prose figure %s %s: the basis quotes the sentence', (unit, q, value, figUnit) => {
    const a = expectKind(answer(unit, q), 'figure');
    expect(figUnit === '辆' ? a.value.toFixed(0) : fixed2(a.value)).toBe(value);
    expect(a.unit).toBe(figUnit);
    expect(a.basis[0].unit).toBe(unit);
    expect(a.basis[0].source).toMatch(/^情况说明：“/);
  });

  it('every figure answer carries a basis with unit, year and source', () => {
    const qs = [
      '三公经费执行率',
      '住房保障支出执行率',
      '一般公共服务支出占比',
      '基本支出占比',
      '收支总计同比',
      '财政拨款收入同比',
      '公务接待费执行率',
      '人员经费',
      '年初结转和结余',
    ];
    for (const q of qs) {
      const a = expectKind(answer(YANGGU, q), 'figure');
      expect(a.basis.length, q).toBeGreaterThan(0);
      for (const b of a.basis) expect(b.unit && b.year && b.source, q).toBeTruthy();
    }
  });
});

describe('rates, shares and their notes', () => {
  it('执行率 on a 全年预算 basis says so (社会工作部 2024 行政运行)', () => {
    const a = expectKind(answer(SHGZB, '行政运行执行率'), 'figure');
    expect(fixed2(a.value)).toBe('98.69');
    expect(a.unit).toBe('%');
    expect(a.formula).toContain('全年预算 52.00');
    expect(a.notes.join('\n')).toContain('以全年预算为基数');
    expect(a.basis.map((b) => b.source).join('\n')).toContain('全年预算为 52.00 万元');
    expect(a.table?.rows[0]).toEqual(['全年预算', '52.00']);
  });

  it('执行率 without a 预算数 says so, and shows the 决算数 the report does print, with where', () => {
    const a = expectKind(answer(CZJ, '公用经费预算和决算'), 'no_data');
    const text = renderText(a);
    expect(text).toContain('报告中没有公用经费的预算数，无法计算执行率');
    expect(text).toMatch(/其决算数为 [\d,]+\.\d{2} 万元（.+ · 公用经费/);
  });

  it('执行率 with a 年初预算 says nothing about 全年预算', () => {
    const a = expectKind(answer(YANGGU, '三公经费执行率'), 'figure');
    expect(fixed2(a.value)).toBe('89.33');
    expect(a.notes.join('\n')).not.toContain('全年预算');
  });

  it.each([
    [WENLV, '公务用车购置及运行维护费执行率', '28.14', '报告文字为 28.15%'],
    [YANGGU, '一般公共服务支出占比', '86.00', '报告文字为 86.01%'],
  ])('%s %s = %s%%, noting %s', (unit, q, value, note) => {
    const a = expectKind(answer(unit, q), 'figure');
    expect(fixed2(a.value)).toBe(value);
    expect(a.notes).toContain(note);
    expect(renderText(a)).toContain(`注：${note}`);
  });

  it('a printed rate that agrees at its precision adds no note (阳谷 三公经费执行率 89.33%)', () => {
    expect(expectKind(answer(YANGGU, '三公经费执行率'), 'figure').notes.some((n) => n.startsWith('报告文字为'))).toBe(
      false,
    );
  });

  it.each([
    [YANGGU, '因公出国（境）费执行率'],
    [YANGGU, '一般行政管理事务执行率'],
    [SHGZB, '三公经费执行率'],
  ])('zero budget → no_data, no number: %s %s', (unit, q) => {
    const a = expectKind(answer(unit, q), 'no_data');
    expect(a.message).toMatch(/为0/);
    expect(a.message).toContain('执行率无定义');
    expect(JSON.stringify(a)).not.toContain('"value"');
  });
});

describe('同比', () => {
  it('住房保障支出同比 with only 2020 → no_data listing the years present and naming 2019', () => {
    const a = expectKind(answer(YANGGU, '住房保障支出同比'), 'no_data');
    expect(a.message).toContain('2019年度');
    expect(a.available).toEqual(['2020年度']);
    expect(renderText(a)).toContain('已有：2020年度');
  });

  it('收支总计同比 from the prose when there is no prior report (阳谷: 比2019年减少1835.88)', () => {
    const a = expectKind(answer(YANGGU, '收支总计同比'), 'figure');
    expect(fixed2(a.value)).toBe('-53.52');
    expect(a.notes.join('\n')).toContain('由情况说明的增减额推算');
  });

  describe('two imported reports of one unit', () => {
    let db: Db;
    let lib: Library;
    let prior: ReturnType<typeof perturbDraft>;
    beforeAll(async () => {
      db = await openDb(':memory:');
      await importFile(db, reportPath('yanggu-zfb-2020-juesuan.txt'));
      // SYNTHETIC prior year: the 2020 report's figures × 0.8, labelled 2019; not a published report
      prior = perturbDraft(await parseFixture('yanggu-zfb-2020-juesuan.txt'), '0.8', { year: 2019 });
      await saveReport(db, {
        draft: prior,
        findings: [],
        sourceFile: 'synthetic/yanggu-2019-perturbed.txt',
        sha256: 'synthetic-yanggu-2019',
      });
      lib = new Library(db);
    });
    afterAll(() => db.close());

    const cell = (d: typeof prior, key: string, name: string) =>
      new Decimal(
        d.tables.find((t) => t.key === key)!.rows.find((r) => r.name === name && r.side === 'income')!.values.amount,
      );

    it('the prior report beats the prose-derived prior, and the basis names its year', async () => {
      const a = expectKind(await ask(lib, '收支总计同比', { unit: YANGGU }), 'figure');
      const cur = new Decimal('1594.36');
      const last = cell(prior, 'income_expense_total', '总计');
      expect(last.toFixed(2)).toBe(cur.mul('0.8').toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
      expect(a.value.eq(cur.minus(last).div(last).mul(100))).toBe(true);
      expect(fixed2(a.value)).toBe('25.00');
      expect(a.basis[0]).toMatchObject({ unit: YANGGU, year: 2020, source: '公开01表', row: '总计' });
      expect(a.basis[1]).toMatchObject({ unit: YANGGU, year: 2019, source: '公开01表', row: '总计' });
      expect(a.notes.join('\n')).not.toContain('由情况说明');
    });

    it('住房保障支出同比 now has its 2019 figure', async () => {
      const a = expectKind(await ask(lib, '住房保障支出同比', { unit: YANGGU }), 'figure');
      expect(fixed2(a.value)).toBe(
        new Decimal('53.16').minus('42.53').div('42.53').mul(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
      );
    });

    it('the year picks the report; 2019 itself has no prior', async () => {
      expect(fixed2(expectKind(await ask(lib, '2019年三公经费', { unit: YANGGU }), 'figure').value)).toBe('7.50');
      expect(expectKind(await ask(lib, '2019年住房保障支出同比', { unit: YANGGU }), 'no_data').message).toContain(
        '2018年度',
      );
    });
  });
});

describe('table, clarify, unknown', () => {
  it('公开05表 lists the rows with their codes and amounts', () => {
    const a = expectKind(answer(YANGGU, '公开05表'), 'table');
    expect(a.table.rows).toContainEqual(['2010301 行政运行', '920.49', '920.49', '']);
    expect(a.table.rows).toContainEqual(['2210201 住房公积金', '53.16', '53.16', '']);
    expect(a.basis[0]).toMatchObject({ unit: YANGGU, year: 2020, source: '公开05表' });
  });

  it('支出结构 gives 类 rows with shares that add up', () => {
    const a = expectKind(answer(YANGGU, '支出结构'), 'table');
    expect(a.table.rows[0]).toEqual(['201', '一般公共服务支出', '1133.55', '86.00%']);
    expect(a.table.rows.at(-1)).toEqual(['', '合计', '1318.04', '100.00%']);
  });

  it('绩效自评 lists the projects', () => {
    const text = renderText(expectKind(answer(YANGGU, '绩效自评'), 'table'));
    for (const s of ['信息化办公系统建设', '95', '联通', '96']) expect(text).toContain(s);
  });

  it.each([
    [
      '住房公积金',
      [
        ['2210201', '53.16'],
        ['30113', '63.74'],
      ],
    ],
    [
      '养老保险缴费',
      [
        ['2080505', '100.64'],
        ['30108', '104.46'],
      ],
    ],
  ])('%s → clarify offering both subjects with their figures', (q, expected) => {
    const a = expectKind(answer(YANGGU, q), 'clarify');
    expect(a.candidates.map((c) => [c.code, c.value])).toEqual(expected);
    const text = renderText(a);
    for (const [code, value] of expected) {
      expect(text).toContain(code);
      expect(text).toContain(value);
    }
  });

  it('no unit and several units loaded → clarify offering the units', () => {
    const a = expectKind(answer(null, '三公经费执行率'), 'clarify');
    expect(a.candidates.map((c) => c.label)).toContain(YANGGU);
    expect(a.candidates.every((c) => c.question.endsWith('三公经费执行率'))).toBe(true);
  });

  it.each(['今天天气怎么样', '帮助', ''])('%j → unknown with examples and no figure', (q) => {
    const a = expectKind(answer(YANGGU, q), 'unknown');
    expect(a.examples.length).toBeGreaterThan(0);
  });

  it.each(['2019年三公经费', '2021年度住房保障支出'])('%s → no_data listing the years present', (q) => {
    const a = expectKind(answer(YANGGU, q), 'no_data');
    expect(a.available).toEqual(['2020年度']);
  });
});

// a saving or an overspend is a positive amount; which one it is, is said in words
describe('决算 against 预算 as an amount', () => {
  it.each([
    [YANGGU, '机关运行经费比预算少多少', '81.99', '决算比年初预算少 81.99 万元'],
    [YANGGU, '三公经费比年初预算节约了多少', '1.12', '决算比年初预算少 1.12 万元'],
    [CZJ, '一般公共预算财政拨款支出超预算了吗', '53.87', '决算比年初预算少 53.87 万元'],
    [YANGGU, '行政运行超支了多少', '76.43', '决算比年初预算多 76.43 万元'],
  ])('%s %s = %s', (unit, q, value, said) => {
    const a = expectKind(answer(unit, q), 'figure');
    expect(fixed2(a.value)).toBe(value);
    expect(a.unit).toBe('万元');
    expect(a.notes).toContain(said);
  });
});

describe('share of a whole the question names (A占B的比重)', () => {
  it.each([
    [YANGGU, '人员经费占基本支出的比重', '75.24', '人员经费 949.20 ÷ 基本支出 1,261.55 万元', false],
    // the named whole is the report's own: the printed 86.01% is still compared
    [
      YANGGU,
      '一般公共服务支出占一般公共预算财政拨款支出的比重',
      '86.00',
      '一般公共服务支出 1,133.55 ÷ 一般公共预算财政拨款支出 1,318.04 万元',
      true,
    ],
  ])('%s %s = %s%%', (unit, q, value, formula, printedNote) => {
    const a = expectKind(answer(unit, q), 'figure');
    expect(fixed2(a.value)).toBe(value);
    expect(a.formula).toBe(formula);
    expect(a.notes.some((n) => n.includes('报告文字为'))).toBe(printedNote);
  });

  it('完成了预算的多少 is 执行率', () => {
    const a = expectKind(answer(YANGGU, '三公经费完成了预算的多少'), 'figure');
    expect(fixed2(a.value)).toBe('89.33');
    expect(a.unit).toBe('%');
  });
});

describe('income items and expense columns of the summary tables', () => {
  it.each([
    [CZJ, '其他收入', '6.20', '收入支出决算总表', '其他收入'],
    [WENLV, '政府性基金预算财政拨款收入', '2002.80', '收入支出决算总表', '政府性基金预算财政拨款收入'],
    [YANGGU, '经营支出', '0.00', '公开03表', '合计 · 经营支出'],
  ])('%s %s = %s', (unit, q, value, source, row) => {
    const a = expectKind(answer(unit, q), 'figure');
    expect(fixed2(a.value)).toBe(value);
    expect(a.basis[0]).toMatchObject({ source, row });
  });
});

describe('a 「其中」 column as a figure (西南大学 2023, held out)', () => {
  it.each(['基建支出多少', '基本建设资金支出', '基建资金'])('%s is 表4 合计 其中：基本建设资金支出', async (q) => {
    const swu = viewsOf(await realDrafts(['../more/chongqing-swu-2023-juesuan.layout.txt']));
    const a = expectKind(answerFromViews(swu, q, { unit: '西南大学' }), 'figure');
    expect(fixed2(a.value)).toBe('6894.90');
    expect(a.basis[0]).toMatchObject({ source: '表4', row: '合计 · 其中：基本建设资金支出' });
    // a report without the column says so, with no figure
    expect(answer(CZJ, q).kind).toBe('no_data');
  });
});

describe('an everyday word for a row only some reports print (西南大学 2023 其中：捐赠收入, held out)', () => {
  it.each(['收到的捐款有多少', '捐款收了多少', '接受捐赠多少'])('%s is 捐赠收入 44.20', async (q) => {
    const swu = viewsOf(await realDrafts(['../more/chongqing-swu-2023-juesuan.layout.txt']));
    const a = expectKind(answerFromViews(swu, q, { unit: '西南大学' }), 'figure');
    expect([fixed2(a.value), a.basis[0].row]).toEqual(['44.20', '其中：捐赠收入']);
  });

  it('捐款 that may be money given is asked back, never answered with the income', async () => {
    const swu = viewsOf(await realDrafts(['../more/chongqing-swu-2023-juesuan.layout.txt']));
    expect(answerFromViews(swu, '捐款支出多少', { unit: '西南大学' }).kind).toBe('clarify');
  });
});

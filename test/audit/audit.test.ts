import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditReport, formatFinding, judge, roundingBand, summarizeFindings } from '../../src/audit/index.js';
import { extractLines } from '../../src/ingest/extract.js';
import { parseReport } from '../../src/ingest/parse-report.js';
import { findingSchema, type Finding, type ReportDraft } from '../../src/ingest/types.js';
import { fact, rowOf, setCell, setFact, syntheticReport } from './synthetic-draft.js';

type Mutate = (d: ReportDraft) => void;
type Case = [label: string, mutate: Mutate, rule: string, severity: 'finding' | 'rounding' | null];

const run = (mutate: Mutate): Finding[] => {
  const d = syntheticReport();
  mutate(d);
  return auditReport(d);
};
const ok: Mutate = () => {};
const severityOf = (findings: Finding[], rule: string) => {
  const hits = findings.filter((f) => f.rule === rule);
  if (hits.length === 0) return null;
  return hits.some((f) => f.severity === 'finding') ? 'finding' : 'rounding';
};

describe('synthetic report (invented figures)', () => {
  it('audits clean when every figure ties', () => {
    expect(auditReport(syntheticReport())).toEqual([]);
  });

  it('every finding matches the Finding schema', () => {
    const fs = run((d) => {
      setCell(d, 'expense', '合计', 'total', '116.00');
      setFact(d, '财政拨款收支总计', 'final', '0.3');
      setFact(d, '三公经费', 'rate', '84.33');
    });
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) expect(() => findingSchema.parse(f)).not.toThrow();
  });
});

describe('rule 1: coded tables (synthetic)', () => {
  it.each<Case>([
    ['03 row total = Σ parts: passes', ok, 'within.row-total', null],
    [
      '03 row total 81 vs 50 + 30',
      (d) => setCell(d, 'expense', '201', 'total', '81.00'),
      'within.row-total',
      'finding',
    ],
    [
      '03 row total off by 0.01 over 2 parts',
      (d) => setCell(d, 'expense', '201', 'basic', '50.01'),
      'within.row-total',
      'rounding',
    ],
    ['03 合计 = Σ 类: passes', ok, 'within.parent-children', null],
    [
      '03 合计 116 vs Σ 类 115',
      (d) => setCell(d, 'expense', '合计', 'total', '116.00'),
      'within.parent-children',
      'finding',
    ],
    [
      '05 款 = Σ 项 broken',
      (d) => {
        setCell(d, 'general_budget_expense', '2010101', 'total', '49.00');
        setCell(d, 'general_budget_expense', '2010101', 'basic', '49.00');
      },
      'within.parent-children',
      'finding',
    ],
    [
      '02 合计 row with no amounts',
      (d) => {
        rowOf(d, 'income', '合计').values = {};
      },
      'within.blank-parent',
      'finding',
    ],
    ['08 total = basic + project (carry columns excluded): passes', ok, 'within.row-total', null],
    [
      '08 total 11 vs basic + project 10',
      (d) => setCell(d, 'gov_fund', '212', 'total', '11.00'),
      'within.row-total',
      'finding',
    ],
  ])('%s', (_label, mutate, rule, severity) => {
    expect(severityOf(run(mutate), rule)).toBe(severity);
  });
});

describe('rules 2–3: summary tables 01 and 04 (synthetic)', () => {
  it.each<Case>([
    ['01 本年收入合计 = Σ items: passes', ok, 'summary01.income-items', null],
    [
      '01 其他收入 6 breaks 本年收入合计',
      (d) => setCell(d, 'income_expense_total', '其他收入', 'amount', '6.00'),
      'summary01.income-items',
      'finding',
    ],
    ['01 本年支出合计 = Σ 类: passes', ok, 'summary01.expense-classes', null],
    [
      '01 208 off by 0.01 over 3 classes',
      (d) => setCell(d, 'income_expense_total', '208', 'amount', '24.99'),
      'summary01.expense-classes',
      'rounding',
    ],
    ['01 income balance: passes', ok, 'summary01.income-balance', null],
    [
      '01 年初结转和结余 off by 0.01',
      (d) => setCell(d, 'income_expense_total', '年初结转和结余', 'amount', '20.01'),
      'summary01.income-balance',
      'rounding',
    ],
    [
      '01 年初结转和结余 off by 1',
      (d) => setCell(d, 'income_expense_total', '年初结转和结余', 'amount', '21.00'),
      'summary01.income-balance',
      'finding',
    ],
    ['01 expense balance: passes', ok, 'summary01.expense-balance', null],
    [
      '01 年末结转和结余 22',
      (d) => setCell(d, 'income_expense_total', '年末结转和结余', 'amount', '22.00'),
      'summary01.expense-balance',
      'finding',
    ],
    ['01 收入总计 = 支出总计: passes', ok, 'summary01.totals-equal', null],
    [
      '01 支出总计 136',
      (d) => setCell(d, 'income_expense_total', '总计', 'amount', '136.00', 'expense'),
      'summary01.totals-equal',
      'finding',
    ],
    ['04 本年收入合计 = Σ items: passes', ok, 'summary04.income-items', null],
    [
      '04 一般公共预算财政拨款 99',
      (d) => setCell(d, 'fiscal_total', '一般公共预算财政拨款', 'amount', '99.00'),
      'summary04.income-items',
      'finding',
    ],
    ['04 年初结转 = Σ by source: passes', ok, 'summary04.carry-in-items', null],
    [
      '04 年初结转 breakdown 14',
      (d) => setCell(d, 'fiscal_total', '年初财政拨款结转和结余-一般公共预算财政拨款', 'amount', '14.00'),
      'summary04.carry-in-items',
      'finding',
    ],
    ['04 income balance: passes', ok, 'summary04.income-balance', null],
    [
      '04 收入总计 126',
      (d) => setCell(d, 'fiscal_total', '总计', 'amount', '126.00', 'income'),
      'summary04.income-balance',
      'finding',
    ],
    ['04 本年支出合计 = Σ 类 per column: passes', ok, 'summary04.expense-classes', null],
    [
      '04 201 general 79 (and total 79)',
      (d) => {
        setCell(d, 'fiscal_total', '201', 'general', '79.00');
        setCell(d, 'fiscal_total', '201', 'total', '79.00');
      },
      'summary04.expense-classes',
      'finding',
    ],
    ['04 expense balance: passes', ok, 'summary04.expense-balance', null],
    [
      '04 年末结转 general 11 (and total 11)',
      (d) => {
        setCell(d, 'fiscal_total', '年末财政拨款结转和结余', 'general', '11.00');
        setCell(d, 'fiscal_total', '年末财政拨款结转和结余', 'total', '11.00');
      },
      'summary04.expense-balance',
      'finding',
    ],
    ['04 row total = general + gov_fund + state_capital: passes', ok, 'summary04.row-total', null],
    [
      '04 212 total 11 vs gov_fund 10',
      (d) => setCell(d, 'fiscal_total', '212', 'total', '11.00'),
      'summary04.row-total',
      'finding',
    ],
    ['04 收支总计 equal: passes', ok, 'summary04.totals-equal', null],
    [
      '04 支出总计 126 (total column)',
      (d) => setCell(d, 'fiscal_total', '总计', 'total', '126.00', 'expense'),
      'summary04.totals-equal',
      'finding',
    ],
  ])('%s', (_label, mutate, rule, severity) => {
    expect(severityOf(run(mutate), rule)).toBe(severity);
  });
});

describe('rules 4–5: 06 基本支出 and 07 三公 (synthetic)', () => {
  it.each<Case>([
    ['06 人员经费合计 = Σ 301, 303: passes', ok, 'basic06.group-total', null],
    [
      '06 人员经费合计 56',
      (d) => setCell(d, 'basic_expense', '人员经费合计', 'amount', '56.00'),
      'basic06.group-total',
      'finding',
    ],
    ['06 类 = Σ 款: passes', ok, 'basic06.class-items', null],
    [
      '06 30101 off by 0.01 over 2 款',
      (d) => setCell(d, 'basic_expense', '30101', 'amount', '29.99'),
      'basic06.class-items',
      'rounding',
    ],
    ['06 30101 25', (d) => setCell(d, 'basic_expense', '30101', 'amount', '25.00'), 'basic06.class-items', 'finding'],
    ['07 合计 = 出国 + 用车 + 接待: passes', ok, 'three07.total', null],
    ['07 合计决算 10.5', (d) => setCell(d, 'three_public', '合计', 'final', '10.50'), 'three07.total', 'finding'],
    ['07 小计 = 购置 + 运行: passes', ok, 'three07.car', null],
    [
      '07 运行维护费决算 6.99 (小计 7.00, one printed part)',
      (d) => setCell(d, 'three_public', '公务用车运行维护费', 'final', '6.99'),
      'three07.car',
      'rounding',
    ],
    [
      '07 运行维护费预算 6',
      (d) => setCell(d, 'three_public', '公务用车运行维护费', 'budget', '6.00'),
      'three07.car',
      'finding',
    ],
  ])('%s', (_label, mutate, rule, severity) => {
    expect(severityOf(run(mutate), rule)).toBe(severity);
  });
});

describe('rule 6: across tables (synthetic)', () => {
  it.each<Case>([
    ['05 合计 = 04 本年支出合计 general: passes', ok, 'across.05-04-total', null],
    [
      '05 合计 106',
      (d) => setCell(d, 'general_budget_expense', '合计', 'total', '106.00'),
      'across.05-04-total',
      'finding',
    ],
    [
      '05 合计 105.01 (single figure, band 0.01)',
      (d) => setCell(d, 'general_budget_expense', '合计', 'total', '105.01'),
      'across.05-04-total',
      'rounding',
    ],
    ['05 类 = 04 类 general: passes', ok, 'across.05-04-class', null],
    [
      '04 208 general 25.50',
      (d) => setCell(d, 'fiscal_total', '208', 'general', '25.50'),
      'across.05-04-class',
      'finding',
    ],
    ['03 合计 = 01 本年支出合计: passes', ok, 'across.03-01-total', null],
    ['03 合计 114', (d) => setCell(d, 'expense', '合计', 'total', '114.00'), 'across.03-01-total', 'finding'],
    ['03 类 = 01 类: passes', ok, 'across.03-01-class', null],
    ['01 201 81', (d) => setCell(d, 'income_expense_total', '201', 'amount', '81.00'), 'across.03-01-class', 'finding'],
    ['02 合计 = 01 本年收入合计: passes', ok, 'across.02-01-total', null],
    ['02 合计 116', (d) => setCell(d, 'income', '合计', 'total', '116.00'), 'across.02-01-total', 'finding'],
    ['06 人员 + 公用 = 05 basic: passes', ok, 'across.06-05-basic', null],
    [
      '06 公用经费合计 15.01 (two printed terms, band 0.015)',
      (d) => setCell(d, 'basic_expense', '公用经费合计', 'amount', '15.01'),
      'across.06-05-basic',
      'rounding',
    ],
    [
      '06 公用经费合计 16',
      (d) => setCell(d, 'basic_expense', '公用经费合计', 'amount', '16.00'),
      'across.06-05-basic',
      'finding',
    ],
    ['08 合计 = 04 gov_fund: passes', ok, 'across.08-04-gov-fund', null],
    ['08 合计 12', (d) => setCell(d, 'gov_fund', '合计', 'total', '12.00'), 'across.08-04-gov-fund', 'finding'],
    ['09 本表无数据 and 04 state_capital blank: passes', ok, 'across.09-04-state-capital', null],
    [
      '09 本表无数据 but 04 state_capital 5',
      (d) => setCell(d, 'fiscal_total', '本年支出合计', 'state_capital', '5.00', 'expense'),
      'across.09-04-state-capital',
      'finding',
    ],
  ])('%s', (_label, mutate, rule, severity) => {
    expect(severityOf(run(mutate), rule)).toBe(severity);
  });
});

/** A second, prose-only structure sentence with yanggu-sized figures: 1133.55 / 1318.04 = 86.0027% printed 86.01%. */
function addClassShares(d: ReportDraft, housingShare: string) {
  const s = `一般公共预算财政拨款支出1318.04万元，主要用于：一般公共服务（类）支出1133.55万元，占86.01%；社会保障和就业（类）支出110.37万元，占8.37%；卫生健康（类）支出20.95万元，占1.59%；住房保障（类）支出53.16万元，占${housingShare}%。`;
  d.facts = d.facts.filter((f) => !(f.measure === 'share' && f.subject.startsWith('类:')));
  d.facts.push(fact('一般公共预算财政拨款支出', 'final', '1318.04', s));
  for (const [subject, value, share] of [
    ['一般公共服务支出', '1133.55', '86.01'],
    ['社会保障和就业支出', '110.37', '8.37'],
    ['卫生健康支出', '20.95', '1.59'],
    ['住房保障支出', '53.16', housingShare],
  ]) {
    d.facts.push(fact(`类:${subject}`, 'final', value, s), fact(`类:${subject}`, 'share', share, s));
  }
}

describe('rule 7: prose vs tables (synthetic)', () => {
  it.each<Case>([
    ['prose figures all tie: passes', ok, 'prose.figure', null],
    [
      '财政拨款收支总计 0.3 vs 04 总计 125',
      (d) => setFact(d, '财政拨款收支总计', 'final', '0.3'),
      'prose.figure',
      'finding',
    ],
    ['本年收入合计 printed 115 (= 115.00)', (d) => setFact(d, '本年收入合计', 'final', '115'), 'prose.figure', null],
    [
      '公用经费 15.0 against a table 15.04: prose rounds',
      (d) => {
        setCell(d, 'basic_expense', '公用经费合计', 'amount', '15.04');
        setCell(d, 'basic_expense', '302', 'amount', '15.04');
        setCell(d, 'basic_expense', '30201', 'amount', '10.04');
        setFact(d, '公用经费', 'final', '15.0');
      },
      'prose.figure',
      'rounding',
    ],
    ['人员经费 56 vs 06 55', (d) => setFact(d, '人员经费', 'final', '56.00'), 'prose.figure', 'finding'],
    [
      '类 final vs 05 类 row by name',
      (d) => setFact(d, '类:社会保障和就业支出', 'final', '26.00'),
      'prose.figure',
      'finding',
    ],
    ['三公 年初预算 vs 07 预算数', (d) => setFact(d, '三公经费', 'budget_initial', '13.00'), 'prose.figure', 'finding'],
    ['rates tie: passes', ok, 'prose.rate', null],
    ['三公 rate 84.33 vs 10/12 = 83.33', (d) => setFact(d, '三公经费', 'rate', '84.33'), 'prose.rate', 'finding'],
    [
      '三公 rate 83.34 vs 83.33: within what ±0.005 on 10.00 and 12.00 allows',
      (d) => setFact(d, '三公经费', 'rate', '83.34'),
      'prose.rate',
      'rounding',
    ],
    [
      'rate matches only the prose’s rounded budget (12.0 vs table 12.04)',
      (d) => {
        setCell(d, 'three_public', '合计', 'budget', '12.04');
        setCell(d, 'three_public', '公务接待费', 'budget', '4.04');
        setFact(d, '三公经费', 'budget_initial', '12.0');
        setFact(d, '公务接待费', 'budget_initial', '4.04');
        setFact(d, '公务接待费', 'rate', '74.26');
      },
      'prose.rate',
      'rounding',
    ],
    [
      'rate explained by ±0.005 on the printed inputs (2.64 / 9.38 → 28.145 printed 28.15)',
      (d) => {
        const s = '公务用车购置及运行维护费年初预算为9.38万元，支出决算为2.64万元，完成预算的28.15%。';
        d.facts.push(
          fact('公务用车购置及运行维护费', 'budget_initial', '9.38', s),
          fact('公务用车购置及运行维护费', 'final', '2.64', s),
          fact('公务用车购置及运行维护费', 'rate', '28.15', s),
        );
        d.tables.find((t) => t.key === 'three_public')!.rows = [];
        d.tables.find((t) => t.key === 'three_public')!.empty = true;
        d.facts = d.facts.filter((f) => !['三公经费', '公务接待费'].includes(f.subject));
      },
      'prose.rate',
      'rounding',
    ],
    [
      '完成年初预算 while 年初预算 is 0 (rate is against 全年预算)',
      (d) => {
        const s =
          '一般公共预算财政拨款支出年初预算为0万元，全年预算为110.00万元，支出决算为105.00万元，完成年初预算的95.45%。';
        d.facts.push(
          fact('一般公共预算财政拨款支出', 'budget_initial', '0', s),
          fact('一般公共预算财政拨款支出', 'budget_full', '110.00', s),
          fact('一般公共预算财政拨款支出', 'final', '105.00', s),
          fact('一般公共预算财政拨款支出', 'rate', '95.45', s, '%', '年初'),
        );
      },
      'prose.rate-basis',
      'finding',
    ],
    ['shares tie: passes', ok, 'prose.share', null],
    [
      '基本支出 share 60.90 (group sums to 100.03)',
      (d) => setFact(d, '基本支出', 'share', '60.90'),
      'prose.share',
      'finding',
    ],
    [
      '类 shares 76.20 + 23.80: within what ±0.005 on the small inputs allows',
      (d) => {
        setFact(d, '类:一般公共服务支出', 'share', '76.20');
        setFact(d, '类:社会保障和就业支出', 'share', '23.80');
      },
      'prose.share',
      'rounding',
    ],
    [
      '类 share 86.01 vs 86.00 where the group sums to exactly 100: 尾数调整',
      (d) => addClassShares(d, '4.03'),
      'prose.share',
      'rounding',
    ],
    [
      '类 share 86.01 vs 86.00 where the group sums to 100.01',
      (d) => addClassShares(d, '4.04'),
      'prose.share',
      'finding',
    ],
    [
      'share whose sentence does not state the part is not checked',
      (d) => {
        d.facts.push(fact('项目支出', 'share', '100', '涵盖项目3个，占单位预算项目支出总额的100%。'));
      },
      'prose.share',
      null,
    ],
  ])('%s', (_label, mutate, rule, severity) => {
    expect(severityOf(run(mutate), rule)).toBe(severity);
  });
});

describe('rounding band (n+1)×0.005 (synthetic)', () => {
  it.each([
    [1, '0.01'],
    [2, '0.015'],
    [3, '0.02'],
    [4, '0.025'],
    [12, '0.065'],
  ])('n = %i → ±%s 万元', (n, band) => {
    expect(roundingBand(n).eq(band)).toBe(true);
  });

  it.each([
    ['0', 3, 'equal'],
    ['0.02', 3, 'rounding'],
    ['0.021', 3, 'finding'],
    ['0.03', 3, 'finding'],
    ['0.015', 2, 'rounding'],
    ['0.016', 2, 'finding'],
    ['0.01', 1, 'rounding'],
    ['0.011', 1, 'finding'],
  ] as const)('difference %s over %i items → %s', (diff, n, verdict) => {
    expect(judge(new Decimal('100'), new Decimal('100').plus(diff), n)).toBe(verdict);
  });

  it.each([
    ['three 类 summing 0.02 off the printed 合计 → rounding', '115.02', 'rounding'],
    ['three 类 summing 0.021 off → finding', '115.021', 'finding'],
    ['three 类 summing 0.03 off → finding', '115.03', 'finding'],
  ])('%s', (_label, total, severity) => {
    const fs = run((d) => setCell(d, 'expense', '合计', 'total', total)).filter(
      (f) => f.rule === 'within.parent-children',
    );
    expect(fs).toHaveLength(1);
    expect(fs[0].severity).toBe(severity);
    expect(fs[0].expected).toBe('115.00');
    expect(fs[0].actual).toBe(total);
  });
});

describe('summarizeFindings and formatFinding (synthetic)', () => {
  it('counts by severity and formats a Chinese one-liner', () => {
    const fs = run((d) => {
      setCell(d, 'income_expense_total', '年初结转和结余', 'amount', '20.01');
      setFact(d, '财政拨款收支总计', 'final', '0.3');
    });
    const s = summarizeFindings(fs);
    expect(s.rounding).toBeGreaterThan(0);
    expect(s.findings).toBeGreaterThan(0);
    expect(s.findings + s.rounding).toBe(fs.length);
    const prose = fs.find((f) => f.rule === 'prose.figure')!;
    const line = formatFinding(prose);
    expect(line).toMatch(/^【不一致】/);
    expect(line).toContain('0.3');
    expect(line).toContain('125.00');
    expect(line).not.toContain('\n');
    expect(formatFinding(fs.find((f) => f.severity === 'rounding')!)).toMatch(/^【尾数误差】/);
  });
});

const REPORTS = '/work/shared/reports';
async function parseSample(name: string): Promise<ReportDraft> {
  const bytes = new Uint8Array(readFileSync(path.join(REPORTS, name)));
  const ex = await extractLines({ fileName: name, bytes });
  return parseReport(ex.lines, { format: ex.format, pageCount: ex.pageCount, fileName: name, partial: true });
}

describe('real report: 阳谷县人民政府办公室 2020 (yanggu txt)', () => {
  let findings: Finding[];
  beforeAll(async () => {
    findings = auditReport(await parseSample('yanggu-zfb-2020-juesuan.txt'));
  });

  it('01 收入合计 1427.90 + 年初结转 166.47 = 1594.37 vs 总计 1594.36 is 尾数误差', () => {
    const f = findings.find((x) => x.rule === 'summary01.income-balance');
    expect(f).toMatchObject({ severity: 'rounding', expected: '1594.37', actual: '1594.36' });
    expect(f!.message).toContain('1427.90');
    expect(f!.message).toContain('166.47');
  });

  it('一般公共服务支出 share 86.01% vs 1133.55/1318.04 = 86.00% is reported as a 尾数调整', () => {
    const f = findings.find((x) => x.rule === 'prose.share' && x.message.includes('一般公共服务支出'));
    expect(f).toMatchObject({ severity: 'rounding', expected: '86.00', actual: '86.01' });
    expect(f!.message).toContain('1133.55');
    expect(f!.message).toContain('1318.04');
    expect(f!.message).toContain('尾数调整');
  });

  it('reports no real discrepancy (the report ties up to rounding)', () => {
    expect(summarizeFindings(findings).findings).toBe(0);
    for (const f of findings) expect(() => findingSchema.parse(f)).not.toThrow();
  });
});

describe('real report: 上海市普陀区财政局 2024 (czj PDF)', () => {
  let findings: Finding[];
  beforeAll(async () => {
    findings = auditReport(await parseSample('putuo-czj-2024-juesuan.pdf'));
  }, 60_000);

  it('prose 财政拨款收入支出总计 0.3万元 vs 04 总计 2961.68 is a finding', () => {
    const f = findings.find((x) => x.rule === 'prose.figure' && x.message.includes('财政拨款收入支出总计'));
    expect(f).toMatchObject({ severity: 'finding', expected: '2961.68', actual: '0.30' });
    expect(f!.message).toContain('0.3万元');
    expect(f!.location).toContain('财政拨款收入支出决算总表');
  });

  it('一般公共服务支出 share 71.73% vs 2106.66/2940.05 = 71.65% is a finding', () => {
    const f = findings.find((x) => x.rule === 'prose.share' && x.message.includes('一般公共服务支出'));
    expect(f).toMatchObject({ severity: 'finding', expected: '71.65', actual: '71.73' });
  });

  it('05 208 326.72 vs 04 208 326.71 is 尾数误差', () => {
    const f = findings.find((x) => x.rule === 'across.05-04-class' && x.message.includes('208'));
    expect(f).toMatchObject({ severity: 'rounding', expected: '326.71', actual: '326.72' });
  });
});

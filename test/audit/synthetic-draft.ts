/**
 * SYNTHETIC report for the audit tests: invented figures, not from any published report. Every sum, every figure
 * printed in two tables and every prose figure, rate and share agrees exactly, so a fresh copy audits clean and each
 * test changes one figure to break one rule.
 */
import type { Fact, ParsedTable, ReportDraft, RowLevel, TableKey, TableRow } from '../../src/ingest/types.js';
import {
  BUDGET_EXPENSE_COLUMNS,
  EXPENSE_COLUMNS,
  FUND_COLUMNS,
  INCOME_COLUMNS,
  specOf,
} from '../../src/ingest/table-specs.js';

type V = Record<string, string>;

const cols = (c: { key: string; title: string }[]) => c.map(({ key, title }) => ({ key, title }));
const FISCAL_COLUMNS = [
  { key: 'amount', title: '决算数' },
  { key: 'total', title: '合计' },
  { key: 'general', title: '一般公共预算财政拨款' },
  { key: 'gov_fund', title: '政府性基金预算财政拨款' },
  { key: 'state_capital', title: '国有资本经营预算财政拨款' },
];

function table(
  key: TableKey,
  columns: { key: string; title: string }[],
  rows: [string | null, string, RowLevel, string | null, V][],
): ParsedTable {
  const economic = key === 'basic_expense';
  const built: TableRow[] = rows.map(([code, name, level, side, values], seq) => ({
    seq,
    code,
    classification: code ? (economic ? 'economic' : 'function') : null,
    name,
    level,
    side,
    values,
    page: 1,
  }));
  return {
    key,
    title: specOf(key).title,
    label: `公开${specOf(key).label}表`,
    page: 1,
    columns,
    empty: built.length === 0,
    rows: built,
    notes: [],
  };
}

const fact = (
  subject: string,
  measure: string,
  value: string,
  sentence: string,
  unit: Fact['unit'] = measure === 'rate' || measure === 'share' ? '%' : '万元',
  detail: string | null = null,
): Fact => ({ subject, measure, value, unit, derived: false, detail, sentence, page: 20 });

export function syntheticReport(): ReportDraft {
  const tables: ParsedTable[] = [
    table(
      'income_expense_total',
      [{ key: 'amount', title: '决算数' }],
      [
        [null, '一般公共预算财政拨款收入', 'item', 'income', { amount: '100.00' }],
        [null, '政府性基金预算财政拨款收入', 'item', 'income', { amount: '10.00' }],
        [null, '国有资本经营预算财政拨款收入', 'item', 'income', {}],
        [null, '其他收入', 'item', 'income', { amount: '5.00' }],
        [null, '本年收入合计', 'total', 'income', { amount: '115.00' }],
        [null, '使用非财政拨款结余', 'item', 'income', {}],
        [null, '年初结转和结余', 'item', 'income', { amount: '20.00' }],
        [null, '总计', 'total', 'income', { amount: '135.00' }],
        ['201', '一般公共服务支出', 'lei', 'expense', { amount: '80.00' }],
        ['208', '社会保障和就业支出', 'lei', 'expense', { amount: '25.00' }],
        ['212', '城乡社区支出', 'lei', 'expense', { amount: '10.00' }],
        [null, '本年支出合计', 'total', 'expense', { amount: '115.00' }],
        [null, '结余分配', 'item', 'expense', {}],
        [null, '年末结转和结余', 'item', 'expense', { amount: '20.00' }],
        [null, '总计', 'total', 'expense', { amount: '135.00' }],
      ],
    ),
    table('income', cols(INCOME_COLUMNS), [
      [null, '合计', 'total', null, { total: '115.00', fiscal: '110.00', other: '5.00' }],
      ['201', '一般公共服务支出', 'lei', null, { total: '85.00', fiscal: '80.00', other: '5.00' }],
      ['20101', '人大事务', 'kuan', null, { total: '85.00', fiscal: '80.00', other: '5.00' }],
      ['2010101', '行政运行', 'xiang', null, { total: '85.00', fiscal: '80.00', other: '5.00' }],
      ['208', '社会保障和就业支出', 'lei', null, { total: '20.00', fiscal: '20.00' }],
      ['20805', '行政事业单位养老支出', 'kuan', null, { total: '20.00', fiscal: '20.00' }],
      ['2080505', '机关事业单位基本养老保险缴费支出', 'xiang', null, { total: '20.00', fiscal: '20.00' }],
      ['212', '城乡社区支出', 'lei', null, { total: '10.00', fiscal: '10.00' }],
      ['21208', '国有土地使用权出让收入安排的支出', 'kuan', null, { total: '10.00', fiscal: '10.00' }],
      ['2120801', '征地和拆迁补偿支出', 'xiang', null, { total: '10.00', fiscal: '10.00' }],
    ]),
    table('expense', cols(EXPENSE_COLUMNS), [
      [null, '合计', 'total', null, { total: '115.00', basic: '70.00', project: '45.00' }],
      ['201', '一般公共服务支出', 'lei', null, { total: '80.00', basic: '50.00', project: '30.00' }],
      ['20101', '人大事务', 'kuan', null, { total: '80.00', basic: '50.00', project: '30.00' }],
      ['2010101', '行政运行', 'xiang', null, { total: '50.00', basic: '50.00' }],
      ['2010102', '一般行政管理事务', 'xiang', null, { total: '30.00', project: '30.00' }],
      ['208', '社会保障和就业支出', 'lei', null, { total: '25.00', basic: '20.00', project: '5.00' }],
      ['20805', '行政事业单位养老支出', 'kuan', null, { total: '25.00', basic: '20.00', project: '5.00' }],
      [
        '2080505',
        '机关事业单位基本养老保险缴费支出',
        'xiang',
        null,
        { total: '25.00', basic: '20.00', project: '5.00' },
      ],
      ['212', '城乡社区支出', 'lei', null, { total: '10.00', project: '10.00' }],
      ['21208', '国有土地使用权出让收入安排的支出', 'kuan', null, { total: '10.00', project: '10.00' }],
      ['2120801', '征地和拆迁补偿支出', 'xiang', null, { total: '10.00', project: '10.00' }],
    ]),
    table('fiscal_total', FISCAL_COLUMNS, [
      [null, '一般公共预算财政拨款', 'item', 'income', { amount: '100.00' }],
      [null, '政府性基金预算财政拨款', 'item', 'income', { amount: '10.00' }],
      [null, '国有资本经营预算财政拨款', 'item', 'income', {}],
      [null, '本年收入合计', 'total', 'income', { amount: '110.00' }],
      [null, '年初财政拨款结转和结余', 'item', 'income', { amount: '15.00' }],
      [null, '年初财政拨款结转和结余-一般公共预算财政拨款', 'item', 'income', { amount: '15.00' }],
      [null, '年初财政拨款结转和结余-政府性基金预算财政拨款', 'item', 'income', {}],
      [null, '总计', 'total', 'income', { amount: '125.00' }],
      ['201', '一般公共服务支出', 'lei', 'expense', { total: '80.00', general: '80.00' }],
      ['208', '社会保障和就业支出', 'lei', 'expense', { total: '25.00', general: '25.00' }],
      ['212', '城乡社区支出', 'lei', 'expense', { total: '10.00', gov_fund: '10.00' }],
      [null, '本年支出合计', 'total', 'expense', { total: '115.00', general: '105.00', gov_fund: '10.00' }],
      [null, '年末财政拨款结转和结余', 'item', 'expense', { total: '10.00', general: '10.00' }],
      [null, '总计', 'total', 'expense', { total: '125.00', general: '115.00', gov_fund: '10.00' }],
    ]),
    table('general_budget_expense', cols(BUDGET_EXPENSE_COLUMNS), [
      [null, '合计', 'total', null, { total: '105.00', basic: '70.00', project: '35.00' }],
      ['201', '一般公共服务支出', 'lei', null, { total: '80.00', basic: '50.00', project: '30.00' }],
      ['20101', '人大事务', 'kuan', null, { total: '80.00', basic: '50.00', project: '30.00' }],
      ['2010101', '行政运行', 'xiang', null, { total: '50.00', basic: '50.00' }],
      ['2010102', '一般行政管理事务', 'xiang', null, { total: '30.00', project: '30.00' }],
      ['208', '社会保障和就业支出', 'lei', null, { total: '25.00', basic: '20.00', project: '5.00' }],
      ['20805', '行政事业单位养老支出', 'kuan', null, { total: '25.00', basic: '20.00', project: '5.00' }],
      [
        '2080505',
        '机关事业单位基本养老保险缴费支出',
        'xiang',
        null,
        { total: '25.00', basic: '20.00', project: '5.00' },
      ],
    ]),
    table(
      'basic_expense',
      [{ key: 'amount', title: '决算数' }],
      [
        ['301', '工资福利支出', 'lei', 'personnel', { amount: '50.00' }],
        ['30101', '基本工资', 'kuan', 'personnel', { amount: '30.00' }],
        ['30102', '津贴补贴', 'kuan', 'personnel', { amount: '20.00' }],
        ['303', '对个人和家庭的补助', 'lei', 'personnel', { amount: '5.00' }],
        ['30302', '退休费', 'kuan', 'personnel', { amount: '5.00' }],
        ['302', '商品和服务支出', 'lei', 'public', { amount: '15.00' }],
        ['30201', '办公费', 'kuan', 'public', { amount: '10.00' }],
        ['30231', '公务用车运行维护费', 'kuan', 'public', { amount: '5.00' }],
        [null, '人员经费合计', 'total', 'personnel', { amount: '55.00' }],
        [null, '公用经费合计', 'total', 'public', { amount: '15.00' }],
      ],
    ),
    table(
      'three_public',
      [
        { key: 'budget', title: '预算数' },
        { key: 'final', title: '决算数' },
      ],
      [
        [null, '合计', 'total', 'total', { budget: '12.00', final: '10.00' }],
        [null, '因公出国（境）费', 'item', 'abroad', {}],
        [null, '公务用车购置及运行维护费', 'item', 'car', { budget: '8.00', final: '7.00' }],
        [null, '公务用车购置费', 'item', 'car_purchase', {}],
        [null, '公务用车运行维护费', 'item', 'car_running', { budget: '8.00', final: '7.00' }],
        [null, '公务接待费', 'item', 'reception', { budget: '4.00', final: '3.00' }],
      ],
    ),
    table('gov_fund', cols(FUND_COLUMNS), [
      [null, '合计', 'total', null, { income: '10.00', total: '10.00', project: '10.00' }],
      ['212', '城乡社区支出', 'lei', null, { income: '10.00', total: '10.00', project: '10.00' }],
      [
        '21208',
        '国有土地使用权出让收入安排的支出',
        'kuan',
        null,
        { income: '10.00', total: '10.00', project: '10.00' },
      ],
      ['2120801', '征地和拆迁补偿支出', 'xiang', null, { income: '10.00', total: '10.00', project: '10.00' }],
    ]),
    table('state_capital', cols(BUDGET_EXPENSE_COLUMNS), []),
  ];
  const s1 = '2099年度收入支出总计135.00万元。';
  const s2 = '本年收入合计115.00万元。';
  const s3 = '本年支出合计115.00万元，其中：基本支出70.00万元，占60.87%；项目支出45.00万元，占39.13%。';
  const s4 = '财政拨款收入支出总计125.00万元。';
  const s5 =
    '一般公共预算财政拨款支出105.00万元，主要用于：一般公共服务支出（类）80.00万元，占76.19%；社会保障和就业支出（类）25.00万元，占23.81%。';
  const s6 = '人员经费55.00万元；公用经费15.00万元。';
  const s7 =
    '“三公”经费年初预算为12.00万元，支出决算为10.00万元，完成预算的83.33%，其中：公务接待费年初预算为4.00万元，支出决算为3.00万元，完成预算的75%。';
  const facts: Fact[] = [
    fact('收支总计', 'final', '135.00', s1),
    fact('本年收入合计', 'final', '115.00', s2),
    fact('本年支出合计', 'final', '115.00', s3),
    fact('基本支出', 'final', '70.00', s3),
    fact('基本支出', 'share', '60.87', s3),
    fact('项目支出', 'final', '45.00', s3),
    fact('项目支出', 'share', '39.13', s3),
    fact('财政拨款收支总计', 'final', '125.00', s4),
    fact('一般公共预算财政拨款支出', 'final', '105.00', s5),
    fact('类:一般公共服务支出', 'final', '80.00', s5),
    fact('类:一般公共服务支出', 'share', '76.19', s5),
    fact('类:社会保障和就业支出', 'final', '25.00', s5),
    fact('类:社会保障和就业支出', 'share', '23.81', s5),
    fact('人员经费', 'final', '55.00', s6),
    fact('公用经费', 'final', '15.00', s6),
    fact('三公经费', 'budget_initial', '12.00', s7),
    fact('三公经费', 'final', '10.00', s7),
    fact('三公经费', 'rate', '83.33', s7),
    fact('公务接待费', 'budget_initial', '4.00', s7),
    fact('公务接待费', 'final', '3.00', s7),
    fact('公务接待费', 'rate', '75', s7),
  ];
  return {
    unitName: '合成测试单位',
    unitAliases: [],
    region: null,
    year: 2099,
    scope: '部门',
    kind: '决算',
    tables,
    missingTables: [],
    facts,
    pageCount: 30,
  };
}

/** The row of a synthetic table by code or name (and side for the two-sided tables). */
export function rowOf(d: ReportDraft, key: TableKey, codeOrName: string, side?: string): TableRow {
  const t = d.tables.find((x) => x.key === key)!;
  const r = t.rows.find(
    (x) => (x.code === codeOrName || (!x.code && x.name === codeOrName)) && (side === undefined || x.side === side),
  );
  if (!r) throw new Error(`synthetic row not found: ${key} ${codeOrName} ${side ?? ''}`);
  return r;
}

/** Sets (or blanks, with undefined) one cell. */
export function setCell(
  d: ReportDraft,
  key: TableKey,
  codeOrName: string,
  col: string,
  value: string | undefined,
  side?: string,
): void {
  const r = rowOf(d, key, codeOrName, side);
  if (value === undefined) delete r.values[col];
  else r.values[col] = value;
}

/** Sets one prose fact's value. */
export function setFact(d: ReportDraft, subject: string, measure: string, value: string): void {
  const f = d.facts.find((x) => x.subject === subject && x.measure === measure);
  if (!f) throw new Error(`synthetic fact not found: ${subject} ${measure}`);
  f.value = value;
}

export { fact };

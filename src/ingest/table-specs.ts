import type { ColumnSpec, SumRule } from './columns.js';
import type { TableKey } from './types.js';

export interface TableSpec {
  key: TableKey;
  title: string;
  /** matches the compacted title line (no spaces or quotes) */
  titlePattern: RegExp;
  label: string;
}

export const TABLE_SPECS: TableSpec[] = [
  {
    key: 'income_expense_total',
    title: '收入支出决算总表',
    titlePattern: /^(?!.*财政拨款)收入支出决算总表$/,
    label: '01',
  },
  { key: 'income', title: '收入决算表', titlePattern: /^收入决算表$/, label: '02' },
  { key: 'expense', title: '支出决算表', titlePattern: /^支出决算表$/, label: '03' },
  { key: 'fiscal_total', title: '财政拨款收入支出决算总表', titlePattern: /^财政拨款收入支出决算总表$/, label: '04' },
  {
    key: 'general_budget_expense',
    title: '一般公共预算财政拨款支出决算表',
    titlePattern: /^一般公共预算财政拨款支出决算表$/,
    label: '05',
  },
  {
    key: 'basic_expense',
    title: '一般公共预算财政拨款基本支出决算表',
    titlePattern: /^一般公共预算财政拨款基本支出决算表$/,
    label: '06',
  },
  {
    key: 'three_public',
    title: '财政拨款“三公”经费支出决算表',
    titlePattern: /^(一般公共预算)?财政拨款三公经费支出决算表$/,
    label: '07',
  },
  {
    key: 'gov_fund',
    title: '政府性基金预算财政拨款收入支出决算表',
    titlePattern: /^政府性基金预算财政拨款(收入)?支出决算表$/,
    label: '08',
  },
  {
    key: 'state_capital',
    title: '国有资本经营预算财政拨款支出决算表',
    titlePattern: /^国有资本经营预算财政拨款(收入)?支出决算表$/,
    label: '09',
  },
];

export const specOf = (key: TableKey): TableSpec => TABLE_SPECS.find((s) => s.key === key)!;

/** The label a report prints for its table, else the standard one: 公开05表. */
export const tableLabel = (key: TableKey, printed: string | null | undefined): string =>
  printed ?? `公开${specOf(key).label}表`;

const col = (key: string, title: string, header: RegExp): ColumnSpec => ({ key, title, header });

export const INCOME_COLUMNS = [
  col('total', '本年收入合计', /^本年收入合?/),
  col('fiscal', '财政拨款收入', /^财政拨款收?/),
  col('superior', '上级补助收入', /^上级补助/),
  col('business', '事业收入', /^事业收/),
  col('operating', '经营收入', /^经营收/),
  col('affiliated', '附属单位上缴收入', /^附属单?/),
  col('other', '其他收入', /^其他收/),
];

/** A 「其中：…」 column printed after its parent column (事业收入 其中：教育收费; 项目支出 其中：基本建设资金支出): part of
 *  its parent, never of the row's sum. Only tables whose header prints one get it. */
export const withOfWhich = (columns: ColumnSpec[], after: string, key: string, title: string): ColumnSpec[] => {
  const i = columns.findIndex((c) => c.key === after);
  return [...columns.slice(0, i + 1), col(key, title, /^其中/), ...columns.slice(i + 1)];
};

export const EXPENSE_COLUMNS = [
  col('total', '本年支出合计', /^本年支出合?/),
  col('basic', '基本支出', /^基本支出/),
  col('project', '项目支出', /^项目支/),
  col('remit', '上缴上级支出', /^上缴上级/),
  col('operating', '经营支出', /^经营支/),
  col('subsidy', '对附属单位补助支出', /^对附属/),
];

export const BUDGET_EXPENSE_COLUMNS = [
  col('total', '合计', /^(小计|合计)$/),
  col('basic', '基本支出', /^基本支出/),
  col('project', '项目支出', /^项目支出/),
];

export const FUND_COLUMNS = [
  col('carry_in', '年初结转和结余', /^(年初|上年)结转/),
  col('income', '本年收入', /^本年收入$/),
  col('total', '本年支出小计', /^小计$/),
  col('basic', '基本支出', /^基本支出/),
  col('project', '项目支出', /^项目支出/),
  col('carry_out', '年末结转和结余', /^年末结转/),
];

export const TOTAL_RULE: SumRule = {
  total: 'total',
  parts: ['fiscal', 'superior', 'business', 'operating', 'affiliated', 'other', 'basic', 'project', 'remit', 'subsidy'],
  required: true,
};
export const FUND_RULE: SumRule = { total: 'total', parts: ['basic', 'project'] };

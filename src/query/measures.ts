import { Decimal } from 'decimal.js';
import type { Fact, TableKey, TableRow } from '../ingest/types.js';
import { specOf } from '../ingest/table-specs.js';
import { printedIn } from '../ingest/money-unit.js';
import { type ReportView, codeFacts, factsOf, tableRows } from './report-view.js';
import type { FigureUnit } from './answer.js';
import { COUNT_WORDS } from '../nlu/lexicon.js';

export type Subject =
  | { type: 'agg'; id: string; name: string }
  | { type: 'code'; code: string; classification: 'function' | 'economic'; name: string };

export interface Figure {
  value: Decimal;
  source: string;
  row: string | null;
  page: number | null;
  note?: string;
}

const tableName = (v: ReportView, key: TableKey) => {
  const t = v.tables.get(key);
  return t?.label ?? specOf(key).title;
};

/** A cell of a present table; a blank cell in a printed table is 0, a table marked 本表无数据 is all 0. */
function cell(
  v: ReportView,
  key: TableKey,
  pred: (r: TableRow) => boolean,
  col: string,
  rowLabel: string,
): Figure | null {
  const t = v.tables.get(key);
  if (!t) return null;
  if (t.empty)
    return {
      value: new Decimal(0),
      source: tableName(v, key),
      row: rowLabel,
      page: t.page,
      note: `${tableName(v, key)}为空表（本表无数据），按0计`,
    };
  const row = t.rows.find(pred);
  if (!row) return null;
  // a column the table does not print is no figure (a blank cell of a printed column is 0)
  if (t.columns.length > 0 && !t.columns.some((c) => c.key === col)) return null;
  const column = t.columns.length > 1 ? t.columns.find((c) => c.key === col)?.title : null;
  const label = row.code ? `${row.code} ${row.name}` : row.name;
  const value = new Decimal(row.values[col] ?? 0);
  // a table printed in 元: the figure is answered in 万元 and the basis shows what the table prints
  const printed =
    t.moneyUnit && t.moneyUnit !== '万元' ? `表中印为 ${printedIn(value, t.moneyUnit)} ${t.moneyUnit}` : undefined;
  return {
    value,
    source: tableName(v, key),
    row: column && !label.includes(column) ? `${label} · ${column}` : label,
    page: row.page ?? t.page,
    note: printed,
  };
}

/** A figure the prose states, its sentence as the source. */
/** A sentence of the 情况说明 as the source of a figure: its first 60 characters, quoted. */
export const proseSource = (sentence: string): string => `情况说明：“${sentence.slice(0, 60)}”`;

export const proseFigure = (f: Fact, note?: string): Figure => ({
  value: new Decimal(f.value),
  source: proseSource(f.sentence),
  row: null,
  page: f.page,
  note,
});

function prose(v: ReportView, subject: string, measure: string): Figure | null {
  const all = factsOf(v, subject, measure);
  const f = all.find((x) => !x.derived) ?? all[0];
  return f ? proseFigure(f, f.derived ? `由情况说明推算（${f.detail}）` : undefined) : null;
}

/** A 科目's 决算数 as the prose states it, when no table prints the row (a 说明 published without its tables). */
function proseOfCode(v: ReportView, code: string): Figure | null {
  if (v.tables.has('expense') || v.tables.has('general_budget_expense')) return null;
  const f = codeFacts(v, code, 'final').find((x) => !x.derived);
  return f ? proseFigure(f) : null;
}

const named = (side: string, name: string) => (r: TableRow) => r.side === side && r.name === name;
const total = (r: TableRow) => r.code === null && r.level === 'total';
const THREE: Record<string, string> = {
  三公经费: 'total',
  '因公出国（境）费': 'abroad',
  公务用车购置及运行维护费: 'car',
  公务用车购置费: 'car_purchase',
  公务用车运行维护费: 'car_running',
  公务接待费: 'reception',
};
/** the 三公经费 total and its items, as subject ids */
export const THREE_PUBLIC_IDS: ReadonlySet<string> = new Set(Object.keys(THREE));

const AGG_FINAL: Record<string, (v: ReportView) => Figure | null> = {
  收支总计: (v) => cell(v, 'income_expense_total', named('income', '总计'), 'amount', '总计'),
  // the 收支总表's rows where it is printed, else the 收入决算表's (支出决算表's) 合计 row, the same figures by their definition
  本年收入合计: (v) =>
    cell(v, 'income_expense_total', named('income', '本年收入合计'), 'amount', '本年收入合计') ??
    cell(v, 'income', total, 'total', '合计 本年收入合计'),
  本年支出合计: (v) =>
    cell(v, 'income_expense_total', named('expense', '本年支出合计'), 'amount', '本年支出合计') ??
    cell(v, 'expense', total, 'total', '合计 本年支出合计'),
  年初结转和结余: (v) => cell(v, 'income_expense_total', named('income', '年初结转和结余'), 'amount', '年初结转和结余'),
  年末结转和结余: (v) =>
    cell(v, 'income_expense_total', named('expense', '年末结转和结余'), 'amount', '年末结转和结余'),
  // the 收支总表 row where the report prints one (a university's 表2 splits the column), else the 收入决算表 total
  财政拨款收入: (v) =>
    cell(v, 'income_expense_total', named('income', '财政拨款收入'), 'amount', '财政拨款收入') ??
    cell(v, 'income', total, 'fiscal', '合计 财政拨款收入'),
  一般公共预算财政拨款收入: (v) =>
    cell(v, 'income_expense_total', named('income', '一般公共预算财政拨款收入'), 'amount', '一般公共预算财政拨款收入'),
  政府性基金预算财政拨款收入: (v) =>
    cell(
      v,
      'income_expense_total',
      named('income', '政府性基金预算财政拨款收入'),
      'amount',
      '政府性基金预算财政拨款收入',
    ),
  上级补助收入: (v) =>
    cell(v, 'income_expense_total', named('income', '上级补助收入'), 'amount', '上级补助收入') ??
    cell(v, 'income', total, 'superior', '合计 上级补助收入'),
  事业收入: (v) =>
    cell(v, 'income_expense_total', named('income', '事业收入'), 'amount', '事业收入') ??
    cell(v, 'income', total, 'business', '合计 事业收入'),
  经营收入: (v) =>
    cell(v, 'income_expense_total', named('income', '经营收入'), 'amount', '经营收入') ??
    cell(v, 'income', total, 'operating', '合计 经营收入'),
  附属单位上缴收入: (v) =>
    cell(v, 'income_expense_total', named('income', '附属单位上缴收入'), 'amount', '附属单位上缴收入') ??
    cell(v, 'income', total, 'affiliated', '合计 附属单位上缴收入'),
  其他收入: (v) =>
    cell(v, 'income_expense_total', named('income', '其他收入'), 'amount', '其他收入') ??
    cell(v, 'income', total, 'other', '合计 其他收入'),
  上缴上级支出: (v) => cell(v, 'expense', total, 'remit', '合计 上缴上级支出'),
  经营支出: (v) => cell(v, 'expense', total, 'operating', '合计 经营支出'),
  对附属单位补助支出: (v) => cell(v, 'expense', total, 'subsidy', '合计 对附属单位补助支出'),
  财政拨款收支总计: (v) => cell(v, 'fiscal_total', named('income', '总计'), 'amount', '总计'),
  一般公共预算财政拨款支出: (v) => cell(v, 'general_budget_expense', total, 'total', '合计'),
  财政拨款支出: (v) =>
    cell(v, 'fiscal_total', named('expense', '本年支出合计'), 'total', '本年支出合计') ??
    cell(v, 'general_budget_expense', total, 'total', '合计'),
  财政拨款基本支出: (v) => cell(v, 'general_budget_expense', total, 'basic', '合计 基本支出'),
  财政拨款项目支出: (v) => cell(v, 'general_budget_expense', total, 'project', '合计 项目支出'),
  政府性基金预算财政拨款支出: (v) =>
    cell(v, 'gov_fund', total, 'total', '合计') ??
    cell(v, 'fiscal_total', named('expense', '本年支出合计'), 'gov_fund', '本年支出合计'),
  国有资本经营预算财政拨款支出: (v) => cell(v, 'state_capital', total, 'total', '合计'),
  基本支出: (v) => cell(v, 'expense', total, 'basic', '合计 基本支出'),
  项目支出: (v) => cell(v, 'expense', total, 'project', '合计 项目支出'),
  // a 「其中：基本建设资金支出」 column printed after 项目支出 (universities' 财政拨款支出决算表)
  基本建设资金支出: (v) =>
    cell(v, 'expense', total, 'project_capital', '合计 其中：基本建设资金支出') ??
    cell(v, 'general_budget_expense', total, 'project_capital', '合计 其中：基本建设资金支出'),
  人员经费: (v) => cell(v, 'basic_expense', (r) => r.name === '人员经费合计', 'amount', '人员经费合计'),
  公用经费: (v) => cell(v, 'basic_expense', (r) => r.name === '公用经费合计', 'amount', '公用经费合计'),
};

export function finalOf(v: ReportView, s: Subject): Figure | null {
  if (s.type === 'code') {
    if (s.classification === 'economic')
      return cell(v, 'basic_expense', (r) => r.code === s.code, 'amount', `${s.code} ${s.name}`);
    return (
      cell(v, 'expense', (r) => r.code === s.code, 'total', `${s.code} ${s.name}`) ??
      cell(v, 'general_budget_expense', (r) => r.code === s.code, 'total', `${s.code} ${s.name}`) ??
      proseOfCode(v, s.code)
    );
  }
  if (THREE[s.id])
    return cell(v, 'three_public', (r) => r.side === THREE[s.id], 'final', s.id) ?? prose(v, s.id, 'final');
  // all the unit's vehicles (共有车辆6辆) before the 公务用车保有量 (5辆) when the prose states both
  if (s.id === '车辆') {
    const all = factsOf(v, '车辆', 'count').find((x) => !x.derived && !/保有量/.test(x.sentence));
    return all ? proseFigure(all) : prose(v, s.id, 'count');
  }
  if (s.id.startsWith('车辆:')) return prose(v, s.id, 'count');
  if (s.id === '公务用车保有量') {
    const held = factsOf(v, '车辆', 'count').find((x) => !x.derived && /保有量/.test(x.sentence));
    return held ? proseFigure(held) : prose(v, '车辆', 'count');
  }
  if (s.id === '车辆购置数') {
    const f = v.facts.find((x) => x.subject.startsWith('车辆') && x.measure === 'purchased');
    return f ? proseFigure(f) : null;
  }
  const printedRow = TOTAL_ROW.exec(s.id);
  if (printedRow) return cell(v, 'income_expense_total', named(printedRow[1], printedRow[2]), 'amount', printedRow[2]);
  const count = COUNT_BY_ID.get(s.id);
  if (count) return countOf(v, count.of, count.measure);
  return AGG_FINAL[s.id]?.(v) ?? prose(v, s.id, 'final');
}

/**
 * The different amounts the prose states for one subject that no table prints, in the order stated: two 项 of one name
 * in two items (一般行政管理事务 97.09 and 0.47), or one figure printed twice differently. Empty when it states one.
 */
export function statedAmounts(v: ReportView, s: Subject): Fact[] {
  const f = finalOf(v, s);
  if (!f || f.row !== null) return [];
  const stated = s.type === 'agg' ? factsOf(v, s.id, 'final') : codeFacts(v, s.code, 'final');
  const byValue = new Map<string, Fact>();
  for (const x of stated)
    if (!x.derived && !byValue.has(new Decimal(x.value).toFixed(2))) byValue.set(new Decimal(x.value).toFixed(2), x);
  return byValue.size > 1 ? [...byValue.values()] : [];
}

/** Whether the report states any budget: a 三公 table's 预算数, or a 预算 in its prose. */
export function statesAnyBudget(v: ReportView): boolean {
  const three = v.tables.get('three_public');
  if (three && !three.empty && three.rows.some((r) => r.values.budget !== undefined)) return true;
  return v.facts.some((f) => f.measure === 'budget_initial' || f.measure === 'budget_full');
}

/** A 功能科目's row of the 一般公共预算财政拨款支出决算表 (its 一般公共预算 amount, not all funds'). */
export function finalOfGeneral(v: ReportView, s: Subject): Figure | null {
  if (s.type !== 'code' || s.classification !== 'function') return null;
  const t = v.tables.get('general_budget_expense');
  const r = t?.rows.find((x) => x.code === s.code);
  return r
    ? {
        value: new Decimal(r.values.total ?? 0),
        source: t!.label ?? t!.title,
        row: `${r.code} ${r.name}`,
        page: r.page,
      }
    : null;
}

/** Any other row of the 收入支出决算总表, by side and printed name (捐赠收入, 使用非财政拨款结余). */
export const totalRowId = (side: string, name: string): string => `收支总表:${side}:${name}`;
const TOTAL_ROW = /^收支总表:(income|expense):(.+)$/;

/** The note of a budget the prose implies (决算 − 比预算增减) rather than prints. */
export const DERIVED_BUDGET = '年初预算由情况说明推算';

export interface Budget extends Figure {
  base: '年初预算' | '全年预算';
  final: Figure;
}

/** 执行率 basis: 年初预算, or 全年预算 when the report gives no (or a zero) 年初预算. */
export function budgetOf(v: ReportView, s: Subject): Budget | null {
  if (s.type === 'agg' && THREE[s.id]) {
    const b = cell(v, 'three_public', (r) => r.side === THREE[s.id], 'budget', s.id);
    const f = finalOf(v, s);
    if (b && f && !(v.tables.get('three_public')?.empty && prose(v, s.id, 'budget_initial')))
      return { ...b, base: '年初预算', final: f };
  }
  // 财政拨款支出 is 一般公共预算财政拨款支出 when the report has no other 财政拨款: its budget is that one's
  if (s.type === 'agg' && s.id === '财政拨款支出') {
    const general: Subject = { type: 'agg', id: '一般公共预算财政拨款支出', name: '一般公共预算财政拨款支出' };
    const [all, gen] = [finalOf(v, s), finalOf(v, general)];
    return all && gen && all.value.eq(gen.value) ? budgetOf(v, general) : null;
  }
  const facts = (m: string) => (s.type === 'code' ? codeFacts(v, s.code, m) : factsOf(v, s.id, m));
  const pick = (m: string): Figure | null => {
    const f = facts(m).find((x) => !x.derived) ?? facts(m)[0];
    return f ? proseFigure(f, f.derived ? `${DERIVED_BUDGET}（${f.detail}）` : undefined) : null;
  };
  let initial = pick('budget_initial');
  const full = pick('budget_full');
  if (!initial && s.type === 'code' && s.classification === 'function') initial = sumChildBudgets(v, s.code);
  const base =
    initial && !initial.value.isZero()
      ? { ...initial, base: '年初预算' as const }
      : full && !full.value.isZero()
        ? { ...full, base: '全年预算' as const }
        : initial
          ? { ...initial, base: '年初预算' as const }
          : null;
  if (!base) return null;
  const final =
    s.type === 'code'
      ? (cell(v, 'general_budget_expense', (r) => r.code === s.code, 'total', `${s.code} ${s.name}`) ?? finalOf(v, s))
      : s.id === '三公经费' || THREE[s.id]
        ? finalOf(v, s)
        : (AGG_FINAL[s.id]?.(v) ?? pick('final'));
  return final ? { ...base, final } : null;
}

/** A 类/款 budget is the sum of its 项 budgets when the prose gives one for every 项 under it. */
function sumChildBudgets(v: ReportView, code: string): Figure | null {
  const items = tableRows(v, 'general_budget_expense').filter(
    (r) => r.level === 'xiang' && r.code?.startsWith(code) && r.code !== code,
  );
  if (items.length === 0) return null;
  const budgets = items.map((r) => codeFacts(v, r.code!, 'budget_initial')[0]);
  if (budgets.some((b) => !b)) return null;
  const value = budgets.reduce((s, b) => s.plus(b!.value), new Decimal(0));
  return {
    value,
    source: '情况说明（各项年初预算合计）',
    row: items.map((r) => r.code).join('+'),
    page: budgets[0]!.page,
    note:
      items.length > 1
        ? `年初预算为${items.length}个项级科目之和`
        : `年初预算取项级科目${items[0].code} ${items[0].name}`,
  };
}

/** The prior-year value the prose implies: this year's figure minus the stated change. */
export function priorFromProse(v: ReportView, s: Subject, current: Figure): Figure | null {
  const subject = s.type === 'agg' ? s.id : null;
  const change = subject
    ? factsOf(v, subject, 'yoy_change')[0]
    : codeFacts(v, (s as { code: string }).code, 'yoy_change')[0];
  if (!change) return null;
  // the change is against the figure its own sentence states (财政拨款 or all funds), when it states one
  const stated = v.facts.find(
    (f) =>
      f.sentence === change.sentence &&
      f.measure === 'final' &&
      !f.derived &&
      (subject ? f.subject === subject : v.factCode.get(f) === (s as { code: string }).code),
  );
  if (stated) current = { ...current, value: new Decimal(stated.value) };
  const value = current.value.minus(change.value);
  return {
    value,
    source: proseSource(change.sentence),
    row: null,
    page: change.page,
    note: `上年数 = 本年 ${current.value.toFixed(2)} ${change.value.startsWith('-') ? `+ ${change.value.slice(1)}` : `− ${change.value}`}（由情况说明的增减额推算）`,
  };
}

/** "报告文字为 X%" when the prose prints this rate and it differs from the computed one rounded to the printed decimals. */
export function printedNote(
  v: ReportView,
  s: Subject,
  measure: 'rate' | 'share' | 'yoy_rate',
  computed: Decimal,
): string[] {
  const printed = (s.type === 'agg' ? factsOf(v, s.id, measure)[0] : codeFacts(v, s.code, measure)[0])?.value;
  if (!printed) return [];
  const same = new Decimal(printed).eq(
    computed.toDecimalPlaces(printed.split('.')[1]?.length ?? 0, Decimal.ROUND_HALF_UP),
  );
  return same ? [] : [`报告文字为 ${printed}%`];
}

export const unitOf = (s: Subject): FigureUnit =>
  s.type !== 'agg'
    ? '万元'
    : s.id.startsWith('车辆') || s.id === '公务用车保有量'
      ? '辆'
      : COUNT_BY_ID.has(s.id)
        ? '个'
        : '万元';

/** The word a count is said with: 批次, 人次, 个 (团组), 辆. */
export const countWordOf = (s: Subject): string =>
  (s.type === 'agg' ? COUNT_BY_ID.get(s.id)?.unit : undefined) ?? unitOf(s);

const COUNT_BY_ID = new Map(COUNT_WORDS.map((c) => [c.id, c]));

/** A count the prose or the 三公 table states: the one not about 外宾 (the parser keeps those apart), stated first. */
function countOf(v: ReportView, subject: string, measure: string): Figure | null {
  const f = factsOf(v, subject, measure).find((x) => !/外宾|外事|境外/.test(x.detail ?? ''));
  return f ? proseFigure(f) : null;
}

/** The three kinds of 三公 (公务用车 whole): what 三公三块 and 三公里车的钱 are of */
export const THREE_PUBLIC_KINDS = ['因公出国（境）费', '公务用车购置及运行维护费', '公务接待费'];

export const AGG_IDS = [
  ...Object.keys(AGG_FINAL),
  ...Object.keys(THREE),
  '机关运行经费',
  '政府采购',
  '政府采购货物',
  '政府采购工程',
  '政府采购服务',
  '政府采购中小企业',
  '车辆',
  '公务用车保有量',
];

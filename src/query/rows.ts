import { Decimal } from 'decimal.js';
import { subjectKey } from '../nlu/catalog.js';
import {
  type Answer,
  amount,
  type Basis,
  type Cell,
  num,
  percent,
  phrase,
  type TableData,
  type Text,
} from './answer.js';
import {
  AGG_IDS,
  type Figure,
  type Subject,
  budgetOf,
  finalOf,
  finalOfGeneral,
  proseFigure,
  THREE_PUBLIC_KINDS,
  totalRowId,
} from './measures.js';
import type { QueryScope } from './directory.js';
import { priorOf } from './run.js';
import { passes as pastLine, placesOf } from './compare.js';
import type { Query, RowFilter, RowSet } from './query.js';
import { type ReportView, codeFacts, factsOf, incomeSources, tableRows } from './report-view.js';

type Select = Extract<Query, { kind: 'select' }>;

interface Row {
  subject: Subject;
  label: string;
  final: Figure | null;
  budget: Figure | null;
  base: string | null;
  rate: Decimal | null;
  /** 同比 and, where it is known, the change in 万元 (本年 − 上年) */
  yoy: { rate: Decimal; change: Decimal | null; basis: Figure } | null;
  initialZero: boolean;
}

const AGG_FINAL_IDS = new Set(AGG_IDS);
const LEVEL_NAME = { lei: '类', kuan: '款', xiang: '项' } as const;
const CODE_LENGTH = { function: { lei: 3, kuan: 5, xiang: 7 }, economic: { lei: 3, kuan: 5, xiang: 5 } } as const;
const THREE_PUBLIC_ITEMS = ['因公出国（境）费', '公务用车购置费', '公务用车运行维护费', '公务接待费'];

/** Words for the rows: 功能分类项级科目, 经济分类款级科目, 三公经费各项. */
export function rowSetName(rows: RowSet, view: ReportView): string {
  if (rows.type === 'three_public') return '三公经费各项';
  if (rows.type === 'income') return '各项收入';
  const under = rows.under
    ? rows.under
        .map(
          (code) =>
            tableRows(view, rows.classification === 'economic' ? 'basic_expense' : 'expense').find(
              (r) => r.code === code,
            )?.name ?? code,
        )
        .join('、')
    : null;
  return `${rows.fund === 'general' ? '一般公共预算财政拨款支出的' : ''}${under ? `${under}下的` : ''}${rows.classification === 'function' ? '功能分类' : '经济分类'}${LEVEL_NAME[rows.level]}级科目`;
}

const BOUND = { lt: '低于', le: '不高于', gt: '高于', ge: '不低于' } as const;
export const filterName = (f: RowFilter): string =>
  f.type === 'rate'
    ? `执行率${BOUND[f.op]}${f.percent}%${f.and ? `且${BOUND[f.and.op]}${f.and.percent}%` : ''}`
    : f.type === 'yoy'
      ? f.percent === '0'
        ? f.op === 'lt' || f.op === 'le'
          ? '比上年下降'
          : '比上年增长'
        : `同比${{ lt: '低于', le: '不高于', gt: '高于', ge: '不低于' }[f.op]}${f.percent}%`
      : f.type === 'amount'
        ? `决算数${{ lt: '低于', le: '不高于', gt: '超过', ge: '不低于' }[f.op]}${f.wan}万元`
        : f.type === 'share'
          ? `占比${BOUND[f.op]}${f.percent}%`
          : {
              zero: '决算数为0',
              no_budget: '年初无预算',
              over_budget: '决算超过预算',
              under_budget: '决算少于预算',
              on_budget: '决算与预算相同',
            }[f.type];

/** 同比 of a row: the rate the prose prints, else computed from the prior year (that year's report, or the prose's change). */
function yoyOf(scope: QueryScope, view: ReportView, s: Subject, final: Figure | null): Row['yoy'] {
  if (s.type !== 'code' && !s.id.startsWith('项:')) return null;
  const printed = (s.type === 'code' ? codeFacts(view, s.code, 'yoy_rate') : factsOf(view, s.id, 'yoy_rate')).find(
    (f) => !f.derived,
  );
  const stated = (s.type === 'code' ? codeFacts(view, s.code, 'yoy_change') : factsOf(view, s.id, 'yoy_change')).find(
    (f) => !f.derived,
  );
  const prior = final ? priorOf(scope, view, s, final) : null;
  const change = stated ? new Decimal(stated.value) : final && prior ? final.value.minus(prior.figure.value) : null;
  if (printed) return { rate: new Decimal(printed.value), change, basis: proseFigure(printed) };
  if (!final || !prior || prior.figure.value.isZero()) return null;
  return { rate: final.value.minus(prior.figure.value).div(prior.figure.value).mul(100), change, basis: prior.figure };
}

/** The 功能科目 a 说明 alone states with their codes, at one level (under the 科目 named). */
function proseCodedRows(view: ReportView, length: number, under: string[] | null, seen: Set<string>): Subject[] {
  return [...view.factCode]
    .filter(
      ([f, code]) =>
        f.measure === 'final' &&
        !f.derived &&
        code.length === length &&
        (!under || under.some((u) => code.startsWith(u))) &&
        !seen.has(code) &&
        seen.add(code),
    )
    .map(([f, code]) => ({
      type: 'code' as const,
      code,
      classification: 'function' as const,
      name: (f.detail ?? code).replace(/[“”"]/g, ''),
    }));
}

/** The 项 a 说明 alone names without a code (「（一）档案馆149.86万元」), once each. */
function proseNamedItems(view: ReportView): Subject[] {
  const seen = new Set<string>();
  return view.facts
    .filter((f) => f.subject.startsWith('项:') && f.measure === 'final' && !f.derived && !view.factCode.has(f))
    .filter((f) => !seen.has(f.subject) && seen.add(f.subject))
    .map((f) => ({ type: 'agg' as const, id: f.subject, name: f.subject.split('/').at(-1)! }));
}

function rowsOf(
  scope: QueryScope,
  view: ReportView,
  set: RowSet,
  withYoy: boolean,
  column: 'basic' | 'project' | null,
): Row[] {
  const subjects: Subject[] =
    set.type === 'three_public'
      ? (set.top ? THREE_PUBLIC_KINDS : THREE_PUBLIC_ITEMS).map((id) => ({ type: 'agg', id, name: id }))
      : set.type === 'income'
        ? incomeSources(view).map((r) => ({
            type: 'agg' as const,
            id: AGG_FINAL_IDS.has(r.name) ? r.name : totalRowId('income', r.name),
            name: r.name,
          }))
        : (() => {
            const key =
              set.classification === 'economic'
                ? 'basic_expense'
                : tableRows(view, 'expense').length && set.fund !== 'general'
                  ? 'expense'
                  : 'general_budget_expense';
            const length = CODE_LENGTH[set.classification][set.level];
            const seen = new Set<string>();
            // a 说明 published without its tables: the 科目 its prose states with their codes, and the 项 it names
            // without one (「（一）档案馆149.86万元」)
            if (set.classification === 'function' && !tableRows(view, key).length)
              return [
                ...proseCodedRows(view, length, set.under, seen),
                ...(set.level === 'xiang' && !set.under ? proseNamedItems(view) : []),
              ];
            return tableRows(view, key)
              .filter(
                (r) =>
                  r.code &&
                  r.classification === set.classification &&
                  r.code.length === length &&
                  (!set.under || set.under.some((u) => r.code!.startsWith(u))) &&
                  !seen.has(r.code) &&
                  seen.add(r.code),
              )
              .map((r) => ({ type: 'code' as const, code: r.code!, classification: set.classification, name: r.name }));
          })();
  return subjects.map((subject) => {
    const b = budgetOf(view, subject);
    const initial = subject.type === 'code' ? codeFacts(view, subject.code, 'budget_initial')[0] : undefined;
    const final = column
      ? columnOf(view, subject, column)
      : set.type === 'subjects' && set.fund === 'general'
        ? finalOfGeneral(view, subject)
        : (b?.final ?? finalOf(view, subject));
    return {
      subject,
      label: subject.type === 'code' ? `${subject.code} ${subject.name}` : subject.name,
      final,
      budget: b,
      base: b?.base ?? null,
      rate: b && final && !b.value.isZero() ? final.value.div(b.value).mul(100) : null,
      yoy: withYoy ? yoyOf(scope, view, subject, final) : null,
      initialZero: initial ? new Decimal(initial.value).isZero() : false,
    };
  });
}

/** A 科目's 基本支出 or 项目支出 column of the 支出决算表 (哪个项级科目项目支出最多). */
export function columnOf(
  view: ReportView,
  s: Subject,
  column: 'basic' | 'project',
  key: 'expense' | 'general_budget_expense' = 'expense',
): Figure | null {
  if (s.type !== 'code') return null;
  const t = view.tables.get(key);
  const r = t?.rows.find((x) => x.code === s.code);
  return t && r
    ? {
        value: new Decimal(r.values[column] ?? 0),
        source: t.label ?? t.title,
        row: `${r.code} ${r.name} · ${COLUMN_NAME[column]}`,
        page: r.page ?? t.page,
      }
    : null;
}

/** A percentage as the rule reads it: to the 2 decimals it is shown with. */
const shown = (v: Decimal) => v.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

const passes = (r: Row, f: RowFilter | null, shareOf: (r: Row) => Decimal | null): boolean => {
  if (!f) return true;
  switch (f.type) {
    case 'share': {
      const v = shareOf(r);
      return v !== null && pastLine(shown(v), { op: f.op, value: f.percent });
    }
    case 'rate':
    case 'yoy': {
      const v = f.type === 'rate' ? r.rate : r.yoy?.rate;
      if (!v) return false;
      return (
        pastLine(shown(v), { op: f.op, value: f.percent }) &&
        (f.type !== 'rate' || !f.and || pastLine(shown(v), { op: f.and.op, value: f.and.percent }))
      );
    }
    case 'zero':
      return r.final?.value.isZero() === true;
    case 'no_budget':
      return r.initialZero && r.final !== null && !r.final.value.isZero();
    case 'over_budget':
      return r.budget !== null && r.final?.value.gt(r.budget.value) === true;
    case 'under_budget':
      return r.budget !== null && r.final?.value.lt(r.budget.value) === true;
    case 'on_budget':
      return r.budget !== null && r.final !== null && !r.budget.value.isZero() && r.final.value.eq(r.budget.value);
    case 'amount':
      return r.final !== null && pastLine(r.final.value, { op: f.op, value: f.wan });
  }
};

const MEASURE_NAME: Record<Exclude<Select['measure'], 'final'>, string> = {
  yoy: '同比',
  yoy_change: '比上年增减',
  rate: '执行率',
  budget: '预算数',
  share: '占比',
  over: '超出预算（决算−预算）',
  saved: '节约预算（预算−决算）',
};
/** The 支出决算表's two columns of a 科目's spending, by name. */
export const COLUMN_NAME = { basic: '基本支出', project: '项目支出' } as const;

/** The rows of one report that pass the rule, ranked when asked; ties at the cut stay in and are named. */
export function runSelect(q: Select, scope: QueryScope, view: ReportView): Answer {
  const head = `${view.year}年度 ${view.unitName}`;
  const what = rowSetName(q.rows, view);
  const usesYoy = q.measure === 'yoy' || q.measure === 'yoy_change' || q.filter?.type === 'yoy';
  const usesBudget =
    !usesYoy &&
    ((q.measure !== 'final' && q.measure !== 'share') ||
      (q.filter !== null && q.filter.type !== 'zero' && q.filter.type !== 'amount' && q.filter.type !== 'share'));
  const all = rowsOf(scope, view, q.rows, usesYoy, q.column ?? null);
  // the whole the rows are parts of: the 一般公共预算 total for its table's rows, else 本年支出合计 (收入: 本年收入合计)
  const whole =
    q.rows.type === 'subjects' && q.rows.fund === 'general'
      ? finalOf(view, { type: 'agg', id: '一般公共预算财政拨款支出', name: '一般公共预算财政拨款支出' })
      : q.rows.type === 'income'
        ? finalOf(view, { type: 'agg', id: '本年收入合计', name: '本年收入合计' })
        : q.rows.type === 'three_public'
          ? finalOf(view, { type: 'agg', id: '三公经费', name: '三公经费' })
          : finalOf(view, { type: 'agg', id: '本年支出合计', name: '本年支出合计' });
  const shareOf = (r: Row): Decimal | null =>
    r.final && whole && !whole.value.isZero() ? r.final.value.div(whole.value).mul(100) : null;
  const pool = all.filter((r) => (usesYoy ? r.yoy !== null : usesBudget ? r.budget !== null : r.final !== null));
  const figureOf = (r: Row): Decimal | null =>
    q.measure === 'yoy'
      ? (r.yoy?.rate ?? null)
      : q.measure === 'yoy_change'
        ? (r.yoy?.change ?? null)
        : q.measure === 'rate'
          ? r.rate
          : q.measure === 'budget'
            ? (r.budget?.value ?? null)
            : q.measure === 'share'
              ? shareOf(r)
              : q.measure === 'over' || q.measure === 'saved'
                ? r.budget && r.final
                  ? q.measure === 'over'
                    ? r.final.value.minus(r.budget.value)
                    : r.budget.value.minus(r.final.value)
                  : null
                : (r.final?.value ?? null);
  const left = new Set((q.exclude ?? []).map(subjectKey));
  const passing = pool.filter(
    (r) => passes(r, q.filter, shareOf) && figureOf(r) !== null && !left.has(subjectKey(r.subject)),
  );
  let rows = q.order ? ranked(passing, q.order, figureOf) : passing;
  const measureName = q.measure === 'final' ? (q.column ? COLUMN_NAME[q.column] : '决算数') : MEASURE_NAME[q.measure];
  const rule = [
    q.filter ? filterName(q.filter) : null,
    q.order ? `按${measureName}${q.order === 'desc' ? '从高到低' : '从低到高'}` : null,
  ]
    .filter(Boolean)
    .join('，');
  const listed = usesYoy ? '中能得出同比的' : usesBudget ? '中报告列出预算数的' : '';
  const notes: Text[] = [
    `范围：${what}${listed}，共${pool.length}个${rule ? `；规则：${rule}` : ''}`,
    ...(left.size ? [`不含：${(q.exclude ?? []).map((s) => s.name).join('、')}`] : []),
  ];
  if (pool.length === 0) {
    return {
      kind: 'no_data',
      title: what,
      message: `${head} 报告中没有${listed ? `${listed.slice(1)}${what}` : what}。`,
      available: [],
      notes: [],
    };
  }
  if (q.limit && rows.length > q.limit) {
    const cut = figureOf(rows[q.limit - 1])!;
    const kept = rows.filter((r, i) => i < q.limit! || figureOf(r)!.eq(cut));
    const tied = kept.filter((r) => figureOf(r)!.eq(cut));
    if (kept.length > q.limit)
      notes.push(phrase`${tied.map((r) => r.subject.name).join('、')}并列（${show(q.measure, cut)}），一并列出`);
    rows = kept;
  }
  const title = `${head} ${what}${q.filter ? `：${filterName(q.filter)}` : ''}${q.order ? `（${measureName}${q.order === 'desc' ? '最高' : '最低'}${q.limit ? `的${q.limit}个` : '排序'}）` : ''}`;
  const basis: Basis[] = rows
    .slice(0, 12)
    .flatMap((r) => [
      r.final,
      ...(usesBudget && r.budget ? [r.budget] : []),
      ...(usesYoy && r.yoy ? [r.yoy.basis] : []),
    ])
    .filter((f): f is Figure => f !== null)
    .map((f) => ({ unit: view.unitName, year: view.year, source: f.source, row: f.row, page: f.page }));
  const table = tableOf(rows, q, usesBudget, figureOf, usesYoy, shareOf);
  if (rows.length === 0) {
    return { kind: 'table', title: `${title}：没有符合条件的科目`, table, basis: [], notes };
  }
  if (q.limit === 1 && rows.length === 1) {
    const top = rows[0];
    const value = figureOf(top)!;
    // a change is answered as its amount, with 增加/减少 in words (比上年减少最多: 减少 9.62 万元)
    const change = q.measure === 'yoy_change';
    return {
      kind: 'figure',
      title: change
        ? `${head} ${what}中比上年${value.isNegative() ? '减少' : '增加'}最多：${top.label}`
        : `${head} ${what}中${measureName}${q.order === 'asc' ? '最低' : '最高'}：${top.label}`,
      value: change ? value.abs() : value,
      unit: q.measure === 'rate' || q.measure === 'yoy' || q.measure === 'share' ? '%' : '万元',
      formula:
        q.measure === 'rate'
          ? phrase`决算 ${amount(top.final!.value)} ÷ ${top.base!} ${amount(top.budget!.value)} 万元`
          : q.measure === 'yoy'
            ? phrase`同比 ${percent(value)}`
            : q.measure === 'yoy_change'
              ? phrase`比上年${value.isNegative() ? '减少' : '增加'} ${amount(value.abs())} 万元`
              : q.measure === 'share'
                ? phrase`${amount(top.final!.value)} ÷ ${amount(whole!.value)} 万元`
                : q.measure === 'over'
                  ? phrase`决算 ${amount(top.final!.value)} − ${top.base!} ${amount(top.budget!.value)} 万元`
                  : q.measure === 'saved'
                    ? phrase`${top.base!} ${amount(top.budget!.value)} − 决算 ${amount(top.final!.value)} 万元`
                    : phrase`${measureName} ${amount(value)} 万元`,
      basis,
      table: tableOf(
        ranked(passing, q.order ?? 'desc', figureOf).slice(0, 5),
        q,
        usesBudget,
        figureOf,
        usesYoy,
        shareOf,
      ),
      notes,
    };
  }
  return { kind: 'table', title, table, basis, notes };
}

const ranked = (rows: Row[], order: 'asc' | 'desc', figureOf: (r: Row) => Decimal | null) =>
  [...rows].sort((a, b) => (order === 'desc' ? -1 : 1) * figureOf(a)!.cmp(figureOf(b)!));
const show = (measure: Select['measure'], d: Decimal) =>
  measure === 'rate' || measure === 'yoy' || measure === 'share' ? percent(d) : phrase`${amount(d)} 万元`;

/** A row's budget: the amount, marked 全年 where the base is the full-year budget (shown as text then). */
const budgetCell = (r: Row): Cell =>
  !r.budget ? '' : r.base === '全年预算' ? phrase`${amount(r.budget.value)}（全年）` : amount(r.budget.value);

function tableOf(
  rows: Row[],
  q: Select,
  usesBudget: boolean,
  figureOf: (r: Row) => Decimal | null,
  usesYoy = false,
  shareOf: (r: Row) => Decimal | null = () => null,
): TableData {
  const shareCell = (r: Row) => {
    const v = shareOf(r);
    return v ? percent(v) : '—';
  };
  const places = placesOf(rows.map((r) => figureOf(r)!));
  const columns: TableData['columns'] = [
    ...(q.order ? [{ title: '名次', align: 'right' as const }] : []),
    { title: '科目', align: 'left' },
    ...(usesBudget ? [{ title: '预算数（万元）', align: 'right' as const }] : []),
    { title: '决算数（万元）', align: 'right' },
    ...(usesBudget ? [{ title: '执行率', align: 'right' as const }] : []),
    ...(usesYoy ? [{ title: '同比', align: 'right' as const }] : []),
    ...(q.measure === 'over' || q.measure === 'saved'
      ? [{ title: q.measure === 'over' ? '超出（万元）' : '节约（万元）', align: 'right' as const }]
      : []),
    ...(q.measure === 'share' || q.filter?.type === 'share' ? [{ title: '占比', align: 'right' as const }] : []),
    ...(q.measure === 'yoy_change' ? [{ title: '比上年增减（万元）', align: 'right' as const }] : []),
  ];
  return {
    columns,
    rows: rows.map((r, i) => [
      ...(q.order ? [num(places[i])] : []),
      r.label,
      ...(usesBudget ? [budgetCell(r)] : []),
      r.final ? amount(r.final.value) : '',
      ...(usesBudget ? [r.rate ? percent(r.rate) : '—'] : []),
      ...(usesYoy ? [r.yoy ? percent(r.yoy.rate) : '—'] : []),
      ...(q.measure === 'over' || q.measure === 'saved' ? [amount(figureOf(r)!)] : []),
      ...(q.measure === 'share' || q.filter?.type === 'share' ? [shareCell(r)] : []),
      ...(q.measure === 'yoy_change' ? [r.yoy?.change ? amount(r.yoy.change) : '—'] : []),
    ]),
  };
}

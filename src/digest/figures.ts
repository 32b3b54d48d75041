import { Decimal } from 'decimal.js';
import { type Figure, type Subject, budgetOf, finalOf, priorFromProse } from '../query/measures.js';
import type { ReportView } from '../query/report-view.js';
import { fmt, pct } from '../render/format.js';

const HUNDRED = new Decimal(100);
/** Same definitions as the answers: 执行率 = 决算 / 预算, 同比 = (本年 − 上年) / 上年, 占比 = 部分 / 整体. */
export const ratio = (a: Decimal, b: Decimal): Decimal => a.div(b).mul(HUNDRED);
const agg = (id: string): Subject => ({ type: 'agg', id, name: id });
const signed = (d: Decimal) => (d.isNeg() ? '' : '+') + pct(d);

/** The basis of one figure, short enough to follow it on the same line. */
export function cite(f: Figure | null | undefined, withRow = true): string {
  if (!f) return '';
  const page = f.page ? ` 第${f.page}页` : '';
  if (f.source.startsWith('情况说明')) return `情况说明${page}`;
  return `${f.source}${withRow && f.row ? `·${f.row}` : ''}${page}`;
}
const cites = (...fs: (Figure | null | undefined)[]) =>
  `〔${[...new Set(fs.map((f) => cite(f)).filter(Boolean))].join('；')}〕`;
const missing = (name: string) => `· ${name}：报告未列`;

function totalLine(v: ReportView, views: ReportView[]): string {
  const s = agg('收支总计');
  const cur = finalOf(v, s);
  if (!cur) return missing('收支总计');
  const priorView = views.find((x) => x.unitId === v.unitId && x.year === v.year - 1);
  const fromReport = priorView ? finalOf(priorView, s) : null;
  const prior = fromReport ?? priorFromProse(v, s, cur);
  let yoy: string;
  let basis = cites(cur);
  if (!prior) yoy = '同比：无上年数据';
  else if (prior.value.isZero()) yoy = '同比：上年为0，无法计算';
  else {
    yoy = `同比 ${signed(ratio(cur.value.minus(prior.value), prior.value))}（上年 ${fmt(prior.value)} 万元）`;
    basis = `〔${cite(cur)}；上年：${fromReport ? `${v.year - 1}年度报告 ${cite(prior)}` : '由情况说明增减额推算'}〕`;
  }
  return `· 收支总计 ${fmt(cur.value)} 万元，${yoy}${basis}`;
}

function plainLine(v: ReportView, id: string): string {
  const f = finalOf(v, agg(id));
  return f ? `· ${id} ${fmt(f.value)} 万元${cites(f)}` : missing(id);
}

function structureLine(v: ReportView): string {
  const whole = finalOf(v, agg('本年支出合计'));
  const parts = ['基本支出', '项目支出'].map((id) => [id, finalOf(v, agg(id))] as const);
  if (parts.every(([, f]) => !f)) return missing('基本支出/项目支出');
  const text = parts
    .map(([id, f]) =>
      !f
        ? `${id} 报告未列`
        : `${id} ${fmt(f.value)} 万元${whole && !whole.value.isZero() ? `（占 ${pct(ratio(f.value, whole.value))}）` : ''}`,
    )
    .join('，');
  return `· ${text}${cites(...parts.map(([, f]) => f), whole)}`;
}

/** 决算 / 预算 / 执行率 of a 三公 subject, with the budget base named (年初预算, or 全年预算 when that is all there is). */
export function executionLine(v: ReportView, id: string, bullet = '·'): string {
  const s = agg(id);
  const b = budgetOf(v, s);
  if (!b) {
    const f = finalOf(v, s);
    return f
      ? `${bullet} ${id} 决算 ${fmt(f.value)} 万元（报告未列预算，无法计算执行率）${cites(f)}`
      : `${bullet} ${id}：报告未列`;
  }
  const rate = b.value.isZero() ? '预算为0，执行率无定义' : `执行率 ${pct(ratio(b.final.value, b.value))}`;
  const note = b.final.note ?? b.note;
  return `${bullet} ${id} 决算 ${fmt(b.final.value)} 万元，${b.base} ${fmt(b.value)} 万元，${rate}${cites(b.final, b)}${note ? `（注：${note}）` : ''}`;
}

/** 收支总计 and 同比, 本年支出合计, 基本/项目支出 and shares, 三公经费, 机关运行经费, 政府采购: one line each, basis included. */
export function headlineLines(v: ReportView, views: ReportView[]): string[] {
  return [
    totalLine(v, views),
    plainLine(v, '本年支出合计'),
    structureLine(v),
    executionLine(v, '三公经费'),
    plainLine(v, '机关运行经费'),
    plainLine(v, '政府采购'),
  ];
}

export const THREE_PUBLIC_PARTS = ['因公出国（境）费', '公务用车购置及运行维护费', '公务接待费'];

export function threePublicLines(v: ReportView): string[] {
  return [executionLine(v, '三公经费'), ...THREE_PUBLIC_PARTS.map((id) => executionLine(v, id, '  -'))];
}

import { Decimal } from 'decimal.js';
import { specOf } from '../ingest/table-specs.js';
import { type Subject, finalOf, unitOf } from '../query/measures.js';
import type { ReportView } from '../query/report-view.js';
import { fixed2, pct } from '../render/format.js';
import { renderBars } from './render.js';
import { clampCaption } from './text.js';
import type { Chart } from './types.js';

const HUNDRED = new Decimal(100);
export const headOf = (v: ReportView): string => `${v.year}年度 ${v.unitName}`;

/** 支出结构: the 类 rows of 05表 (or 03表 when 05表 is missing), largest first, with each one's share of the total. */
export function structureChart(view: ReportView): Chart | null {
  const key = view.tables.get('general_budget_expense')?.rows.length ? 'general_budget_expense' : 'expense';
  const t = view.tables.get(key);
  const tot = t?.rows.find((r) => r.code === null && r.level === 'total') ?? t?.rows.find((r) => r.code === null);
  const lei = (t?.rows ?? [])
    .filter((r) => r.level === 'lei')
    .map((r) => ({ row: r, value: new Decimal(r.values.total ?? 0) }));
  if (!t || !tot || lei.length === 0) return null;
  const total = new Decimal(tot.values.total ?? 0);
  const items = lei
    .sort((a, b) => b.value.cmp(a.value))
    .map((x) => ({ ...x, share: total.isZero() ? null : x.value.div(total).mul(HUNDRED) }));
  const source = t.label ? `${t.label} ${t.title}` : t.title;
  const title = `${headOf(view)} 支出结构（万元）`;
  const top = items[0];
  return renderBars({
    title,
    subtitle: `${t.title}，按功能分类（类）· 单位：万元 · 合计 ${fixed2(total)}`,
    categories: items.map((x) => ({ name: x.row.name, note: x.row.code ?? undefined })),
    series: [
      {
        name: '决算数',
        tone: 'dark',
        values: items.map((x) => x.value.toString()),
        labels: items.map((x) => (x.share ? `${fixed2(x.value)}（${pct(x.share)}）` : fixed2(x.value))),
      },
    ],
    footnote: `来源：${source}。括号内为占合计的比重，四舍五入至0.01%。`,
    caption: clampCaption(
      `${title}：${top.row.name} ${fixed2(top.value)} 万元${top.share ? `，占 ${pct(top.share)}` : ''}，居首；合计 ${fixed2(total)} 万元。`,
    ),
  });
}

/** 决算数 of one subject in each loaded year of one unit, with the change on the year before. */
export function trendChart(views: ReportView[], unit: string, subject: Subject): Chart | null {
  const mine = views.filter((v) => v.unitName === unit).sort((a, b) => a.year - b.year);
  if (mine.length < 2) return null;
  const u = unitOf(subject);
  const pts = mine.map((v) => ({ v, f: finalOf(v, subject) }));
  if (pts.filter((p) => p.f).length < 2) return null;
  const show = (d: Decimal) => (u === '万元' ? fixed2(d) : d.toFixed(0));
  const labels = pts.map((p, i) => {
    if (!p.f) return '无数据';
    const prior = pts[i - 1]?.f;
    if (!prior || prior.value.isZero()) return show(p.f.value);
    const r = p.f.value.minus(prior.value).div(prior.value).mul(HUNDRED);
    return `${show(p.f.value)}（同比 ${r.isNeg() ? '' : '+'}${pct(r)}）`;
  });
  const span = `${mine[0].year}–${mine[mine.length - 1].year}年度`;
  const title = `${span} ${unit} ${subject.name}（${u}）`;
  const sources = [...new Set(pts.flatMap((p) => (p.f ? [p.f.source] : [])))];
  const last = pts[pts.length - 1];
  return renderBars({
    title,
    subtitle: `决算数 · 单位：${u} · 同比 = (本年 - 上年) ÷ 上年`,
    categories: pts.map((p) => ({ name: `${p.v.year}年度` })),
    series: [{ name: '决算数', tone: 'dark', values: pts.map((p) => p.f?.value.toString() ?? null), labels }],
    footnote: `来源：${sources.join('；')}。`,
    caption: clampCaption(
      `${title}：${pts.map((p, i) => `${p.v.year}年 ${labels[i]}`).join('；')}。${last.f ? '' : `${last.v.year}年度无数据。`}`,
    ),
  });
}

export const tableSource = (v: ReportView, key: 'three_public' | 'general_budget_expense'): string => {
  const t = v.tables.get(key);
  return t?.label ? `${t.label} ${t.title}` : (t?.title ?? specOf(key).title);
};

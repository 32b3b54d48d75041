import type { Decimal } from 'decimal.js';
import { type Budget, type Subject, budgetOf, finalOf } from '../query/measures.js';
import { type ReportView, tableRows } from '../query/report-view.js';
import { fixed2, pct } from '../render/format.js';
import { renderBars } from './render.js';
import { headOf, tableSource } from './structure.js';
import { clampCaption } from './text.js';
import type { BarSpec, Chart } from './types.js';

const MAX_ITEMS = 15;

interface Item {
  name: string;
  note?: string;
  budget: Decimal | null;
  final: Decimal;
  base: Budget['base'] | '预算';
}

const rateOf = (x: Item): Decimal | null => (x.budget && !x.budget.isZero() ? x.final.div(x.budget).mul(100) : null);
const finalLabel = (x: Item): string => {
  const r = rateOf(x);
  if (r) return `${fixed2(x.final)} · 执行率 ${pct(r)}`;
  return x.final.isZero() ? fixed2(x.final) : `${fixed2(x.final)} · 无${x.base}`;
};

function pairSpec(
  items: Item[],
  head: { title: string; subtitle: string; footnote: string; budgetName: string },
): Omit<BarSpec, 'caption'> {
  return {
    title: head.title,
    subtitle: head.subtitle,
    categories: items.map((x) => ({ name: x.name, note: x.note })),
    series: [
      {
        name: head.budgetName,
        tone: 'light',
        values: items.map((x) => x.budget?.toString() ?? null),
        labels: items.map((x) => (x.budget ? fixed2(x.budget) : '—')),
      },
      { name: '决算数', tone: 'dark', values: items.map((x) => x.final.toString()), labels: items.map(finalLabel) },
    ],
    footnote: head.footnote,
  };
}

/** 预算 vs 决算 per 项 that the prose gives a budget for (情况说明), 决算 from 05表; 执行率 = 决算 ÷ 年初预算. */
export function executionChart(view: ReportView): Chart | null {
  const codes = [
    ...new Set(
      [...view.factCode]
        .filter(([f, c]) => c.length === 7 && (f.measure === 'budget_initial' || f.measure === 'budget_full'))
        .map(([, c]) => c),
    ),
  ].sort();
  const rows = [...tableRows(view, 'general_budget_expense'), ...tableRows(view, 'expense')];
  const notes = new Set<string>();
  const items: Item[] = codes.flatMap((code) => {
    const row = rows.find((r) => r.code === code);
    const kuan = rows.find((r) => r.code === code.slice(0, 5));
    const s: Subject = { type: 'code', code, classification: 'function', name: row?.name ?? code };
    const b = budgetOf(view, s);
    if (!b) return [];
    if (b.base === '全年预算') notes.add(`${code} 无年初预算，以全年预算为基数`);
    if (b.note) notes.add(b.note);
    return [
      { name: s.name, note: kuan ? `${code} ${kuan.name}` : code, budget: b.value, final: b.final.value, base: b.base },
    ];
  });
  if (items.length === 0) return null;
  // a phone shows ~15 pairs legibly: keep the largest, in code order, and say how many are left out
  const shown =
    items.length > MAX_ITEMS
      ? items.filter((x) =>
          [...items]
            .sort((a, b) => b.final.cmp(a.final))
            .slice(0, MAX_ITEMS)
            .includes(x),
        )
      : items;
  if (shown.length < items.length) notes.add(`另有${items.length - shown.length}个决算数较小的项未画出，见表格答案`);
  const title = `${headOf(view)} 预算执行（万元）`;
  const rated = items.filter((x) => rateOf(x)).sort((a, b) => rateOf(b)!.cmp(rateOf(a)!));
  const spec = pairSpec(shown, {
    title,
    subtitle: '一般公共预算财政拨款支出（项）· 单位：万元 · 执行率 = 决算 ÷ 年初预算',
    footnote: [`来源：年初预算取自情况说明，决算取自${tableSource(view, 'general_budget_expense')}。`, ...notes].join(
      '\n',
    ),
    budgetName: '年初预算',
  });
  const range = rated.length
    ? `执行率最高 ${rated[0].name} ${pct(rateOf(rated[0])!)}，最低 ${rated[rated.length - 1].name} ${pct(rateOf(rated[rated.length - 1])!)}`
    : '各项均无年初预算';
  return renderBars({ ...spec, caption: clampCaption(`${title}：${items.length}个项级科目，${range}。`) });
}

const THREE = [
  ['因公出国（境）费', '因公出国（境）费'],
  ['公务用车购置费', '公务用车购置费'],
  ['公务用车运行维护费', '公务用车运行维护费'],
  ['公务用车购置及运行维护费', '公务用车购置及运行维护费'],
  ['公务接待费', '公务接待费'],
  ['三公经费', '三公经费合计'],
] as const;

/** 三公经费 预算数 vs 决算数 per item of 07表 (or the prose when the table is empty), 合计 last. */
export function threePublicChart(view: ReportView): Chart | null {
  const found = THREE.map(([id, name]) => {
    const s: Subject = { type: 'agg', id, name: id };
    const b = budgetOf(view, s);
    const f = b?.final ?? finalOf(view, s);
    return f
      ? { id, item: { name, budget: b?.value ?? null, final: f.value, base: '预算' } as Item, note: b?.note ?? f.note }
      : null;
  });
  const has = (id: string) => found.some((x) => x?.id === id);
  // the car split when the report gives it, else the car subtotal
  const split = has('公务用车购置费') || has('公务用车运行维护费');
  const picked = found.filter(
    (x): x is NonNullable<typeof x> => x !== null && (x.id === '公务用车购置及运行维护费' ? !split : true),
  );
  if (picked.length === 0) return null;
  const items = picked.map((x) => x.item);
  const title = `${headOf(view)} “三公”经费（万元）`;
  const tot = picked.find((x) => x.id === '三公经费')?.item;
  const spec = pairSpec(items, {
    title,
    subtitle: '财政拨款“三公”经费 预算数与决算数 · 单位：万元 · 执行率 = 决算 ÷ 预算',
    footnote: [
      `来源：${tableSource(view, 'three_public')}；空白栏按0计。`,
      ...new Set(picked.flatMap((x) => (x.note ? [x.note] : []))),
    ].join('\n'),
    budgetName: '预算数',
  });
  const sum = tot
    ? `决算 ${fixed2(tot.final)}${tot.budget ? `，预算 ${fixed2(tot.budget)}` : ''}${rateOf(tot) ? `，执行率 ${pct(rateOf(tot)!)}` : ''}`
    : items.map((x) => `${x.name} ${fixed2(x.final)}`).join('，');
  return renderBars({ ...spec, caption: clampCaption(`${title}：${sum}。`) });
}

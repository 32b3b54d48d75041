import { Decimal } from 'decimal.js';
import { type Answer, amount, type Basis, type ChartHint, joined, num, percent, phrase, type Text } from './answer.js';
import { type Figure, finalOf, priorFromProse } from './measures.js';
import type { Query } from './query.js';
import type { QueryScope, ReportEntry } from './directory.js';
import { figuresOf, type SubjectFigures } from './derive.js';
import type { ReportView } from './report-view.js';

type Multi = Extract<Query, { kind: 'rank' | 'compare' | 'total' | 'trend' }>;

/** One subject's figures of a report by its id (from the store's derived figures, or computed from a view). */
export type FiguresByReport = (reportId: number) => SubjectFigures | null;

interface Point {
  view: ReportEntry;
  value: Decimal;
  basis: Figure;
  formula: Text;
}

/** One figure of one report: the 决算 amount, or 执行率 = 决算 ÷ 预算 (null when there is no usable budget). */
function point(v: ReportEntry, figures: SubjectFigures | null, metric: 'final' | 'rate'): Point | null {
  if (metric === 'final') {
    const f = figures?.final;
    return f ? { view: v, value: f.value, basis: f, formula: phrase`${amount(f.value)}` } : null;
  }
  const b = figures?.budget;
  if (!b || b.value.isZero()) return null;
  return {
    view: v,
    value: b.final.value.div(b.value).mul(100),
    basis: b.final,
    formula: phrase`${amount(b.final.value)} ÷ ${amount(b.value)}`,
  };
}

/** The reports a question covers: those of one region when it names one. */
const inRegion = (views: readonly ReportEntry[], region: string | null | undefined) =>
  region ? views.filter((v) => v.region === region) : [...views];
const unitsOf = (views: ReportEntry[]) => [...new Set(views.map((v) => v.unitName))];
/** Units of `all` with no report among `some`, in order. */
const without = (all: ReportEntry[], some: ReportEntry[]) => {
  const have = new Set(some.map((v) => v.unitName));
  return unitsOf(all).filter((u) => !have.has(u));
};
/** Ranked order; the float key is exact for 2-place amounts and only orders, Decimal breaks its ties. */
const ranked = (pts: Point[], order: 'asc' | 'desc') => {
  const key = new Map(pts.map((p) => [p, p.value.toNumber()]));
  const sign = order === 'desc' ? -1 : 1;
  return [...pts].sort((a, b) => sign * (key.get(a)! - key.get(b)! || a.value.cmp(b.value)));
};
const latest = <V extends ReportEntry>(views: V[]) => [
  ...new Map([...views].sort((a, b) => a.year - b.year).map((v) => [v.unitName, v])).values(),
];
const basisOf = (p: Point): Basis => ({
  unit: p.view.unitName,
  year: p.view.year,
  source: p.basis.source,
  row: p.basis.row,
  page: p.basis.page,
});
const show = (metric: 'final' | 'rate', d: Decimal) => (metric === 'rate' ? percent(d) : amount(d));
const unitLabel = (metric: 'final' | 'rate') => (metric === 'rate' ? '执行率' : '决算数（万元）');

/**
 * A question across units or years. Rankings and totals read every report's figures through `figures` (the store's
 * derived figures) and the directory, never the reports; comparisons and trends read the loaded views of their units.
 */
export function runMulti(q: Multi, scope: QueryScope, figures: FiguresByReport): Answer {
  const name = q.subject.name;
  const { dir } = scope;
  const views = dir.reports;
  const pointOf = (v: ReportView, metric: 'final' | 'rate') => point(v, figuresOf(v, q.subject), metric);
  switch (q.kind) {
    case 'rank': {
      // a named year ranks that year's reports only; otherwise each unit's latest
      const pool = inRegion(views, q.region);
      const inYear = q.year ? pool.filter((v) => v.year === q.year) : pool;
      const noYear = without(pool, inYear);
      const pts = latest(inYear).map((v) => ({ v, p: point(v, figures(v.reportId), q.metric) }));
      const have = ranked(
        pts.filter((x) => x.p).map((x) => x.p!),
        q.order,
      );
      const missing = pts.filter((x) => !x.p).map((x) => `${x.v.unitName}（${x.v.year}年度）`);
      const scope = `${q.year ? `${q.year}年度 ` : ''}${q.region ?? '各单位'}`;
      if (have.length === 0)
        return {
          kind: 'no_data',
          title: `${name}排名`,
          message:
            inYear.length === 0
              ? `库中没有${scope}的报告。`
              : `${scope}都没有${name}${q.metric === 'rate' ? '的预算数，无法计算执行率' : '的数据'}。`,
          available: [...new Set(pool.map((v) => `${v.year}年度`))],
          notes: [],
        };
      const notes = [
        ...(q.region ? [`范围：${q.region}的单位`] : []),
        ...(missing.length ? [`未列入（无数据）：${missing.join('、')}`] : []),
        ...(noYear.length ? [`未列入（没有${q.year}年度报告）：${noYear.join('、')}`] : []),
        ...(new Set(have.map((p) => p.view.year)).size > 1 ? ['各单位取库中最新年度，年度逐行写明'] : []),
      ];
      if (q.limit === 1) {
        const top = have[0];
        // equal figures share the place: 0.00 and 0.00 are both the least
        const tied = have.filter((p) => p.value.eq(top.value));
        const who =
          tied.length > 1
            ? `${tied
                .slice(0, 5)
                .map((p) => `${p.view.unitName}（${p.view.year}年度）`)
                .join('、')}${tied.length > 5 ? `等${tied.length}个单位` : ''}并列`
            : `${top.view.unitName}（${top.view.year}年度）`;
        return {
          kind: 'figure',
          title: `${name}${q.order === 'desc' ? '最多' : '最少'}的单位：${who}`,
          value: top.value,
          unit: q.metric === 'rate' ? '%' : '万元',
          formula: top.formula,
          basis: tied.map(basisOf),
          table: rankTable(have, q.metric),
          notes,
          ...bars('rank', have.length),
        };
      }
      // a tie at the cut stays in: 前2 with two units equal in second place shows three
      const shown = q.limit
        ? have.filter((p, i) => i < q.limit! || p.value.eq(have[q.limit! - 1]?.value ?? NaN))
        : have;
      return {
        kind: 'table',
        title: `${scope}${name}${q.metric === 'rate' ? '执行率' : ''}排名`,
        table: rankTable(shown, q.metric),
        basis: shown.map(basisOf),
        notes,
        ...bars('rank', shown.length),
      };
    }
    case 'compare': {
      const pts = q.units.map((u) => {
        const v = latest(scope.viewsOf(u).filter((x) => !q.year || x.year === q.year))[0];
        return { u, v, p: v ? pointOf(v, q.metric) : null };
      });
      const rows = pts.map(({ u, v, p }) => [
        u,
        v ? `${v.year}` : q.year ? `${q.year}` : '—',
        p ? show(q.metric, p.value) : v ? '无数据' : '无该年度报告',
      ]);
      const have = pts.filter((x) => x.p).map((x) => x.p!);
      const notes: Text[] = [];
      if (have.length === 2 && q.metric === 'final')
        notes.push(
          phrase`${have[0].view.unitName}比${have[1].view.unitName}${have[0].value.gte(have[1].value) ? '多' : '少'} ${amount(have[0].value.minus(have[1].value).abs())} 万元`,
        );
      if (new Set(have.map((p) => p.view.year)).size > 1) notes.push('各单位取最新年度，年度不同，请注意可比性');
      return {
        kind: 'table',
        title: `${q.year ? `${q.year}年度 ` : ''}${name}${q.metric === 'rate' ? '执行率' : ''}对比`,
        table: {
          columns: [
            { title: '单位', align: 'left' },
            { title: '年度', align: 'left' },
            { title: unitLabel(q.metric), align: 'right' },
          ],
          rows,
        },
        basis: have.map(basisOf),
        notes,
        ...bars('compare', have.length),
      };
    }
    case 'total': {
      // 全区/全县 or a named region: that region's units only
      const pool = inRegion(views, q.region);
      const years = [...new Set(pool.map((v) => v.year))].sort();
      // without a year: the year most units have reported, the latest of those on a tie
      const count = (y: number) => pool.filter((v) => v.year === y).length;
      const year = q.year ?? [...years].sort((a, b) => count(b) - count(a) || b - a)[0];
      const inYear = pool.filter((v) => v.year === year);
      const pts = inYear.map((v) => ({ v, p: point(v, figures(v.reportId), 'final') }));
      const have = pts.filter((x) => x.p).map((x) => x.p!);
      if (have.length === 0)
        return {
          kind: 'no_data',
          title: `${name}合计`,
          message: `${year ?? ''}${year ? '年度' : ''}${q.region ?? ''}没有单位有${name}的数据。`,
          available: years.map((y) => `${y}年度`),
          notes: [],
        };
      const sum = have.reduce((s, p) => s.plus(p.value), new Decimal(0));
      const others = without(pool, inYear);
      const notes = [
        ...(q.region ? [`范围：${q.region}的单位`] : []),
        `计入${have.length}个单位：${have.map((p) => p.view.unitName).join('、')}`,
        ...(pts.some((x) => !x.p)
          ? [
              `无数据：${pts
                .filter((x) => !x.p)
                .map((x) => x.v.unitName)
                .join('、')}`,
            ]
          : []),
        ...(others.length ? [`没有${year}年度报告（未计入）：${others.join('、')}`] : []),
      ];
      return {
        kind: 'figure',
        title: `${year}年度 ${q.region ?? '各单位'}${name}合计`,
        value: sum,
        unit: '万元',
        formula: joined(
          have.map((p) => amount(p.value)),
          ' + ',
        ),
        basis: have.map(basisOf),
        table: rankTable(ranked(have, 'desc'), 'final'),
        notes,
        ...bars('rank', have.length),
      };
    }
    case 'trend': {
      const mine = scope
        .viewsOf(q.unit)
        .filter((v) => v.year >= q.from && v.year <= q.to)
        .sort((a, b) => a.year - b.year);
      if (mine.length === 0)
        return {
          kind: 'no_data',
          title: `${q.unit}${name}`,
          message: `没有${q.unit} ${q.from}–${q.to}年度的报告。`,
          available: views.filter((v) => v.unitName === q.unit).map((v) => `${v.year}年度`),
          notes: [],
        };
      const years: { year: number; p: Point | null; derived: boolean }[] = mine.map((v) => ({
        year: v.year,
        p: pointOf(v, q.metric),
        derived: false,
      }));
      // the year before the first report, from what that report's prose says it changed by (本年 − 增减额)
      const first = mine[0];
      const cur = q.metric === 'final' && first.year - 1 >= q.from ? finalOf(first, q.subject) : null;
      const prior = cur ? priorFromProse(first, q.subject, cur) : null;
      if (prior)
        years.unshift({
          year: first.year - 1,
          p: { view: first, value: prior.value, basis: prior, formula: phrase`${amount(prior.value)}` },
          derived: true,
        });
      const missing = Array.from({ length: q.to - q.from + 1 }, (_, i) => q.from + i).filter(
        (y) => !mine.some((v) => v.year === y),
      );
      const rows = years.map((x) => [
        `${x.year}${x.derived ? '（推算）' : ''}`,
        x.p ? show(q.metric, x.p.value) : '无数据',
      ]);
      const pts = years.map((x) => x.p);
      const drawn = pts.filter(Boolean).length;
      // 决算 amounts get the trend chart (with 同比 labels); rates are drawn from the table
      const chart =
        q.metric === 'final'
          ? drawn >= 2 && mine.length >= 2
            ? { chart: { kind: 'trend' as const, unit: q.unit, subject: q.subject, from: q.from, to: q.to } }
            : bars('trend', drawn)
          : bars('trend', drawn);
      const notes = [
        ...(missing.length ? [`库中没有这些年度的报告：${missing.join('、')}`] : []),
        ...(prior ? [`${first.year - 1}年由${first.year}年度报告的情况说明推算：${prior.note ?? ''}`] : []),
      ];
      return {
        kind: 'table',
        title: `${q.unit} ${q.from}–${q.to}年度${name}${q.metric === 'rate' ? '执行率' : ''}`,
        table: {
          columns: [
            { title: '年度', align: 'left' },
            { title: unitLabel(q.metric), align: 'right' },
          ],
          rows,
        },
        basis: pts.flatMap((p) => (p ? [basisOf(p)] : [])),
        notes,
        ...chart,
      };
    }
  }
}

/** Bars from the answer's own table, when it has two figures or more to compare. */
const bars = (layout: 'trend' | 'rank' | 'compare', figures: number): { chart?: ChartHint } =>
  figures >= 2 ? { chart: { kind: 'bars', layout } } : {};

/** Places of figures in ranked order: equal figures share a place (1, 1, 3). */
export function placesOf(values: Decimal[]): number[] {
  const out: number[] = [];
  values.forEach((v, i) => {
    out.push(i > 0 && v.eq(values[i - 1]) ? out[i - 1] : i + 1);
  });
  return out;
}

/** Points in ranked order, each with its place. */
function rankTable(pts: Point[], metric: 'final' | 'rate') {
  const places = placesOf(pts.map((p) => p.value));
  return {
    columns: [
      { title: '名次', align: 'right' as const },
      { title: '单位', align: 'left' as const },
      { title: '年度', align: 'left' as const },
      { title: unitLabel(metric), align: 'right' as const },
    ],
    rows: pts.map((p, i) => [num(places[i]), p.view.unitName, `${p.view.year}`, show(metric, p.value)]),
  };
}

import { isOfKind, type UnitKind } from './unit-kinds.js';
import { Decimal } from 'decimal.js';
import {
  type Answer,
  amount,
  type Basis,
  type ChartHint,
  type FigureUnit,
  isCount,
  joined,
  num,
  percent,
  phrase,
  type Quantity,
  type Text,
} from './answer.js';
import { countWordOf, type Figure, finalOf, priorFromProse, type Subject } from './measures.js';
import type { Query } from './query.js';
import type { Directory, QueryScope, ReportEntry } from './directory.js';
import { figuresOf, type SubjectFigures } from './derive.js';
import type { ReportView } from './report-view.js';

type Multi = Extract<Query, { kind: 'rank' | 'compare' | 'total' | 'trend' }>;

/** Rows of a ranking's table and figures of a total's formula beyond these are left out, and the note says so. */
export const DISPLAY_ROWS = 30;
/** Units named in a note (未列入, 计入) beyond these are counted, not named. */
export const LISTED_NAMES = 20;

/** What a ranking or a total ranges over, and how many of the best placed it shows. */
export interface RankRequest {
  subject: Subject;
  metric: 'final' | 'rate';
  order: 'asc' | 'desc';
  /** null: each unit's latest report */
  year: number | null;
  region: string | null;
  /** units of this kind only (街道, 镇 …) */
  unitKind?: UnitKind | null;
  /** only the points past a line (万元 for a 决算, percent for a 执行率): all of them, in order */
  threshold?: Threshold | null;
  /** at least this many of the best placed, with every point tied with the last of them */
  want: number;
}

/**
 * A ranking's points as the question needs them: the best placed in exact order (at least `want`, with every point
 * tied with the last), how many points and years there are, the exact 决算 total, and the pool's reports without a
 * usable figure (the first LISTED_NAMES by unit name, and how many). Made from the store's derived figures by SQL
 * (Library.rank) or from views in memory (rankingFromViews), by the same order.
 */
export interface Ranking {
  top: Point[];
  count: number;
  years: number;
  sum: Decimal;
  missing: ReportEntry[];
  missingCount: number;
}
export type RankSource = (req: RankRequest) => Ranking;

export interface Point {
  view: ReportEntry;
  value: Decimal;
  basis: Figure;
  formula: Text;
}

/** One figure of one report: the 决算 amount, or 执行率 = 决算 ÷ 预算 (null when there is no usable budget). */
export function point(v: ReportEntry, figures: SubjectFigures | null, metric: 'final' | 'rate'): Point | null {
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

export interface Threshold {
  op: 'lt' | 'le' | 'gt' | 'ge';
  value: string;
}
const OPS = { lt: '低于', le: '不高于', gt: '超过', ge: '不低于' } as const;
/** Whether a point's exact value is past the line. */
export const passes = (value: Decimal, t: Threshold): boolean => {
  const c = value.cmp(t.value);
  return t.op === 'lt' ? c < 0 : t.op === 'le' ? c <= 0 : t.op === 'gt' ? c > 0 : c >= 0;
};

/** The reports a question covers: those of one region when it names one, of one kind of unit when it names one. */
const inScope = (
  views: readonly ReportEntry[],
  region: string | null | undefined,
  kind?: UnitKind | null,
): ReportEntry[] => views.filter((v) => (!region || v.region === region) && isOfKind(v.unitName, kind));
/** Who a ranking or total is over, as its title says it: 2024年度 上海市普陀区各街道, 各单位. */
const whoOf = (q: { region?: string | null; unitKind?: UnitKind | null }) =>
  q.unitKind ? `${q.region ?? ''}各${q.unitKind}` : (q.region ?? '各单位');
const scopeNote = (q: { region?: string | null; unitKind?: UnitKind | null }) =>
  q.region || q.unitKind ? [`范围：${q.region ? `${q.region}的` : ''}${q.unitKind ?? '单位'}`] : [];
const unitsOf = (views: ReportEntry[]) => [...new Set(views.map((v) => v.unitName))];
/** Units of `all` with no report among `some`, in order. */
const without = (all: ReportEntry[], some: ReportEntry[]) => {
  const have = new Set(some.map((v) => v.unitName));
  return unitsOf(all).filter((u) => !have.has(u));
};
export const byUnit = (a: ReportEntry, b: ReportEntry): number =>
  a.unitName < b.unitName ? -1 : a.unitName > b.unitName ? 1 : a.year - b.year;
/** Ranked order, exact: by value, then unit name (as SQL orders them). */
export const rankOrder =
  (order: 'asc' | 'desc') =>
  (a: Point, b: Point): number =>
    (order === 'desc' ? b.value.cmp(a.value) : a.value.cmp(b.value)) || byUnit(a.view, b.view);
/** The first `want` of a ranked list, with every point tied with the last of them. */
export const cutAt = (sorted: Point[], want: number): Point[] =>
  sorted.filter((p, i) => i < want || (want > 0 && p.value.eq(sorted[want - 1]?.value ?? Number.NaN)));

/** The reports a ranking ranges over: one year's or each unit's latest, of one region or all. */
export const poolOf = (
  views: readonly ReportEntry[],
  req: Pick<RankRequest, 'year' | 'region' | 'unitKind'>,
): ReportEntry[] => {
  const pool = inScope(views, req.region, req.unitKind);
  return latest(req.year ? pool.filter((v) => v.year === req.year) : pool);
};

/** A ranking computed from views in memory (tests, tools): every point, then the same cut as the store's. */
export function rankingFromViews(scope: QueryScope, req: RankRequest): Ranking {
  const pts = poolOf(scope.dir.reports, req).map((v) => {
    const view = scope.view(v.reportId);
    return { v, p: view ? point(v, figuresOf(view, req.subject), req.metric) : null };
  });
  const all = pts.flatMap((x) => (x.p ? [x.p] : [])).sort(rankOrder(req.order));
  const have = req.threshold ? all.filter((p) => passes(p.value, req.threshold!)) : all;
  const missing = pts.flatMap((x) => (x.p ? [] : [x.v])).sort(byUnit);
  return {
    top: req.threshold ? have : cutAt(have, req.want),
    count: have.length,
    years: new Set(have.map((p) => p.view.year)).size,
    sum: have.reduce((s, p) => s.plus(p.value), new Decimal(0)),
    missing: missing.slice(0, LISTED_NAMES),
    missingCount: missing.length,
  };
}

/** The ranking a rank or total question asks the store for. */
export function rankRequest(q: Extract<Query, { kind: 'rank' | 'total' }>, dir: Directory): RankRequest {
  if (q.kind === 'rank')
    return {
      subject: q.subject,
      metric: q.metric,
      order: q.order,
      year: q.year ?? null,
      region: q.region ?? null,
      unitKind: q.unitKind ?? null,
      threshold: q.threshold ?? null,
      // the one best figure is shown with the ranking table under it
      want: q.limit && q.limit > 1 ? q.limit : DISPLAY_ROWS,
    };
  return {
    subject: q.subject,
    metric: 'final',
    order: 'desc',
    year: totalYear(q, dir),
    region: q.region ?? null,
    unitKind: q.unitKind ?? null,
    want: DISPLAY_ROWS,
  };
}

/** A total's year: the one asked, else the year most of the region's units have reported (the latest on a tie). */
function totalYear(q: Extract<Query, { kind: 'total' }>, dir: Directory): number | null {
  if (q.year) return q.year;
  const counts = new Map<number, number>();
  for (const v of inScope(dir.reports, q.region, q.unitKind)) counts.set(v.year, (counts.get(v.year) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? null;
}

/** Names in a note: the first LISTED_NAMES, then how many in all. */
const listed = (names: string[], count = names.length) =>
  `${names.slice(0, LISTED_NAMES).join('、')}${count > LISTED_NAMES ? `等${count}个` : ''}`;

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
/** What a cross-unit table shows of a subject: an 执行率, a count (公务用车保有量 in 辆) or an amount in 万元. */
interface Shown {
  title: string;
  unit: FigureUnit;
  show: (d: Decimal) => Quantity;
}
function shownOf(metric: 'final' | 'rate', subject: Subject): Shown {
  if (metric === 'rate') return { title: '执行率', unit: '%', show: percent };
  const word = countWordOf(subject);
  return isCount(word)
    ? { title: `数量（${word}）`, unit: word as FigureUnit, show: (d) => num(d.toFixed(0)) }
    : { title: '决算数（万元）', unit: '万元', show: amount };
}

/**
 * A question across units or years. Rankings and totals read every report's figures through `figures` (the store's
 * derived figures) and the directory, never the reports; comparisons and trends read the loaded views of their units.
 */
export function runMulti(q: Multi, scope: QueryScope, rank: RankSource): Answer {
  const name = q.subject.name;
  const shown = shownOf(q.kind === 'total' ? 'final' : q.metric, q.subject);
  const { dir } = scope;
  const views = dir.reports;
  const pointOf = (v: ReportView, metric: 'final' | 'rate') => point(v, figuresOf(v, q.subject), metric);
  switch (q.kind) {
    case 'rank': {
      // a named year ranks that year's reports only; otherwise each unit's latest
      const pool = inScope(views, q.region, q.unitKind);
      const inYear = q.year ? pool.filter((v) => v.year === q.year) : pool;
      const noYear = without(pool, inYear);
      const ranking = rank(rankRequest(q, dir));
      const have = ranking.top;
      const missing = ranking.missing.map((v) => `${v.unitName}（${v.year}年度）`);
      const scope = `${q.year ? `${q.year}年度 ` : ''}${whoOf(q)}`;
      // with a line to pass, none past it is an answer too; no unit with the figure at all is not
      const withData = poolOf(views, rankRequest(q, dir)).length - ranking.missingCount;
      if ((q.threshold ? withData : ranking.count) === 0)
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
      // a tie at the cut stays in: 前2 with two units equal in second place shows three
      const listedPoints = q.limit && q.limit > 1 ? have : have.slice(0, DISPLAY_ROWS);
      if (q.threshold) {
        const zero = q.threshold.op === 'le' && new Decimal(q.threshold.value).isZero();
        const line = zero
          ? '为0'
          : `${q.metric === 'rate' ? '执行率' : ''}${OPS[q.threshold.op]}${q.threshold.value}${shown.unit}`;
        const who = q.unitKind ?? '单位';
        return {
          kind: 'table',
          title: `${q.year ? `${q.year}年度 ` : ''}${q.region ?? ''}${name}${line}的${who}：${have.length ? `${ranking.count}个` : '没有'}`,
          table: rankTable(listedPoints, shown),
          basis: listedPoints.map(basisOf),
          notes: [
            ...scopeNote(q),
            ...(ranking.count > listedPoints.length ? [`共${ranking.count}个，列出${listedPoints.length}个`] : []),
            ...(ranking.missingCount ? [`未计入（无数据）：${listed(missing, ranking.missingCount)}`] : []),
            ...(ranking.years > 1 ? ['各单位取库中最新年度，年度逐行写明'] : []),
          ],
        };
      }
      const notes = [
        ...scopeNote(q),
        ...(ranking.missingCount ? [`未列入（无数据）：${listed(missing, ranking.missingCount)}`] : []),
        ...(noYear.length ? [`未列入（没有${q.year}年度报告）：${listed(noYear)}`] : []),
        ...(ranking.years > 1 ? ['各单位取库中最新年度，年度逐行写明'] : []),
        ...(ranking.count > listedPoints.length
          ? [`共${ranking.count}个单位有数据，列出${q.order === 'desc' ? '前' : '后'}${listedPoints.length}名`]
          : []),
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
          // a rate is highest or lowest, an amount most or least
          title: `${name}${q.metric === 'rate' ? `执行率${q.order === 'desc' ? '最高' : '最低'}` : q.order === 'desc' ? '最多' : '最少'}的${q.unitKind ?? '单位'}：${who}`,
          value: top.value,
          unit: shown.unit,
          formula: top.formula,
          basis: tied.slice(0, DISPLAY_ROWS).map(basisOf),
          table: rankTable(listedPoints, shown),
          notes,
          ...bars('rank', listedPoints.length),
        };
      }
      return {
        kind: 'table',
        title: `${scope}${name}${q.metric === 'rate' ? '执行率' : ''}排名`,
        table: rankTable(listedPoints, shown),
        basis: listedPoints.map(basisOf),
        notes,
        ...bars('rank', listedPoints.length),
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
        p ? shown.show(p.value) : v ? '无数据' : '无该年度报告',
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
            { title: shown.title, align: 'right' },
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
      const pool = inScope(views, q.region, q.unitKind);
      const years = [...new Set(pool.map((v) => v.year))].sort();
      const req = rankRequest(q, dir);
      const year = req.year;
      const inYear = pool.filter((v) => v.year === year);
      const ranking = rank(req);
      if (ranking.count === 0)
        return {
          kind: 'no_data',
          title: `${name.replace(/合计$/, '')}合计`,
          message: `${year ?? ''}${year ? '年度' : ''}${q.unitKind ? whoOf(q).replace(/^(.*)各/, '$1') : (q.region ?? '')}没有单位有${name}的数据。`,
          available: years.map((y) => `${y}年度`),
          notes: [],
        };
      const have = ranking.top.slice(0, DISPLAY_ROWS);
      const others = without(pool, inYear);
      const more = ranking.count > have.length ? ` + …（共${ranking.count}项）` : '';
      const notes = [
        ...scopeNote(q),
        `计入${ranking.count}个单位：${listed(
          have.map((p) => p.view.unitName),
          ranking.count,
        )}`,
        ...(ranking.missingCount
          ? [
              `无数据：${listed(
                ranking.missing.map((v) => v.unitName),
                ranking.missingCount,
              )}`,
            ]
          : []),
        ...(others.length ? [`没有${year}年度报告（未计入）：${listed(others)}`] : []),
        ...(ranking.count > have.length ? [`表中列出决算数最多的${have.length}个单位`] : []),
      ];
      return {
        kind: 'figure',
        title: `${year}年度 ${whoOf(q)}${name.replace(/合计$/, '')}合计`,
        value: ranking.sum,
        unit: shown.unit,
        formula: phrase`${joined(
          have.map((p) => shown.show(p.value)),
          ' + ',
        )}${more}`,
        basis: have.map(basisOf),
        table: rankTable(have, shown),
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
          available: dir.reportsOf(q.unit).map((v) => `${v.year}年度`),
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
        x.p ? shown.show(x.p.value) : '无数据',
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
            { title: shown.title, align: 'right' },
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
function rankTable(pts: Point[], shown: Shown) {
  const places = placesOf(pts.map((p) => p.value));
  return {
    columns: [
      { title: '名次', align: 'right' as const },
      { title: '单位', align: 'left' as const },
      { title: '年度', align: 'left' as const },
      { title: shown.title, align: 'right' as const },
    ],
    rows: pts.map((p, i) => [num(places[i]), p.view.unitName, `${p.view.year}`, shown.show(p.value)]),
  };
}

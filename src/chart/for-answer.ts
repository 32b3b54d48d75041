import {
  type Answer,
  type Cell,
  type ChartHint,
  chartHintOf,
  isPhrase,
  type TableData,
  type Text,
} from '../query/answer.js';
import { fixed2, textOf } from '../render/format.js';
import type { QueryScope } from '../query/directory.js';
import type { ReportView } from '../query/report-view.js';
import { executionChart, threePublicChart } from './execution.js';
import { renderBars } from './render.js';
import { structureChart, trendChart } from './structure.js';
import { clampCaption } from './text.js';
import type { Chart } from './types.js';

export const CHART_NAMES = ['支出结构', '执行率', '三公'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

/** `/chart 支出结构|执行率|三公` for one report; null when the report has nothing to draw. */
export function chartByName(name: ChartName, view: ReportView): Chart | null {
  switch (name) {
    case '支出结构':
      return structureChart(view);
    case '执行率':
      return executionChart(view);
    case '三公':
      return threePublicChart(view);
  }
}

/** The chart form of an answer, from the hint its builder set (see ChartHint); null without one or when nothing can be drawn. */
export function chartForAnswer(answer: Answer, scope: Pick<QueryScope, 'view' | 'viewsOf'>): Chart | null {
  const hint = chartHintOf(answer);
  if (!hint || (answer.kind !== 'figure' && answer.kind !== 'table')) return null;
  const view = (reportId: number) => scope.view(reportId) ?? null;
  switch (hint.kind) {
    case 'structure': {
      const v = view(hint.reportId);
      return v ? structureChart(v) : null;
    }
    case 'execution': {
      const v = view(hint.reportId);
      return v ? executionChart(v) : null;
    }
    case 'three_public': {
      const v = view(hint.reportId);
      return v ? threePublicChart(v) : null;
    }
    case 'trend':
      return trendChart(
        scope.viewsOf(hint.unit).filter((v) => v.year >= hint.from && v.year <= hint.to),
        hint.unit,
        hint.subject,
      );
    case 'bars':
      return answer.table ? tableBars(answer.title, answer.table, answer.notes, hint.layout) : null;
  }
}

/** A rendered chart as the answer transports send: the PNG with its one-line caption. */
export const chartAnswer = (c: Chart): Extract<Answer, { kind: 'chart' }> => ({
  kind: 'chart',
  title: c.title,
  caption: clampCaption(c.caption),
  png: c.png,
  width: c.width,
  height: c.height,
});

type BarsLayout = Extract<ChartHint, { kind: 'bars' }>['layout'];

interface Layout {
  name: (r: string[]) => string;
  note: (r: string[]) => string | undefined;
  value: number;
}

/** A bar's length: an amount or a percentage to the 2 places the table shows; words (无数据) draw no bar. */
const barValue = (c: Cell | undefined): string | null =>
  c !== undefined && typeof c !== 'string' && !isPhrase(c) && (c.kind === 'amount' || c.kind === 'percent')
    ? fixed2(c.value)
    : null;
const LAYOUTS: Record<BarsLayout, Layout> = {
  trend: { name: (r: string[]) => `${r[0]}年度`, note: () => undefined, value: 1 },
  rank: { name: (r: string[]) => r[1], note: (r: string[]) => `${r[2]}年度`, value: 3 },
  compare: {
    name: (r: string[]) => r[0],
    note: (r: string[]) => (/^\d{4}$/.test(r[1]) ? `${r[1]}年度` : undefined),
    value: 2,
  },
};

/**
 * Bars straight from a trend (年度 | 值), rank (名次 | 单位 | 年度 | 值) or compare (单位 | 年度 | 值) table: its figures
 * are the bars, its cells as the table shows them the labels.
 */
function tableBars(title: string, data: TableData, notes: Text[], kind: BarsLayout): Chart | null {
  const heads = data.columns.map((c) => c.title);
  const layout = LAYOUTS[kind];
  if (heads.length <= layout.value || data.rows.length < 2) return null;
  const metric = heads[layout.value];
  const values = data.rows.map((r) => barValue(r[layout.value]));
  const table = { rows: data.rows.map((r) => r.map(textOf)) };
  if (values.filter((v) => v !== null).length < 2) return null;
  const unit = metric.includes('万元') ? '万元' : metric === '执行率' ? '%' : '';
  const fullTitle = unit === '万元' && !title.includes('万元') ? `${title}（万元）` : title;
  return renderBars({
    title: fullTitle,
    subtitle: unit === '%' ? `${metric}（%）` : metric,
    categories: table.rows.map((r) => ({ name: layout.name(r), note: layout.note(r) })),
    series: [{ name: metric, tone: 'dark', values, labels: table.rows.map((r) => r[layout.value]) }],
    footnote: notes.length ? notes.map(textOf).join('\n') : '数值与表格答案相同。',
    caption: clampCaption(`${fullTitle}：${table.rows.map((r) => `${layout.name(r)} ${r[layout.value]}`).join('；')}`),
  });
}

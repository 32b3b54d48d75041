import type { Answer, Basis, TableData } from '../query/answer.js';
import type { ReportView } from '../query/report-view.js';
import { executionChart, threePublicChart } from './execution.js';
import { renderBars } from './render.js';
import { structureChart } from './structure.js';
import { clampCaption } from './text.js';
import type { Chart } from './types.js';

export const CHART_NAMES = ['支出结构', '执行率', '三公'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

/** `/chart 支出结构|执行率|三公` for one report; null when the report has nothing to draw. */
export function chartByName(name: ChartName, view: ReportView): Chart | null {
  switch (name) {
    case '支出结构': return structureChart(view);
    case '执行率': return executionChart(view);
    case '三公': return threePublicChart(view);
  }
}

const THREE_RATE = /(三公经费|因公出国（境）费|公务用车(购置及运行维护|购置|运行维护)费|公务接待费)执行率$/;
const viewOf = (views: ReportView[], b: Basis | undefined) => (b ? views.find((v) => v.unitName === b.unit && v.year === b.year) ?? null : null);

/** The chart form of an answer, or null: 支出结构 → structure, 三公 执行率 → 三公 bars, trend/rank/compare tables → bars. */
export function chartForAnswer(answer: Answer, views: ReportView[]): Chart | null {
  switch (answer.kind) {
    case 'table': {
      if (answer.table.columns[0]?.title === '科目编码' && answer.title.includes('支出结构')) {
        const v = viewOf(views, answer.basis[0]);
        return v ? structureChart(v) : null;
      }
      return tableBars(answer.title, answer.table, answer.notes);
    }
    case 'figure': {
      if (answer.unit === '%' && THREE_RATE.test(answer.title)) {
        const v = viewOf(views, answer.basis[0]);
        return v ? threePublicChart(v) : null;
      }
      return answer.table ? tableBars(answer.title, answer.table, answer.notes) : null;
    }
    case 'clarify':
    case 'no_data':
    case 'unknown':
    case 'message':
    case 'error':
      return null;
  }
}

const FIGURE = /^-?\d+(\.\d+)?$/;

/** Bars straight from a trend (年度 | 值), rank (名次 | 单位 | 年度 | 值) or compare (单位 | 年度 | 值) table: its strings are the labels. */
function tableBars(title: string, table: TableData, notes: string[]): Chart | null {
  const heads = table.columns.map((c) => c.title);
  const layout = heads[0] === '年度' && heads.length === 2 ? { name: (r: string[]) => `${r[0]}年度`, note: () => undefined, value: 1 }
    : heads[0] === '名次' && heads[1] === '单位' && heads.length === 4 ? { name: (r: string[]) => r[1], note: (r: string[]) => `${r[2]}年度`, value: 3 }
      : heads[0] === '单位' && heads[1] === '年度' && heads.length === 3 ? { name: (r: string[]) => r[0], note: (r: string[]) => (/^\d{4}$/.test(r[1]) ? `${r[1]}年度` : undefined), value: 2 }
        : null;
  if (!layout || table.rows.length < 2) return null;
  const metric = heads[layout.value];
  const values = table.rows.map((r) => { const s = r[layout.value].replace(/[%,]/g, ''); return FIGURE.test(s) ? s : null; });
  if (values.filter((v) => v !== null).length < 2) return null;
  const unit = metric.includes('万元') ? '万元' : metric === '执行率' ? '%' : '';
  const fullTitle = unit === '万元' && !title.includes('万元') ? `${title}（万元）` : title;
  return renderBars({
    title: fullTitle,
    subtitle: unit === '%' ? `${metric}（%）` : metric,
    categories: table.rows.map((r) => ({ name: layout.name(r), note: layout.note(r) })),
    series: [{ name: metric, tone: 'dark', values, labels: table.rows.map((r) => r[layout.value]) }],
    footnote: notes.length ? notes.join('\n') : '数值与表格答案相同。',
    caption: clampCaption(`${fullTitle}：${table.rows.map((r) => `${layout.name(r)} ${r[layout.value]}`).join('；')}`),
  });
}

import { z } from 'zod';
import { CHART_NAMES, type ChartName, chartAnswer, chartByName, chartForAnswer } from '../src/chart/index.js';
import { namedUnits, withoutUnit } from '../src/nlu/units.js';
import { normalize } from '../src/nlu/normalize.js';
import type { Answer } from '../src/query/answer.js';
import { ask } from '../src/query/ask.js';
import type { Directory } from '../src/query/directory.js';
import { defineCommand } from './define.js';
import { resolveView } from './scope.js';

/** The words after /chart (or before 图) that name each chart of one report. */
const NAMES: Record<ChartName, RegExp> = {
  支出结构: /^(?:支出)?结构(?:分析|情况)?$/,
  执行率: /^(?:预算)?执行(?:率|情况)?$/,
  三公: /^三公(?:经费)?(?:执行率|执行情况|情况|预算)?$/,
};

export const CHART_USAGE = [
  '/chart 支出结构 — 各类支出及占比（按功能分类 类）',
  '/chart 执行率 — 项级科目 年初预算与决算',
  '/chart 三公 — “三公”经费 预算与决算',
  '也可以在问题后加“图”，如「支出结构图」「各单位三公经费排名图」；表格答案下的「看图」按钮同样出图。',
].join('\n');
const usage = (title = '可以画的图'): Answer => ({ kind: 'message', title, text: CHART_USAGE, table: null });

const ASK_PREFIX = /^(?:请|帮我|给我)*(?:画|看|生成|做|出)(?:一下|一张|一个|个|张)?/;

/**
 * 「支出结构图」「三公经费图表」「看图 执行率」→ what to draw ('' for 看图 alone); null when the text asks for no chart.
 * Read in the dispatcher, before the NLU: a chart is a reply form, not a query, and needs the chat's defaults as /chart does.
 */
export function chartRequest(text: string): string | null {
  const t = normalize(text).replace(/[。.！!？?]+$/, '');
  const m =
    /^(?:看图|画图|图表)[:：]?(.*)$/.exec(t) ?? /^(.+?)(?:的)?(?:图表|柱状图|条形图|统计图|看图|画图|图)$/.exec(t);
  return m ? m[1].replace(ASK_PREFIX, '') : null;
}

/** A unit and year named in the text override the chat's; the rest names the chart. */
function scopeIn(text: string, dir: Directory): { rest: string; unit: string | null; year: number | null } {
  const year = /(20\d{2})年?度?/.exec(text);
  let rest = year ? text.replace(year[0], '') : text;
  const units = namedUnits(rest, dir);
  const unit = units.length === 1 ? units[0] : null;
  if (unit) rest = withoutUnit(rest, unit, dir);
  return { rest: rest.replace(/^的|的$/g, ''), unit, year: year ? Number(year[1]) : null };
}

export const chartCommand = defineCommand({
  name: 'chart',
  description: '看图：/chart 支出结构、/chart 执行率、/chart 三公；或在问题后加“图”，如「各单位三公经费排名图」',
  args: z.object({ what: z.string().max(200, '太长了（最多200字）') }),
  parse: (rest) => ({ what: chartRequest(rest) ?? normalize(rest) }),
  run: async ({ what }, deps) => {
    if (!what) return usage();
    const scope = scopeIn(what, await deps.lib.directory());
    const name = CHART_NAMES.find((n) => NAMES[n].test(scope.rest));
    if (name) {
      const view = await resolveView({
        ...deps,
        unit: scope.unit ?? deps.unit,
        year: scope.year ?? (scope.unit ? null : deps.year),
      });
      if ('kind' in view) return view;
      const chart = chartByName(name, view);
      return chart
        ? chartAnswer(chart)
        : {
            kind: 'no_data',
            title: `${name}图`,
            message: `${view.year}年度 ${view.unitName} 的报告中没有可画「${name}」图的数据。`,
            available: [],
            notes: [],
          };
    }
    // any question whose answer has a chart form: rank, compare, trend, total, 支出结构, 三公 and 项 执行率
    const answer = await ask(deps.lib, what, { unit: deps.unit, year: deps.year });
    const chart = chartForAnswer(answer, await deps.lib.scopeOfAnswer(answer));
    if (chart) return chartAnswer(chart);
    switch (answer.kind) {
      case 'figure':
      case 'table':
        return {
          ...answer,
          notes: [...answer.notes, '这个回答没有图表形式。可画的图：/chart 支出结构、/chart 执行率、/chart 三公'],
        };
      case 'unknown':
        return usage(`没有「${what}」图`);
      default:
        return answer;
    }
  },
});

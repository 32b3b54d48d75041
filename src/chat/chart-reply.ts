import { chartAnswer, chartForAnswer } from '../chart/index.js';
import { log } from '../log.js';
import type { Answer } from '../query/answer.js';
import type { Library } from '../query/ask.js';
import { GENERIC_ERROR } from './dispatch.js';

export const NO_CHART = '这个回答没有可画的图（报告可能已重新导入），请重新提问。';

/** What a 看图 button sends: the chart form of the answer it sits under, drawn now. Never throws. */
export async function chartReply(lib: Library, answer: Answer): Promise<Answer> {
  try {
    const chart = chartForAnswer(answer, await lib.scopeOfAnswer(answer));
    return chart
      ? chartAnswer(chart)
      : { kind: 'no_data', title: '没有图表', message: NO_CHART, available: [], notes: [] };
  } catch (e) {
    log.error('chart failed', { error: e });
    return { kind: 'error', message: GENERIC_ERROR };
  }
}

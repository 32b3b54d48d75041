import { z } from 'zod';
import { exportReply } from '../src/chat/export-reply.js';
import { ask } from '../src/query/ask.js';
import { defineCommand } from './define.js';
import { trailingFormat } from './export.js';

/** 「05」→ 公开05表, 「全部」→ 全部表格, 「三公」→ 三公表; a question passes as it is. */
export function tableQuestion(which: string): string {
  if (/^\d{1,2}$/.test(which)) return `公开${which.padStart(2, '0')}表`;
  if (/^(?:all|全部|所有|全部表格?)$/i.test(which)) return '全部表格';
  return /表$/.test(which) ? which : `${which}表`;
}

export const tableCommand = defineCommand({
  name: 'table',
  description: '查看决算表，如：/table 05、/table 三公、/table 全部；加 xlsx 或 csv 导出文件，如 /table 05 xlsx',
  args: z.object({
    which: z.string().min(1, '请说明哪张表，如 /table 05 或 /table 三公'),
    format: z.enum(['xlsx', 'csv']).nullable(),
  }),
  parse: (rest) => {
    const { what, format } = trailingFormat(rest);
    return { which: what, format };
  },
  run: async ({ which, format }, deps) => {
    const answer = await ask(deps.lib, tableQuestion(which), { unit: deps.unit, year: deps.year });
    return format ? exportReply(deps.lib, answer, format) : answer;
  },
});

import { z } from 'zod';
import { defineCommand } from './define.js';

export const yearsCommand = defineCommand({
  name: 'years',
  description: '本聊天单位已有哪些年度',
  args: z.object({}),
  parse: () => ({}),
  run: async (_args, deps) => {
    const views = (await deps.lib.directory()).reports.filter((v) => !deps.unit || v.unitName === deps.unit);
    const years = [...new Set(views.map((v) => v.year))].sort();
    if (years.length === 0)
      return { kind: 'no_data', title: '没有数据', message: '没有已导入的年度。', available: [], notes: [] };
    return {
      kind: 'message',
      title: `${deps.unit ?? '库中'}已有年度：${years.map((y) => `${y}年度`).join('、')}`,
      text: deps.year ? `本聊天默认年度：${deps.year}` : '默认取最新年度',
      table: null,
    };
  },
});

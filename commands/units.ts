import { z } from 'zod';
import { defineCommand } from './define.js';

export const unitsCommand = defineCommand({
  name: 'units',
  description: '库中有哪些单位及年度',
  args: z.object({}),
  parse: () => ({}),
  run: async (_args, deps) => {
    const views = await deps.lib.all();
    if (views.length === 0) return { kind: 'no_data', title: '没有数据', message: '库中还没有任何决算报告，请管理员用 /import 导入。', available: [], notes: [] };
    const units = [...new Map(views.map((v) => [v.unitName, v])).values()];
    return {
      kind: 'table',
      title: '库中的单位',
      table: { columns: [{ title: '单位', align: 'left' }, { title: '简称', align: 'left' }, { title: '年度', align: 'left' }], rows: units.map((u) => [u.unitName, u.aliases.slice(0, 3).join('、'), views.filter((v) => v.unitName === u.unitName).map((v) => v.year).sort().join('、')]) },
      basis: [],
      notes: deps.unit ? [`本聊天默认单位：${deps.unit}`] : [],
    };
  },
});

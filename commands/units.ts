import { z } from 'zod';
import { defineCommand } from './define.js';

export const unitsCommand = defineCommand({
  name: 'units',
  description: '库中有哪些单位及年度',
  args: z.object({}),
  parse: () => ({}),
  run: async (_args, deps) => {
    const views = (await deps.lib.directory()).reports;
    if (views.length === 0)
      return {
        kind: 'no_data',
        title: '没有数据',
        message: '库中还没有任何决算报告，请管理员用 /import 导入。',
        available: [],
        notes: [],
      };
    // grouped by region (上海市普陀区, 阳谷县 …) as the reports name it
    const years = new Map<string, number[]>();
    for (const v of views) years.set(v.unitName, [...(years.get(v.unitName) ?? []), v.year]);
    const units = [...new Map(views.map((v) => [v.unitName, v])).values()].sort(
      (a, b) => (a.region ?? '').localeCompare(b.region ?? '') || a.unitName.localeCompare(b.unitName),
    );
    return {
      kind: 'table',
      title: `库中的单位（${units.length}个）`,
      table: {
        columns: [
          { title: '地区', align: 'left' },
          { title: '单位', align: 'left' },
          { title: '简称', align: 'left' },
          { title: '年度', align: 'left' },
        ],
        rows: units.map((u, i) => [
          u.region && u.region !== units[i - 1]?.region ? u.region : u.region ? '' : '（未注明）',
          u.unitName,
          u.aliases.slice(0, 3).join('、'),
          [...(years.get(u.unitName) ?? [])].sort().join('、'),
        ]),
      },
      basis: [],
      notes: deps.unit ? [`本聊天默认单位：${deps.unit}`] : [],
    };
  },
});

import { z } from 'zod';
import { defineCommand } from './define.js';
import { resolveView } from './scope.js';
import { normalize } from '../src/nlu/normalize.js';

export const subjectsCommand = defineCommand({
  name: 'subjects',
  description: '查找科目及编码，如：/subjects 住房',
  args: z.object({ keyword: z.string() }),
  parse: (rest) => ({ keyword: rest.trim() }),
  run: async ({ keyword }, deps) => {
    const view = await resolveView(deps);
    if ('kind' in view) return view;
    const key = normalize(keyword);
    const seen = new Map<string, string[]>();
    for (const t of view.tables.values())
      for (const r of t.rows) {
        if (!r.code || !r.classification || seen.has(`${r.classification}${r.code}`)) continue;
        if (key && !normalize(r.name).includes(key) && !r.code.startsWith(key)) continue;
        seen.set(`${r.classification}${r.code}`, [
          r.code,
          r.name,
          r.classification === 'function' ? '功能分类' : '经济分类',
          t.label ?? t.title,
        ]);
      }
    const rows = [...seen.values()].slice(0, 60);
    if (rows.length === 0)
      return {
        kind: 'no_data',
        title: '科目',
        message: `${view.year}年度 ${view.unitName} 没有名称含“${keyword}”的科目。`,
        available: [],
        notes: [],
      };
    return {
      kind: 'table',
      title: `${view.year}年度 ${view.unitName} 科目${keyword ? `（含“${keyword}”）` : ''}`,
      table: {
        columns: [
          { title: '编码', align: 'left' },
          { title: '名称', align: 'left' },
          { title: '分类', align: 'left' },
          { title: '表', align: 'left' },
        ],
        rows,
      },
      basis: [],
      notes: seen.size > 60 ? [`共${seen.size}个，仅显示前60个`] : [],
    };
  },
});

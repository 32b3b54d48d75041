import { z } from 'zod';
import { setChatSettings } from '../db/store.js';
import { defineCommand } from './define.js';
import { unitByName } from '../src/nlu/units.js';

export const unitCommand = defineCommand({
  name: 'unit',
  description: '设置本聊天的默认单位：/unit 名称（管理员）',
  adminOnly: true,
  args: z.object({ name: z.string() }),
  parse: (rest) => ({ name: rest.trim() }),
  run: async ({ name }, deps) => {
    const dir = await deps.lib.directory();
    const views = dir.reports;
    if (!name) {
      await setChatSettings(deps.db, deps.chatKey, { unitId: null });
      return { kind: 'message', title: '已清除本聊天的默认单位', text: '', table: null };
    }
    // by name, alias, shortening, part of the name or region (unitByName): one unit, or the ones the name fits
    const found = unitByName(name, dir);
    const units = !found ? [] : 'unit' in found ? [found.unit] : found.candidates;
    const hits = units.map((u) => views.find((v) => v.unitName === u)!);
    if (hits.length === 0)
      return {
        kind: 'no_data',
        title: '没有这个单位',
        message: `库中没有“${name}”。`,
        available: [...new Set(views.map((v) => v.unitName))],
        notes: [],
      };
    if (hits.length > 1)
      return {
        kind: 'clarify',
        title: '请选择单位',
        message: `“${name}”对应多个单位：`,
        candidates: hits.map((v) => ({ label: v.unitName, code: null, value: null, question: `/unit ${v.unitName}` })),
      };
    await setChatSettings(deps.db, deps.chatKey, { unitId: hits[0].unitId });
    return {
      kind: 'message',
      title: `本聊天默认单位已设为：${hits[0].unitName}`,
      text: '现在可以直接提问，如「三公经费执行率」。',
      table: null,
    };
  },
});

import { z } from 'zod';
import { setChatSettings } from '../db/store.js';
import { defineCommand } from './define.js';

export const yearCommand = defineCommand({
  name: 'year',
  description: '设置本聊天的默认年度：/year 2024（管理员；不带年度则取最新）',
  adminOnly: true,
  args: z.object({ year: z.number().int().min(2000).max(2100).nullable() }),
  parse: (rest) => ({ year: /\d{4}/.test(rest) ? Number(/\d{4}/.exec(rest)![0]) : null }),
  run: async ({ year }, deps) => {
    await setChatSettings(deps.db, deps.chatKey, { year });
    return {
      kind: 'message',
      title: year ? `本聊天默认年度已设为：${year}年度` : '本聊天默认年度：最新年度',
      text: '',
      table: null,
    };
  },
});

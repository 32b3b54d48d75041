import { z } from 'zod';
import { defineCommand } from './define.js';
import { HELP_EXAMPLES } from '../src/query/answer.js';

export const helpCommand = defineCommand({
  name: 'help',
  description: '能做什么、怎么问',
  args: z.object({}),
  parse: () => ({}),
  run: async (_args, deps) => {
    const views = (await deps.lib.directory()).reports;
    const units = [...new Set(views.map((v) => v.unitName))];
    const lines = [
      '直接提问（群里请 @我 或回复我的消息），例如：',
      ...HELP_EXAMPLES.map((e) => `· ${e}`),
      '',
      '命令：/table 05 · /table 三公 · /subjects 住房 · /units · /years · /audit',
      '看图：/chart 支出结构 · /chart 执行率 · /chart 三公，或问「支出结构图」；表格答案下有「看图」按钮',
      '管理员：/unit 名称 · /year 2024 · /import（发送文件）· /digest add 每周一 09:00（定时推送）',
      '定时推送：/digest list · /digest preview N',
      units.length ? `库中单位：${units.join('、')}` : '库中还没有报告，请管理员导入。',
    ];
    return { kind: 'message', title: '决算问数：单位决算公开数字问答', text: lines.join('\n'), table: null };
  },
});

export const startCommand = { ...helpCommand, name: 'start', description: '开始使用' };

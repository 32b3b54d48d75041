import { z } from 'zod';
import { ask } from '../src/query/ask.js';
import { defineCommand } from './define.js';

export const askCommand = defineCommand({
  name: 'ask',
  description: '提问，如：/ask 三公经费执行率',
  args: z.object({ question: z.string().max(500, '问题太长（最多500字）') }),
  parse: (rest) => ({ question: rest.trim() }),
  run: ({ question }, deps) => ask(deps.lib, question, { unit: deps.unit, year: deps.year }),
});

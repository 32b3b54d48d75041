import { z } from 'zod';
import { ask } from '../src/query/ask.js';
import { defineCommand } from './define.js';

export const tableCommand = defineCommand({
  name: 'table',
  description: '查看决算表，如：/table 05、/table 三公',
  args: z.object({ which: z.string().min(1, '请说明哪张表，如 /table 05 或 /table 三公') }),
  parse: (rest) => ({ which: rest.trim() }),
  run: ({ which }, deps) => {
    const q = /^\d{1,2}$/.test(which) ? `公开${which.padStart(2, '0')}表` : /表$/.test(which) ? which : `${which}表`;
    return ask(deps.lib, q, { unit: deps.unit, year: deps.year });
  },
});

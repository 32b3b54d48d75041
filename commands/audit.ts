import { z } from 'zod';
import { defineCommand } from './define.js';
import { resolveView } from './scope.js';
import { formatFinding } from '../src/audit/index.js';
import { coverageLine, proseCoverage } from '../src/ingest/coverage.js';

export const auditCommand = defineCommand({
  name: 'audit',
  description: '勾稽审核结果（表内、表间、文字与表格）',
  args: z.object({}),
  parse: () => ({}),
  run: async (_args, deps) => {
    const view = await resolveView(deps);
    if ('kind' in view) return view;
    const real = view.findings.filter((f) => f.severity === 'finding');
    const rounding = view.findings.length - real.length;
    const ordered = [...real, ...view.findings.filter((f) => f.severity === 'rounding')];
    const text = [
      coverageLine(proseCoverage(view.facts)),
      ordered.length === 0 ? '各项勾稽关系均相符。' : ordered.map((f, i) => `${i + 1}. ${formatFinding(f)}`).join('\n'),
    ].join('\n');
    return {
      kind: 'message',
      title: `${view.year}年度 ${view.unitName} 勾稽审核：${real.length}项问题，${rounding}项尾数误差`,
      text,
      table: null,
    };
  },
});

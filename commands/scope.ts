import type { Answer } from '../src/query/answer.js';
import type { ReportView } from '../src/query/report-view.js';
import type { CommandDeps } from './define.js';

/** The report a chat command is about: the chat's unit (or the only unit) and year (or the latest). */
export async function resolveView(deps: CommandDeps): Promise<ReportView | Answer> {
  const views = (await deps.lib.directory()).reports;
  const units = [...new Set(views.map((v) => v.unitName))];
  const unit = deps.unit ?? (units.length === 1 ? units[0] : null);
  if (!unit) {
    if (units.length === 0)
      return {
        kind: 'no_data',
        title: '没有数据',
        message: '库中还没有任何决算报告，请管理员用 /import 导入。',
        available: [],
        notes: [],
      };
    return {
      kind: 'clarify',
      title: '请选择单位',
      message: '本聊天未设置默认单位，请先选择单位（/unit 名称）：',
      candidates: units.map((u) => ({ label: u, code: null, value: null, question: `/unit ${u}` })),
    };
  }
  const mine = views.filter((v) => v.unitName === unit || v.aliases.includes(unit)).sort((a, b) => b.year - a.year);
  const entry = deps.year ? mine.find((v) => v.year === deps.year) : mine[0];
  const view = entry && (await deps.lib.scopeOfReports([entry.reportId])).view(entry.reportId);
  if (!view)
    return {
      kind: 'no_data',
      title: '没有数据',
      message: `没有${unit}${deps.year ? ` ${deps.year}年度` : ''}的决算报告。`,
      available: mine.map((v) => `${v.year}年度`),
      notes: [],
    };
  return view;
}

import { z } from 'zod';
import { exportReply } from '../src/chat/export-reply.js';
import { type Answer, type ExportFormat, isExportable } from '../src/query/answer.js';
import { ask, type Library } from '../src/query/ask.js';
import { defineCommand } from './define.js';
import { tableQuestion } from './table.js';

const FORMATS: [RegExp, ExportFormat][] = [
  [/^(?:excel|xlsx|xls|电子表格)$/i, 'xlsx'],
  [/^csv$/i, 'csv'],
];
const formatOf = (word: string): ExportFormat | undefined => FORMATS.find(([re]) => re.test(word))?.[1];

// 「三公经费表导出」「导出公开05表」「各类支出排名 excel」「收入决算表导出为CSV」「下载全部表格」
const LEADING = /^(?:请|帮我|给我)*(?:导出|下载)(?:一下)?/;
const TRAILING =
  /[，,。.！!？?\s]*(?:(?:并|请|帮我)?(?:导出|下载)(?:一下)?(?:为|成|到)?(?:excel|xlsx|xls|csv|电子表格)?(?:文件|表格)?|(?:的|为|成)?(excel|xlsx|xls|csv)(?:文件|表格|格式)?)[。.！!？?\s]*$/i;

/**
 * The words that turn a question into an export, read before the NLU (as 「…图」 is for charts): the question
 * with them taken off, and the format asked for (Excel unless CSV is named). null when the text asks for no file.
 */
export function exportRequest(text: string): { what: string; format: ExportFormat } | null {
  const t = text.trim();
  const tail = TRAILING.exec(t);
  const lead = LEADING.exec(t);
  if (!tail && !lead) return null;
  const named = /(excel|xlsx|xls|csv|电子表格)/i.exec(tail?.[0] ?? '');
  const what = (tail ? t.slice(0, tail.index) : t).replace(LEADING, '').trim();
  return { what, format: (named && formatOf(named[1])) ?? 'xlsx' };
}

/** 「05 xlsx」「三公 csv」: the table asked for and a trailing format, if one is named. */
export function trailingFormat(rest: string): { what: string; format: ExportFormat | null } {
  const m = /^(.*?)\s*(?:[，,]\s*)?(\S+)$/.exec(rest.trim());
  const format = m ? formatOf(m[2]) : undefined;
  return format && m ? { what: m[1], format } : { what: rest.trim(), format: null };
}

export const EXPORT_USAGE = [
  '/export 05 — 公开05表导出为 Excel',
  '/export 全部 — 报告的全部决算表，一张表一个工作表',
  '/export 各单位三公经费排名 csv — 任何表格答案，CSV 格式',
  '也可以在问题后加“导出”，如「三公经费表导出」；表格答案下的「导出Excel」按钮同样导出。',
].join('\n');

const usage = (): Answer => ({ kind: 'message', title: '可以导出的表格', text: EXPORT_USAGE, table: null });

export const exportCommand = defineCommand({
  name: 'export',
  description: '导出Excel/CSV：/export 05、/export 全部、/export 三公经费排名 csv；或在问题后加“导出”',
  args: z.object({ what: z.string().max(200, '太长了（最多200字）'), format: z.enum(['xlsx', 'csv']) }),
  parse: (rest) => {
    const asked = exportRequest(rest);
    if (asked) return asked;
    const { what, format } = trailingFormat(rest);
    return { what, format: format ?? 'xlsx' };
  },
  run: ({ what, format }, deps) =>
    what ? exportAsked(deps.lib, what, format, { unit: deps.unit, year: deps.year }) : Promise.resolve(usage()),
});

/**
 * What /export, the CLI's `export` and 「…导出」 write: the table of the answer to `what`. 「05」「全部」 name tables;
 * 「三公」 is a figure as a question and the 三公 table as a table's name, so a short name answered by a figure is tried as one.
 */
export async function exportAsked(
  lib: Library,
  what: string,
  format: ExportFormat,
  scope: { unit: string | null; year: number | null },
): Promise<Answer> {
  const asked = await ask(lib, /^\d{1,2}$|^(?:all|全部|所有)$/i.test(what) ? tableQuestion(what) : what, scope);
  // only a short name answered by a figure is tried as a table's name (三公, 三公经费): 三公经费执行率 asks for a figure
  const answer =
    asked.kind === 'figure' && [...what].length <= 4
      ? await ask(lib, tableQuestion(what), scope).then((t) => (isExportable(t) ? t : asked))
      : asked;
  return exportReply(lib, answer, format);
}

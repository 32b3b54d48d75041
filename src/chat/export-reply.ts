import { GENERIC_ERROR } from '../errors.js';
import { log } from '../log.js';
import { type Answer, type ExportFormat, isExportable } from '../query/answer.js';
import type { Library } from '../query/ask.js';
import type { QueryScope } from '../query/directory.js';
import { writeCsv } from '../render/csv.js';
import { answerSheet, labelOf, reportTableSheet, type Sheet } from '../render/sheet.js';
import { writeXlsx } from '../render/xlsx.js';

export const NOTHING_TO_EXPORT =
  '这个回答没有可导出的表格。可以导出公开表（如 /table 05 xlsx）、排名、比较和筛选的结果。';
export const REPORT_GONE = '这张表所在的报告已重新导入或删除，请重新提问后再导出。';

const FORMAT_NAMES: Record<ExportFormat, string> = { xlsx: 'Excel', csv: 'CSV' };
/** what a clarify's candidate adds to its question so that choosing it exports (read by exportRequest) */
const EXPORT_WORDS: Record<ExportFormat, string> = { xlsx: '导出Excel', csv: '导出CSV' };

/** A file name that says what it is and that every system accepts: no / \ : * ? " < > | nor control characters. */
export function exportFileName(base: string, format: ExportFormat): string {
  const safe = base
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '')
    .replace(/\s+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._]+|[._]+$/g, '')
    .slice(0, 80);
  return `${safe || '决算问数导出'}.${format}`;
}

/** The sheets a table answer becomes, and the name its file is given. */
export function sheetsOf(
  answer: Extract<Answer, { kind: 'table' }>,
  scope: Pick<QueryScope, 'view'>,
): { sheets: Sheet[]; base: string } | { gone: true } {
  const ref = answer.reportTables;
  if (!ref) {
    const sheet = answerSheet(answer);
    return { sheets: sheet ? [sheet] : [], base: answer.title };
  }
  const view = scope.view(ref.reportId);
  const tables = view ? ref.keys.flatMap((k) => view.tables.get(k) ?? []) : [];
  if (!view || tables.length === 0) return { gone: true };
  // 公开05表 says what it is; a report's own label (表1) needs its title beside it
  const what =
    tables.length > 1
      ? '全部表格'
      : /^公开\d+表$/.test(labelOf(tables[0]))
        ? labelOf(tables[0])
        : `${labelOf(tables[0])}_${tables[0].title}`;
  return { sheets: tables.map((t) => reportTableSheet(view, t)), base: `${view.unitName}_${view.year}_${what}` };
}

/**
 * An answer's table as a file (导出Excel, /table 05 xlsx, 「…导出」): a 公开表 written from the store as the report
 * prints it, any other table answer from its own rows. An answer without a table comes back as it is (a clarify
 * still asks which unit), or says there is nothing to export. Never throws.
 */
export async function exportReply(lib: Library, answer: Answer, format: ExportFormat): Promise<Answer> {
  if (!isExportable(answer)) {
    if (answer.kind === 'figure' || answer.kind === 'message' || answer.kind === 'chart' || answer.kind === 'file') {
      return { kind: 'no_data', title: '没有可导出的表格', message: NOTHING_TO_EXPORT, available: [], notes: [] };
    }
    // which unit, which subject: a chosen candidate still asks for the file
    if (answer.kind === 'clarify')
      return {
        ...answer,
        candidates: answer.candidates.map((c) => ({ ...c, question: `${c.question} ${EXPORT_WORDS[format]}` })),
      };
    return answer;
  }
  try {
    const found = sheetsOf(answer, await lib.scopeOfAnswer(answer));
    if ('gone' in found) return { kind: 'no_data', title: '无法导出', message: REPORT_GONE, available: [], notes: [] };
    const bytes = format === 'xlsx' ? await writeXlsx(found.sheets) : writeCsv(found.sheets);
    const rows = found.sheets.reduce((n, s) => n + s.rows.length, 0);
    const fileName = exportFileName(found.base, format);
    const what = found.sheets.length > 1 ? `${found.sheets.length} 张表，共 ${rows} 行` : `${rows} 行`;
    return {
      kind: 'file',
      title: answer.title,
      caption: `${answer.title}（${FORMAT_NAMES[format]}，${what}，金额单位万元）`,
      fileName,
      format,
      bytes,
    };
  } catch (e) {
    log.error('export failed', { error: e });
    return { kind: 'error', message: GENERIC_ERROR };
  }
}

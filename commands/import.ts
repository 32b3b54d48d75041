import { z } from 'zod';
import { bulkSummary } from '../src/cli/bulk-import.js';
import { formatImportSummaries } from '../src/cli/format-import.js';
import { type BulkRow, importUpload } from '../src/ingest/bulk.js';
import type { Answer } from '../src/query/answer.js';
import { isUserError, UserError } from '../src/errors.js';
import { defineCommand } from './define.js';

/** The CLI's flags in a refusal or a note, as the chat says them (the chat's /import takes the same words). */
export const inChatWords = (text: string): string =>
  text
    .replaceAll('请加 --partial', '请发送 /import partial 并重新发送该文件')
    .replaceAll('请加 --replace', '请发送 /import replace 并重新发送该文件');

/** Failures listed under the table with their whole reason (a chat table cuts long cells); past this many, counted. */
const MAX_FAILURES_LISTED = 10;

/** A zip's reply: one table row per report in it (the renderers page or cut it), the counts, then why each failure failed. */
export function zipAnswer(archive: string, rows: BulkRow[], skipped: string[]): Answer {
  if (rows.length === 0)
    return {
      kind: 'error',
      message: `「${archive}」：压缩包中没有可导入的报告（PDF、文本、Word、网页或 Excel）${skipped.length ? `（另有 ${skipped.length} 个其他文件，已跳过）` : ''}。`,
    };
  const summary = bulkSummary(rows);
  const table = { ...summary.table, rows: summary.table.rows.map((r) => r.map(inChatWords)) };
  const lines = summary.lines.map(inChatWords);
  const shown = summary.names;
  const failed = rows.filter((r) => !r.ok);
  const names = new Map(rows.map((r, i) => [r, shown[i]]));
  const why = failed.slice(0, MAX_FAILURES_LISTED).map((r) => `· ${names.get(r)}：${inChatWords(r.error ?? '')}`);
  if (failed.length > MAX_FAILURES_LISTED) why.push(`另有 ${failed.length - MAX_FAILURES_LISTED} 个文件失败，见上表。`);
  const text = [
    ...lines,
    ...(skipped.length ? [`另有 ${skipped.length} 个文件不是可导入的报告，已跳过。`] : []),
    ...(why.length ? ['失败原因：', ...why] : []),
  ].join('\n');
  const ok = rows.length - failed.length;
  return {
    kind: 'message',
    title: `压缩包「${archive}」：${rows.length} 个报告，成功 ${ok}，失败 ${failed.length}`,
    text,
    table,
  };
}

export const importCommand = defineCommand({
  name: 'import',
  description: '导入决算报告：发送 PDF、文本、Word、网页（.html）、Excel（.xlsx）或 zip 压缩包并附言 /import（管理员）',
  adminOnly: true,
  args: z.object({ partial: z.boolean(), replace: z.boolean() }),
  parse: (rest) => ({ partial: /partial|部分/.test(rest), replace: /replace|替换/.test(rest) }),
  run: async ({ partial, replace }, deps) => {
    if (!deps.file)
      return {
        kind: 'message',
        title: '请发送报告文件',
        text: '把决算报告（PDF、UTF-8 文本、Word .docx/.doc、网页 .html、Excel .xlsx，或装有多份报告的 zip 压缩包）作为文件发到本聊天，并在说明里写 /import。Telegram 一次发送多个文件时，在第一个文件的说明里写 /import 即可；飞书中先发 /import，10 分钟内发来的文件都会导入。',
        table: null,
      };
    const up = await importUpload(deps.db, deps.file.name, deps.file.bytes, {
      partial,
      replace,
      ...deps.importLimits,
    }).catch((e) => Promise.reject(isUserError(e) ? new UserError(e.code, inChatWords(e.message)) : e));
    deps.lib.invalidate();
    if (up.kind === 'zip') return zipAnswer(deps.file.name, up.rows, up.skipped);
    const all = up.summaries;
    const outcome = (s: (typeof all)[number]) =>
      s.status === 'unchanged'
        ? s.supersededBy
          ? `旧版本文件，现以 ${s.supersededBy} 为准，未做修改`
          : '文件未变化，未做修改'
        : s.status === 'replaced'
          ? '已替换旧版本'
          : '已导入';
    return {
      kind: 'message',
      title:
        all.length === 1
          ? `${all[0].unitName} ${all[0].year}年度决算：${outcome(all[0])}`
          : `「${deps.file.name}」中的${all.length}份决算报告：${all.map((s) => `${s.unitName} ${s.year}年度（${outcome(s)}）`).join('、')}`,
      text: inChatWords(formatImportSummaries(all)),
      table: null,
    };
  },
});

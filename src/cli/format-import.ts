import { specOf } from '../ingest/table-specs.js';
import type { TableKey } from '../ingest/types.js';
import type { ImportSummary } from '../ingest/import-file.js';
import { formatFinding } from '../audit/index.js';
import { coverageLine } from '../ingest/coverage.js';
import { printable } from './printable.js';

const STATUS = {
  imported: '已导入',
  unchanged: '未变化（同一文件已导入，未做任何修改）',
  replaced: '已替换旧版本',
} as const;

/** What importing one file did: each report in it (a file bound together from several reports holds several). */
export function formatImportSummaries(summaries: ImportSummary[]): string {
  if (summaries.length === 1) return formatImportSummary(summaries[0]);
  const head = `${printable(summaries[0].file)}：文件中有${summaries.length}份决算报告，各作为一份报告导入（一并保存，全部成功或全部不导入）：`;
  return [head, ...summaries.map(formatImportSummary)].join('\n');
}

export function formatImportSummary(s: ImportSummary): string {
  const lines = [
    `${printable(s.file)}${s.where ? `（${s.where}）` : ''}：${s.supersededBy ? '未变化（旧版本，未做修改）' : STATUS[s.status]} — ${s.unitName} ${s.year}年度${s.scope}决算`,
  ];
  if (s.note) lines.push(`  ${printable(s.note)}`); // it names files imported before
  for (const t of s.tables)
    lines.push(
      `  ${t.label ? `${t.label}  ` : ''}${t.title}：${t.empty ? '本表无数据' : `${t.rows}行`}${t.notes.length ? `（${t.notes.join('；')}）` : ''}`,
    );
  // a 决算说明 published alone: its tables are elsewhere (a web page's attachments), not missing from it
  if (s.tables.length === 0)
    lines.push('  本文件只有决算说明（文字部分），没有决算表：只读取了说明中的数字，只在表中列出的数字无法回答。');
  else if (s.missingTables.length)
    lines.push(`  报告中没有（未导入）：${s.missingTables.map((k) => specOf(k as TableKey).title).join('、')}`);
  // a workbook of the tables alone, its 说明 published apart
  if (s.tables.length > 0 && s.facts === 0)
    lines.push(
      '  没有从情况说明（文字部分）读出数字：只能回答表中的数字，说明中的（如机关运行经费、政府采购）无法回答。',
    );
  const real = s.findings.filter((f) => f.severity === 'finding');
  lines.push(`  情况说明事实：${s.facts}条；勾稽：${real.length}项问题，${s.findings.length - real.length}项尾数误差`);
  if (s.coverage) lines.push(`  ${coverageLine(s.coverage)}`);
  for (const f of s.findings) lines.push(`    ${formatFinding(f)}`);
  return lines.join('\n');
}

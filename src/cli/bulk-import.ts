import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Db } from '../../db/client.js';
import { isUserError } from '../errors.js';
import { type ImportSummary, importFile } from '../ingest/import-file.js';
import { renderTable } from '../render/text.js';

const REPORT_EXT = new Set(['.pdf', '.txt', '.text']);

/** Files named on the command line; folders are walked recursively for PDF and text reports. */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (s?.isDirectory()) {
      for (const e of (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = join(p, e.name);
        if (e.isDirectory()) out.push(...(await collectFiles([full])));
        else if (REPORT_EXT.has(extname(e.name).toLowerCase())) out.push(full);
      }
    } else out.push(p);
  }
  return out;
}

export interface BulkRow { file: string; ok: boolean; summary?: ImportSummary; error?: string }

/** One file at a time, each in its own transaction: a bad file is reported and the rest go on. */
export async function bulkImport(db: Db, files: string[], opts: { partial?: boolean; maxBytes?: number; progress?: (done: number, total: number, file: string, failures: number) => void }): Promise<BulkRow[]> {
  const rows: BulkRow[] = [];
  for (const [i, file] of files.entries()) {
    opts.progress?.(i, files.length, file, rows.filter((r) => !r.ok).length);
    try {
      rows.push({ file, ok: true, summary: await importFile(db, file, opts) });
    } catch (e) {
      if (!isUserError(e)) rows.push({ file, ok: false, error: `内部错误：${e instanceof Error ? e.message : String(e)}` });
      else rows.push({ file, ok: false, error: e.message });
    }
  }
  opts.progress?.(files.length, files.length, '', rows.filter((r) => !r.ok).length);
  return rows;
}

const STATUS = { imported: '已导入', unchanged: '未变化', replaced: '已替换' } as const;

export function bulkSummaryTable(rows: BulkRow[]): string {
  const table = {
    columns: [{ title: '文件', align: 'left' as const }, { title: '单位', align: 'left' as const }, { title: '年度', align: 'left' as const }, { title: '状态', align: 'left' as const }, { title: '行数', align: 'right' as const }, { title: '问题', align: 'right' as const }],
    rows: rows.map((r) => r.summary
      ? [r.file.split('/').pop()!, r.summary.unitName, String(r.summary.year), STATUS[r.summary.status], String(r.summary.tables.reduce((s, t) => s + t.rows, 0)), String(r.summary.findings.filter((f) => f.severity === 'finding').length)]
      : [r.file.split('/').pop()!, '—', '—', `失败：${r.error}`, '', '']),
  };
  const ok = rows.filter((r) => r.ok).length;
  return `${renderTable(table)}\n共 ${rows.length} 个文件：成功 ${ok}，失败 ${rows.length - ok}`;
}

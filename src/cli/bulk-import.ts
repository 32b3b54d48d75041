import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Db } from '../../db/client.js';
import { isUserError } from '../errors.js';
import { type ImportOptions, type ImportSummary, importFile } from '../ingest/import-file.js';
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
export async function bulkImport(db: Db, files: string[], opts: ImportOptions & { progress?: (done: number, total: number, file: string, failures: number) => void }): Promise<BulkRow[]> {
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
const statusOf = (s: ImportSummary) => (s.supersededBy ? '未变化（旧版本）' : STATUS[s.status]);

/** Paths without the folder they all share: putuo/x.pdf, not /tmp/…/putuo/x.pdf. */
function shortNames(files: string[]): string[] {
  const parts = files.map((f) => f.split(/[\\/]/));
  let common = parts.length > 0 ? Math.min(...parts.map((p) => p.length - 1)) : 0;
  for (let i = 0; i < common; i++) if (parts.some((p) => p[i] !== parts[0][i])) common = i;
  return parts.map((p) => p.slice(common).join('/'));
}

export function bulkSummaryTable(rows: BulkRow[]): string {
  const names = shortNames(rows.map((r) => r.file));
  const left = (title: string) => ({ title, align: 'left' as const });
  const right = (title: string) => ({ title, align: 'right' as const });
  const table = {
    columns: [left('文件'), left('单位'), left('年度'), left('状态'), right('行数'), right('问题'), left('说明')],
    rows: rows.map((r, i) => r.summary
      ? [names[i], r.summary.unitName, String(r.summary.year), statusOf(r.summary), String(r.summary.tables.reduce((s, t) => s + t.rows, 0)), String(r.summary.findings.filter((f) => f.severity === 'finding').length), r.summary.supersededBy ? `现以 ${r.summary.supersededBy} 为准` : '']
      : [names[i], '—', '—', '失败', '', '', r.error ?? '']),
  };
  const ok = rows.filter((r) => r.ok).length;
  const n = (st: ImportSummary['status']) => rows.filter((r) => r.summary?.status === st).length;
  const old = rows.filter((r) => r.summary?.supersededBy).length;
  const lines = [`共 ${rows.length} 个文件：成功 ${ok}（新导入 ${n('imported')}，替换 ${n('replaced')}，未变化 ${n('unchanged')}），失败 ${rows.length - ok}`];
  if (old) lines.push(`${old} 个文件是已被同单位同年度的后来文件取代的旧版本，未重新导入；如需改用，请加 --replace。`);
  return [renderTable(table), ...lines].join('\n');
}

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Db } from '../../db/client.js';
import { findReportBySha, loadReport, saveReport } from '../../db/store.js';
import { UserError } from '../errors.js';
import { auditReport } from '../audit/index.js';
import { extractLines } from './extract.js';
import { parseReport } from './parse-report.js';
import type { Finding, ReportDraft } from './types.js';

export interface ImportSummary {
  file: string;
  status: 'imported' | 'unchanged' | 'replaced';
  unitName: string;
  year: number;
  scope: string;
  tables: { key: string; title: string; label: string | null; rows: number; empty: boolean; notes: string[] }[];
  missingTables: string[];
  facts: number;
  findings: Finding[];
}

export async function importFile(db: Db, path: string, opts: { partial?: boolean; maxBytes?: number } = {}): Promise<ImportSummary> {
  const file = basename(path);
  const size = (await stat(path).catch((e) => { throw new UserError('E_BAD_FILE', `找不到文件「${path}」`, { cause: e }); })).size;
  const maxBytes = opts.maxBytes ?? 50 * 1024 * 1024;
  if (size > maxBytes) throw new UserError('E_TOO_LARGE', `「${file}」：文件大小 ${(size / 1048576).toFixed(1)} MB，超过上限 ${(maxBytes / 1048576).toFixed(0)} MB，无法导入。`);
  const bytes = new Uint8Array(await readFile(path));
  return importBytes(db, file, bytes, { ...opts, maxBytes });
}

export async function importBytes(db: Db, file: string, bytes: Uint8Array, opts: { partial?: boolean; maxBytes?: number } = {}): Promise<ImportSummary> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const existing = await findReportBySha(db, sha256);
  if (existing) {
    // the same bytes were imported before: say so without parsing again
    const stored = await loadReport(db, existing.reportId);
    if (stored) return summarize(file, 'unchanged', stored.draft, stored.findings);
  }
  const extracted = await extractLines({ fileName: file, bytes, maxBytes: opts.maxBytes });
  const draft = parseReport(extracted.lines, { format: extracted.format, pageCount: extracted.pageCount, fileName: file, partial: opts.partial });
  const findings = auditReport(draft);
  const saved = await saveReport(db, { draft, findings, sourceFile: file, sha256 });
  return summarize(file, saved.status, draft, findings);
}

const summarize = (file: string, status: ImportSummary['status'], draft: ReportDraft, findings: Finding[]): ImportSummary => ({
  file,
  status,
  unitName: draft.unitName,
  year: draft.year,
  scope: draft.scope,
  tables: draft.tables.map((t) => ({ key: t.key, title: t.title, label: t.label, rows: t.rows.length, empty: t.empty, notes: t.notes })),
  missingTables: draft.missingTables,
  facts: draft.facts.length,
  findings,
});

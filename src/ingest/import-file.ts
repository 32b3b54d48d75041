import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Db } from '../../db/client.js';
import type { ImportLogSummary } from '../../db/schema.js';
import {
  findImports,
  findReportBySha,
  loadReport,
  recordImport,
  reportKey,
  saveReports,
  type SeenImport,
} from '../../db/store.js';
import { UserError } from '../errors.js';
import { DEFAULT_MAX_BYTES } from './extract.js';
import { DEFAULT_TIMEOUT_SECONDS, ImportDeadline, type ImportLimits } from './limits.js';
import { type Parser, parseToSave } from './ready-to-save.js';
import type { ParsedReport } from './parse-file.js';
import { readRegularFile } from './read-file.js';
import { proseCoverage, type ProseCoverage } from './coverage.js';
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
  /** 项-level prose statements and how many are linked to table rows (absent in logs written before it existed) */
  coverage?: ProseCoverage;
  findings: Finding[];
  /** for 'unchanged': when these bytes were stored, and whether they are still the current version */
  note: string | null;
  /** for 'unchanged': the file now stored for the same unit and year when these bytes were superseded by it */
  supersededBy: string | null;
  /** where in a file bound together from several reports this one is (「第26–50页」); absent for a file of one report */
  where?: string;
}

/** Each limit defaults to the ingest layer's own (DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT_SECONDS). */
export interface ImportOptions extends Partial<ImportLimits> {
  partial?: boolean;
  /** the unit, for a file that names none (a 三公 notice that says only 我单位): import --unit */
  unitName?: string;
  /** bytes imported before and since superseded by a later file: store them again as the current version */
  replace?: boolean;
  /**
   * bytes imported before are parsed again and their report replaced (after the parser has learnt more: the same
   * file then gives the facts today's rules read); without it, known bytes are never parsed again
   */
  reparse?: boolean;
  /** parseToSave unless given: a bulk import's files are parsed ahead in a worker (src/ingest/parse-ahead.ts) */
  parser?: Parser;
}

export async function importFile(db: Db, path: string, opts: ImportOptions = {}): Promise<ImportSummary[]> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  return importBytes(db, basename(path), await readImportFile(path, maxBytes), { ...opts, maxBytes });
}

/** A file to import, read whole; a device or a pipe (/dev/zero, <(…)) has no size to check and may never end: only regular files are read. */
export function readImportFile(path: string, maxBytes: number): Promise<Uint8Array> {
  const file = basename(path);
  return readRegularFile(
    path,
    maxBytes,
    (size) =>
      new UserError(
        'E_TOO_LARGE',
        `「${file}」：文件大小 ${(size / 1048576).toFixed(1)} MB，超过上限 ${(maxBytes / 1048576).toFixed(0)} MB，无法导入。`,
      ),
  );
}

/** The key import_log knows a file's bytes by. */
export const bytesKey = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Bytes seen before are never parsed or stored again: 'unchanged', saying whether they are the current version of
 * their unit and year or were superseded by a later file (a PDF and its text rendering would otherwise replace each
 * other on every run). `replace` stores superseded bytes again. New bytes for a stored unit and year: 'replaced'.
 * One summary per report in the file, in file order: a file bound together from several reports stores each as its
 * own report, all in one transaction.
 *
 * Bounded in time (`timeoutSeconds`, see ImportDeadline): a PDF still being read is stopped, and the stages after it
 * (parse, audit) are checked when they end; past the limit the import stops before the save. The save is never cut
 * short: it is one transaction, begun only with time left, that commits or rolls back whole.
 */
export async function importBytes(
  db: Db,
  file: string,
  bytes: Uint8Array,
  opts: ImportOptions = {},
): Promise<ImportSummary[]> {
  const deadline = new ImportDeadline(file, opts.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
  const parse = opts.parser ?? parseToSave;
  const sha256 = bytesKey(bytes);
  const seen = await findImports(db, sha256);
  // --reparse parses known bytes again when they are the current version (superseded ones stay so without --replace)
  const reparse = opts.reparse && seen.every((s) => s.report);
  if (seen.length && !reparse && (!opts.replace || seen.every((s) => s.report))) {
    let parsed: ParsedReport[] | undefined;
    const reparse = async (k: number) => stripped((parsed ??= await parse(file, bytes, opts, deadline))[k]);
    const out: ImportSummary[] = [];
    for (const [k, s] of seen.entries()) {
      const summary = await unchanged(db, file, s, () => reparse(k));
      if (summary) out.push(summary);
    }
    if (out.length === seen.length) return out;
  } else if (!seen.length) {
    // stored before import_log existed, or by other means: say so and log it
    const existing = await findReportBySha(db, sha256);
    const stored = existing && (await loadReport(db, existing.reportId));
    if (stored) {
      const out = summarize(file, 'unchanged', stored.draft, stored.findings);
      await recordImport(db, stored.meta, stripped(out));
      return [
        {
          ...out,
          note: `与已导入的「${stored.meta.sourceFile}」（${when(stored.meta.importedAt)}）内容相同，是${stored.meta.unitName} ${stored.meta.year}年度的当前版本；未做修改。`,
        },
      ];
    }
  }
  const parsed = await parse(file, bytes, opts, deadline);
  const outs = parsed.map((p) => ({
    ...summarize(file, 'imported', p.draft, p.findings),
    ...(p.where ? { where: p.where } : {}),
    note: p.repeats.length ? `文件中${p.repeats.join('、')}是同一份报告的重复，只导入一次。` : null,
  }));
  deadline.check();
  const saved = await saveReports(
    db,
    parsed.map(({ draft, findings, derived, content }, k) => ({
      draft,
      findings,
      sourceFile: file,
      sha256: reportKey(sha256, k, parsed.length),
      summary: stripped(outs[k]),
      derived,
      content,
      ...(reparse ? { reparsed: true } : {}),
    })),
  );
  return outs.map((out, k) => ({ ...out, status: saved[k].status }));
}

/** Bytes stored before, as they are now: the current version of their report, or superseded by a later file. */
async function unchanged(
  db: Db,
  file: string,
  seen: SeenImport,
  reparse: () => Promise<ImportLogSummary>,
): Promise<ImportSummary | null> {
  const { log, report, current } = seen;
  const where = log.summary?.where ? { where: log.summary.where } : {};
  if (report) {
    const stored = await loadReport(db, report.reportId);
    if (!stored) return null;
    const note = `与已导入的「${log.sourceFile}」（${when(log.importedAt)}）内容相同，是${stored.meta.unitName} ${stored.meta.year}年度的当前版本；未做修改。`;
    return { ...summarize(file, 'unchanged', stored.draft, stored.findings), ...where, note };
  }
  if (!current) return null;
  const summary = log.summary ?? (await reparse());
  const note = `与已导入的「${log.sourceFile}」（${when(log.importedAt)}）内容相同，但该版本已被其后导入的「${current.sourceFile}」（${when(current.importedAt)}）取代，${current.unitName} ${current.year}年度以后者为准；未做修改。如需改用本文件，请加 --replace 重新导入。`;
  return {
    file,
    status: 'unchanged',
    ...summary,
    unitName: current.unitName,
    year: current.year,
    note,
    supersededBy: current.sourceFile,
  };
}

const when = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : `${d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}导入`;
};

const stripped = (s: Pick<ImportSummary, keyof ImportLogSummary> | ParsedReport): ImportLogSummary => {
  const x = 'draft' in s ? summarize('', 'imported', s.draft, s.findings) : s;
  return {
    ...('where' in s && s.where ? { where: s.where } : {}),
    unitName: x.unitName,
    scope: x.scope as ImportLogSummary['scope'],
    tables: x.tables,
    missingTables: x.missingTables,
    facts: x.facts,
    coverage: x.coverage,
    findings: x.findings,
  };
};

const summarize = (
  file: string,
  status: ImportSummary['status'],
  draft: ReportDraft,
  findings: Finding[],
): ImportSummary => ({
  file,
  status,
  unitName: draft.unitName,
  year: draft.year,
  scope: draft.scope,
  tables: draft.tables.map((t) => ({
    key: t.key,
    title: t.title,
    label: t.label,
    rows: t.rows.length,
    empty: t.empty,
    notes: t.notes,
  })),
  missingTables: draft.missingTables,
  facts: draft.facts.length,
  coverage: proseCoverage(draft.facts),
  findings,
  note: null,
  supersededBy: null,
});

import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Db } from '../../db/client.js';
import { UserError } from '../errors.js';
import {
  type BulkRow,
  type BulkStep,
  cliBatching,
  errorText,
  type Progress,
  runSteps,
  zipSteps,
} from '../ingest/bulk.js';
import { findImports } from '../../db/store.js';
import { DEFAULT_MAX_BYTES, formatSize, looksLikePdf } from '../ingest/extract.js';
import {
  bytesKey,
  type ImportOptions,
  type ImportSummary,
  importBytes,
  importFile,
  readImportFile,
} from '../ingest/import-file.js';
import { ParseAhead } from '../ingest/parse-ahead.js';
import type { ReportToSave } from '../ingest/ready-to-save.js';
import { readRegularFile } from '../ingest/read-file.js';
import { REPORT_EXT, ZIP_TOTAL_FACTOR } from '../ingest/zip.js';
import type { TableData } from '../query/answer.js';
import { renderTable } from '../render/text.js';
import { printable } from './printable.js';

export type { BulkRow } from '../ingest/bulk.js';

const isZipPath = (p: string) => extname(p).toLowerCase() === '.zip';

/** Files named on the command line; folders are walked recursively for PDF and text reports and zip archives. */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (s?.isDirectory()) {
      for (const e of (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = join(p, e.name);
        if (e.isDirectory()) out.push(...(await collectFiles([full])));
        else if (REPORT_EXT.has(extname(e.name).toLowerCase()) || isZipPath(e.name)) out.push(full);
      }
    } else out.push(p);
  }
  return out;
}

/**
 * Files → steps: a report is read when its turn comes; a zip is read and its directory checked now, so the
 * progress count includes its entries. An archive refused whole (or unreadable) is one failed step.
 */
export async function expandFiles(
  db: Db,
  files: string[],
  opts: ImportOptions,
  /** receives archive/entry for each file of a zip that is not a report (images, spreadsheets of other kinds …) */
  skipped: string[] = [],
  /** parses each file in a worker while the file before is saved */
  ahead?: ParseAhead,
): Promise<BulkStep[]> {
  const steps: BulkStep[] = [];
  const maxArchive = (opts.maxBytes ?? DEFAULT_MAX_BYTES) * ZIP_TOTAL_FACTOR;
  for (const file of files) {
    if (!isZipPath(file)) {
      steps.push(ahead ? parsedAhead(db, file, opts, ahead) : { file, run: () => importFile(db, file, opts) });
      continue;
    }
    try {
      const name = file.split(/[\\/]/).pop()!;
      const tooLarge = (size: number) =>
        new UserError(
          'E_TOO_LARGE',
          `「${name}」：压缩包大小 ${formatSize(size)}，超过上限 ${formatSize(maxArchive)}，无法导入。`,
        );
      const bytes = await readRegularFile(file, maxArchive, tooLarge);
      const { steps: inner, skipped: others } = zipSteps(db, file, bytes, opts);
      skipped.push(...others.map((entry) => `${name}/${entry}`));
      if (inner.length === 0)
        steps.push({ file, error: `「${name}」：压缩包中没有可导入的报告（PDF、文本、Word、网页或 Excel）。` });
      steps.push(...inner);
    } catch (e) {
      steps.push({ file, error: errorText(e) });
    }
  }
  return steps;
}

/**
 * A file whose reading and parsing start before its turn: read, and if import_log does not know its bytes, parsed in
 * the worker meanwhile. A file seen before is not parsed ahead (a folder imported again stays quick); its turn decides
 * as importFile does. A read error is the file's own, reported in its turn.
 */
function parsedAhead(db: Db, file: string, opts: ImportOptions, ahead: ParseAhead): BulkStep {
  const name = basename(file);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  // held only until the file's turn: a folder's steps live to the end of the import, their reports must not
  let read: Promise<{ bytes: Uint8Array; parsed: Promise<ReportToSave[]> | null }> | null = null;
  let ran = false;
  const readAhead = async () => {
    if (ran) return;
    read ??= (async () => {
      const bytes = await readImportFile(file, maxBytes);
      const known = (await findImports(db, bytesKey(bytes))).length > 0;
      const parsed =
        (known && !opts.reparse) || looksLikePdf(bytes)
          ? null
          : ahead.parse(name, bytes, { ...opts, maxBytes }, opts.timeoutSeconds);
      parsed?.catch(() => undefined); // its turn reports a refusal; until then it is not unhandled
      return { bytes, parsed };
    })();
    await read.catch(() => undefined);
  };
  const run = async () => {
    ran = true;
    const ready = read;
    read = null;
    if (!ready) return importFile(db, file, { ...opts, parser: ahead.parser });
    const { bytes, parsed } = await ready;
    return importBytes(db, name, bytes, { ...opts, maxBytes, parser: parsed ? () => parsed : ahead.parser });
  };
  return { file, run, readAhead };
}

/**
 * One file at a time, each in its own savepoint of a batch's transaction (see Batching), each parsed in a worker while
 * the one before is saved (see ParseAhead): a bad file is reported and the rest go on; zips expand into their entries.
 */
export async function bulkImport(
  db: Db,
  files: string[],
  opts: ImportOptions & { progress?: Progress },
): Promise<BulkRow[]> {
  const ahead = new ParseAhead();
  try {
    return await runSteps(await expandFiles(db, files, opts, [], ahead), opts.progress, cliBatching(db));
  } finally {
    await ahead.close();
  }
}

const STATUS = { imported: '已导入', unchanged: '未变化', replaced: '已替换' } as const;
const statusOf = (s: ImportSummary) => (s.supersededBy ? '未变化（旧版本）' : STATUS[s.status]);

/**
 * Paths without the folder they all share: putuo/x.pdf, not /tmp/…/putuo/x.pdf. A file inside an archive keeps the
 * archive's name and its path inside: archive.zip/inner/x.pdf.
 */
function shortNames(files: string[]): string[] {
  const outer = files.map((f) => {
    const i = f.search(/\.zip\//i);
    return i < 0 ? f : f.slice(0, i + 4);
  });
  const parts = outer.map((f) => f.split(/[\\/]/));
  let common = parts.length > 0 ? Math.min(...parts.map((p) => p.length - 1)) : 0;
  for (let i = 0; i < common; i++) if (parts.some((p) => p[i] !== parts[0][i])) common = i;
  return parts.map((p, i) => p.slice(common).join('/') + files[i].slice(outer[i].length));
}

/**
 * The summary as a table (file, unit, year, status, rows, findings, note), one row per report (a file bound together
 * from several reports gives several rows, each with where it is in the file), the count lines under it, and each
 * file's name as the table shows it.
 */
export function bulkSummary(rows: BulkRow[]): {
  table: { columns: TableData['columns']; rows: string[][] };
  lines: string[];
  names: string[];
} {
  const names = shortNames(rows.map((r) => r.file)).map(printable);
  const left = (title: string) => ({ title, align: 'left' as const });
  const right = (title: string) => ({ title, align: 'right' as const });
  const table = {
    columns: [left('文件'), left('单位'), left('年度'), left('状态'), right('行数'), right('问题'), left('说明')],
    rows: rows.flatMap((r, i) =>
      r.summaries
        ? r.summaries.map((s) => [
            s.where ? `${names[i]}（${s.where}）` : names[i],
            s.unitName,
            String(s.year),
            statusOf(s),
            String(s.tables.reduce((n, t) => n + t.rows, 0)),
            String(s.findings.filter((f) => f.severity === 'finding').length),
            s.supersededBy ? `现以 ${printable(s.supersededBy)} 为准` : '',
          ])
        : [[names[i], '—', '—', '失败', '', '', printable(r.error ?? '')]],
    ),
  };
  const ok = rows.filter((r) => r.ok).length;
  const reports = rows.flatMap((r) => r.summaries ?? []);
  const n = (st: ImportSummary['status']) => reports.filter((s) => s.status === st).length;
  const old = reports.filter((s) => s.supersededBy).length;
  const several = reports.length !== ok ? `，含 ${reports.length} 份报告` : '';
  const lines = [
    `共 ${rows.length} 个文件：成功 ${ok}${several}（新导入 ${n('imported')}，替换 ${n('replaced')}，未变化 ${n('unchanged')}），失败 ${rows.length - ok}`,
  ];
  if (old) lines.push(`${old} 个文件是已被同单位同年度的后来文件取代的旧版本，未重新导入；如需改用，请加 --replace。`);
  return { table, lines, names };
}

export function bulkSummaryTable(rows: BulkRow[]): string {
  const { table, lines } = bulkSummary(rows);
  return [renderTable(table), ...lines].join('\n');
}

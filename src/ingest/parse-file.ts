import { auditReport } from '../audit/index.js';
import { isUserError, UserError } from '../errors.js';
import type { Extracted } from './extract.js';
import type { Line } from './line-types.js';
import { parseReport } from './parse-report.js';
import { reportSpans } from './report-spans.js';
import type { Finding, ReportDraft } from './types.js';

export interface ParsedReport {
  draft: ReportDraft;
  findings: Finding[];
  /** where in a bound file the report is (「第1–25页」), null for a file that is one report */
  where: string | null;
  /** where the file repeats this same report (imported once) */
  repeats: string[];
}

export interface ParseFileOptions {
  fileName: string;
  partial?: boolean;
  unitName?: string;
}

/**
 * Every report in a file, in file order. A file bound together from several reports is split at each report's
 * start (src/ingest/report-spans.ts) and each part parsed on its own, so no report's figures, prose or 绩效 projects
 * attach to another. A part that is not a readable report on its own (no unit name, no year, tables missing), or two
 * different reports for one unit and year, refuse the whole file, naming what was found; the same report twice is
 * one report.
 */
export function parseFile(extracted: Extracted, opts: ParseFileOptions): ParsedReport[] {
  const spans = reportSpans(extracted.lines);
  const parse = (lines: Line[], fileName: string, pageCount: number) => {
    const draft = parseReport(lines, {
      ...opts,
      format: extracted.format,
      pageCount,
      fileName,
      source: extracted.source,
    });
    return { draft, findings: auditReport(draft) };
  };
  if (spans.length === 1)
    return [{ ...parse(extracted.lines, opts.fileName, extracted.pageCount), where: null, repeats: [] }];
  const parts = spans.map((span, k) => {
    const lines = extracted.lines.slice(span.from, span.to);
    const where = whereIs(lines, span.from);
    try {
      return { where, ...parse(lines, `第${k + 1}份报告（${where}）`, pagesOf(lines)) };
    } catch (e) {
      if (!isUserError(e)) throw e;
      return { where, error: e.message };
    }
  });
  const found = parts.map((p, k) =>
    'error' in p
      ? p.error
      : `第${k + 1}份报告（${p.where}）：${p.draft.unitName} ${p.draft.year}年度${p.draft.scope}决算`,
  );
  const refuse = (why: string) =>
    new UserError(
      'E_AMBIGUOUS',
      `「${opts.fileName}」中有${parts.length}套决算表，${why}，整个文件未导入：\n${found.join('\n')}\n请把各份报告分成单独的文件后再导入。`,
    );
  const unread = parts.flatMap((p, k) => ('error' in p ? [k + 1] : []));
  if (unread.length) throw refuse(`其中第${unread.join('、')}份不能作为一份完整的报告读出`);
  const reports: ParsedReport[] = [];
  for (const p of parts as { where: string; draft: ReportDraft; findings: Finding[] }[]) {
    const same = reports.find((r) => r.draft.unitName === p.draft.unitName && r.draft.year === p.draft.year);
    if (!same) reports.push({ ...p, repeats: [] });
    else if (sameContent(same.draft, p.draft)) same.repeats.push(p.where);
    else throw refuse(`${p.draft.unitName} ${p.draft.year}年度有两份内容不同的报告，无法判断以哪份为准`);
  }
  return reports;
}

/** 「第26–50页」 where the lines carry pages, else 「第738–2304行」 (a text file's line numbers, or the line count). */
function whereIs(lines: Line[], from: number): string {
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (first.lineNo !== undefined && last.lineNo !== undefined) return `第${first.lineNo}–${last.lineNo}行`;
  if (first.page !== null && last.page !== null) return `第${first.page}–${last.page}页`;
  return `第${from + 1}–${from + lines.length}行`;
}

const pagesOf = (lines: Line[]) => new Set(lines.map((l) => l.page).filter((p) => p !== null)).size;

/** The same report printed twice: equal but for where it is printed. */
const sameContent = (a: ReportDraft, b: ReportDraft) => JSON.stringify(unpaged(a)) === JSON.stringify(unpaged(b));

/** A draft (or any part of it) without where it was printed: every `page` and `pageCount` left out. */
export const unpaged = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(unpaged)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([k]) => k !== 'page' && k !== 'pageCount')
            .map(([k, v]) => [k, unpaged(v)]),
        )
      : value;

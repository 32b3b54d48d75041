import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportMeta } from '../../db/store.js';
import { extractLines } from '../../src/ingest/extract.js';
import { parseReport } from '../../src/ingest/parse-report.js';
import type { ReportDraft } from '../../src/ingest/types.js';
import { buildView, type ReportView } from '../../src/query/report-view.js';

export const REPORTS_DIR = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));
export const reportPath = (file: string): string => REPORTS_DIR + file;

export const YANGGU = '阳谷县人民政府办公室';
export const CZJ = '上海市普陀区财政局';
export const SHGZB = '中共上海市普陀区委社会工作部';
export const WENLV = '上海市普陀区文化和旅游局';

/** Text renderings of the four real reports: same figures as the PDFs, parsed in well under a second. */
export const TEXT_REPORTS = [
  'yanggu-zfb-2020-juesuan.txt',
  'putuo-czj-2024-juesuan.layout.txt',
  'putuo-shgzb-2024-juesuan.layout.txt',
  'putuo-wenlv-2025-juesuan.pages.txt',
];

export async function parseFixture(file: string): Promise<ReportDraft> {
  const ex = await extractLines({ fileName: file, bytes: new Uint8Array(readFileSync(reportPath(file))) });
  return parseReport(ex.lines, { format: ex.format, pageCount: ex.pageCount, fileName: file, partial: true });
}

// only the fields buildView reads are meaningful; the rest are placeholders
export const fakeMeta = (reportId: number, d: ReportDraft): ReportMeta =>
  ({
    reportId,
    unitId: reportId,
    unitName: d.unitName,
    aliases: d.unitAliases,
    region: d.region,
    year: d.year,
    kind: d.kind,
    scope: d.scope,
    sourceFile: `fixture-${reportId}`,
    sha256: `sha-${reportId}`,
    importedAt: '2025-01-01T00:00:00.000Z',
    pageCount: d.pageCount,
  }) as ReportMeta;

/** Views as scripts/try-ask.ts builds them: no DB, fake meta ids 1, 2, … in the given order. */
export const viewsOf = (drafts: ReportDraft[]): ReportView[] =>
  drafts.map((d, i) => buildView({ meta: fakeMeta(i + 1, d), draft: d, findings: [] }));

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/**
 * A fixture (its path under test/fixtures/) read as an import with --partial reads it, as a view with fake meta id
 * `reportId`; `unitName` names a file that names no unit (import --unit).
 */
export async function fixtureView(path: string, reportId: number, unitName?: string): Promise<ReportView> {
  const fileName = basename(path);
  const ex = await extractLines({ fileName, bytes: new Uint8Array(readFileSync(FIXTURES + path)) });
  const draft = parseReport(ex.lines, {
    format: ex.format,
    pageCount: ex.pageCount,
    fileName,
    partial: true,
    source: ex.source,
    unitName,
  });
  return buildView({ meta: fakeMeta(reportId, draft), draft, findings: [] });
}

export async function realDrafts(files = TEXT_REPORTS): Promise<ReportDraft[]> {
  return Promise.all(files.map(parseFixture));
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { extractLines } from '../../src/ingest/extract.js';
import { parseReport } from '../../src/ingest/parse-report.js';
import type { ReportDraft } from '../../src/ingest/types.js';
import { buildView, type ReportView } from '../../src/query/report-view.js';

const DIR = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));
export const YANGGU_2020 = 'yanggu-zfb-2020-juesuan.txt';
export const CZJ_2024 = 'putuo-czj-2024-juesuan.pdf';

export async function draftOf(file: string): Promise<ReportDraft> {
  const ex = await extractLines({ fileName: file, bytes: new Uint8Array(readFileSync(DIR + file)) });
  return parseReport(ex.lines, { format: ex.format, pageCount: ex.pageCount, fileName: file, partial: true });
}

/** A report view as scripts/try-ask.ts builds it: fake meta, no DB. */
export const viewFrom = (d: ReportDraft, reportId: number): ReportView =>
  buildView({
    meta: {
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
    },
    draft: d,
    findings: [],
  });

export const viewOf = async (file: string, reportId = 1): Promise<ReportView> =>
  viewFrom(await draftOf(file), reportId);

/** SYNTHETIC: every table amount × factor (half-up, 2 places) under another year; for trend tests and the bench only. */
export function scaledYear(d: ReportDraft, factor: string, year: number): ReportDraft {
  const scale = (v: string) => new Decimal(v).mul(factor).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  return {
    ...d,
    year,
    tables: d.tables.map((t) => ({
      ...t,
      rows: t.rows.map((r) => ({
        ...r,
        values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, scale(v)])),
      })),
    })),
    facts: [],
  };
}

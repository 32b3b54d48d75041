import type { LoadedReport } from '../../db/store.js';
import type { Fact, ParsedTable, TableKey, TableRow } from '../ingest/types.js';
import { compact } from '../ingest/tokens.js';

/** One loaded report, indexed for answering: tables by key, rows by code, prose facts by subject. */
export interface ReportView {
  reportId: number;
  unitId: number;
  unitName: string;
  aliases: string[];
  region: string | null;
  year: number;
  tables: Map<TableKey, ParsedTable>;
  facts: Fact[];
  /** prose 项 facts ("项:类/款/项") mapped to the subject code they describe */
  factCode: Map<Fact, string>;
  findings: LoadedReport['findings'];
}

export function buildView(loaded: LoadedReport): ReportView {
  const tables = new Map(loaded.draft.tables.map((t) => [t.key, t] as const));
  const factCode = new Map<Fact, string>();
  const rows = [...(tables.get('general_budget_expense')?.rows ?? []), ...(tables.get('expense')?.rows ?? [])];
  for (const f of loaded.draft.facts) {
    if (f.subject.startsWith('项:')) {
      const [, kuan, xiang] = f.subject.slice(2).split('/').map(compact);
      const hits = rows.filter((r) => r.level === 'xiang' && compact(r.name) === xiang);
      const exact = hits.find((r) => rows.some((p) => p.code === r.code!.slice(0, 5) && compact(p.name) === kuan)) ?? (new Set(hits.map((h) => h.code)).size === 1 ? hits[0] : undefined);
      if (exact?.code) factCode.set(f, exact.code);
    } else if (f.subject.startsWith('类:')) {
      const name = compact(f.subject.slice(2));
      const hit = rows.find((r) => r.level === 'lei' && compact(r.name) === name);
      if (hit?.code) factCode.set(f, hit.code);
    }
  }
  return {
    reportId: loaded.meta.reportId,
    unitId: loaded.meta.unitId,
    unitName: loaded.meta.unitName,
    aliases: loaded.meta.aliases,
    region: loaded.meta.region ?? null,
    year: loaded.meta.year,
    tables,
    facts: loaded.draft.facts,
    factCode,
    findings: loaded.findings,
  };
}

export const tableRows = (v: ReportView, key: TableKey): TableRow[] => v.tables.get(key)?.rows ?? [];
export const findRow = (v: ReportView, key: TableKey, pred: (r: TableRow) => boolean): TableRow | undefined => tableRows(v, key).find(pred);
export const factsOf = (v: ReportView, subject: string, measure: string): Fact[] => v.facts.filter((f) => f.subject === subject && f.measure === measure);
export const codeFacts = (v: ReportView, code: string, measure: string): Fact[] => v.facts.filter((f) => v.factCode.get(f) === code && f.measure === measure);

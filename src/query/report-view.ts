import type { LoadedReport, ReportToAnswer } from '../../db/store.js';
import type { Fact, ParsedTable, ReportDraft, TableKey, TableRow } from '../ingest/types.js';
import { linkFacts } from '../ingest/link-facts.js';
import { ABSENCE, purposeSentences, reasonSentences } from '../ingest/types.js';
import type { Entry } from '../nlu/catalog.js';
import type { Subject } from './query.js';
import { unitAliases } from '../ingest/unit-names.js';

/** One loaded report, indexed for answering: tables by key, rows by code, prose facts by subject. */
export interface ReportView {
  reportId: number;
  unitId: number;
  unitName: string;
  aliases: string[];
  region: string | null;
  year: number;
  /** the file the report was imported from, for the basis of exported tables */
  sourceFile: string;
  tables: Map<TableKey, ParsedTable>;
  facts: Fact[];
  /** prose 项 facts ("项:类/款/项") mapped to the subject code they describe */
  factCode: Map<Fact, string>;
  findings: LoadedReport['findings'];
  /** the 情况说明's sentences that give a reason (主要原因…), in the report's order: what 为什么 is answered with */
  reasons: { text: string; page: number | null }[];
  /** the 情况说明's sentences saying that something did not happen (ABSENCE: 「没有政府采购支出」), in the report's order */
  absences: { text: string; page: number | null }[];
  /** the 名词解释's entries (「财政拨款收入：指…」), in the report's order */
  terms: { text: string; page: number | null }[];
  /** the 情况说明's sentences saying what a 科目's money went to (purposeSentences: 「主要用于：旅游厕所质量提升工程」) */
  purposes: { text: string; page: number | null }[];
  /**
   * What answering works out from the view once (its catalog of names), kept on it so that it goes when the view goes:
   * a WeakMap keyed by the view would keep it until V8's next full collection.
   */
  memo: { catalog?: Entry[] };
}

/** A prose fact's subject that is a function 科目 by its printed code. */
const PRINTED_CODE = /^科目:(2\d{2}(?:\d{2}){0,2})$/;

export function buildView(loaded: ReportToAnswer): ReportView {
  const tables = new Map(loaded.draft.tables.map((t) => [t.key, t] as const));
  // reports stored before facts were linked at import are linked here, by the same rules
  const facts = loaded.draft.facts.some((f) => f.link)
    ? loaded.draft.facts
    : linkFacts(loaded.draft.facts, loaded.draft.tables);
  const factCode = new Map<Fact, string>();
  for (const f of facts) {
    // linked to a table row; else the code the prose prints (「一般公共服务支出（科目编码201）」), a 科目 of a 说明
    // published without its tables
    const code = f.code ?? PRINTED_CODE.exec(f.subject)?.[1];
    if (code) factCode.set(f, code);
  }
  return {
    reportId: loaded.meta.reportId,
    unitId: loaded.meta.unitId,
    unitName: loaded.meta.unitName,
    // aliases derived from the name by today's rules, so a store imported before a rule existed has them too
    aliases: [...new Set([...loaded.meta.aliases, ...unitAliases(loaded.meta.unitName).aliases])],
    region: loaded.meta.region ?? null,
    year: loaded.meta.year,
    sourceFile: loaded.meta.sourceFile,
    tables,
    facts,
    factCode,
    findings: loaded.findings,
    reasons: reasonSentences(loaded.draft.prose).map((p) => ({ text: p.text, page: p.page })),
    absences: (loaded.draft.prose ?? []).flatMap((p) =>
      p.kind === 'sentence' && ABSENCE.test(p.text) ? [{ text: p.text, page: p.page }] : [],
    ),
    terms: (loaded.draft.prose ?? []).flatMap((p) => (p.kind === 'term' ? [{ text: p.text, page: p.page }] : [])),
    purposes: purposeSentences(loaded.draft.prose).map((p) => ({ text: p.text, page: p.page })),
    memo: {},
  };
}

/** A draft not yet saved, as a view (its ids 0): what its derived figures are computed from at import. */
export const draftView = (draft: ReportDraft, sourceFile: string): ReportView =>
  buildView({
    meta: {
      reportId: 0,
      unitId: 0,
      unitName: draft.unitName,
      aliases: draft.unitAliases,
      region: draft.region ?? null,
      year: draft.year,
      sourceFile,
    } as LoadedReport['meta'],
    draft,
    findings: [],
  });

/** The sources of income of the 收入支出决算总表 (财政拨款收入, 事业收入 …), not their 其中 rows nor the totals. */
export const incomeSources = (v: ReportView): TableRow[] =>
  tableRows(v, 'income_expense_total').filter(
    (r) => r.side === 'income' && r.level === 'item' && !r.code && /收入$/.test(r.name) && !/^其中/.test(r.name),
  );

export const tableRows = (v: ReportView, key: TableKey): TableRow[] => v.tables.get(key)?.rows ?? [];
export const findRow = (v: ReportView, key: TableKey, pred: (r: TableRow) => boolean): TableRow | undefined =>
  tableRows(v, key).find(pred);
export const factsOf = (v: ReportView, subject: string, measure: string): Fact[] =>
  v.facts.filter((f) => f.subject === subject && f.measure === measure);
export const codeFacts = (v: ReportView, code: string, measure: string): Fact[] =>
  v.facts.filter((f) => v.factCode.get(f) === code && f.measure === measure);
/** Every statement the prose makes about a subject (a fixed measure by its id, a 科目 by its code), as printed. */
export const statedAbout = (v: ReportView, s: Subject): Fact[] =>
  v.facts.filter((f) => !f.derived && (s.type === 'code' ? v.factCode.get(f) === s.code : f.subject === s.id));

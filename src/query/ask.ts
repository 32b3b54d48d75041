import type { Db } from '../../db/client.js';
import { figuresOfSubject, loadDirectory, loadReport, replaceDerived, reportsToDerive } from '../../db/store.js';
import { unitAliases } from '../ingest/unit-names.js';
import { log } from '../log.js';
import { subjectKey } from '../nlu/catalog.js';
import { parseQuestion, unitsToLoad } from '../nlu/parse.js';
import { type Answer, chartHintOf } from './answer.js';
import type { FiguresByReport } from './compare.js';
import { DERIVED_VERSION, deriveReport } from './derive.js';
import { type Directory, makeDirectory, type QueryScope, type ReportEntry, scopeOfViews } from './directory.js';
import type { Subject } from './measures.js';
import type { Query } from './query.js';
import { buildView, type ReportView } from './report-view.js';
import { runQuery } from './run.js';

/** Reports kept in memory between questions; each is a few hundred kB. VIEW_CACHE_SIZE overrides it. */
const DEFAULT_VIEW_CACHE = 200;

/**
 * The store as questions see it. Opening reads no report: the directory (who reported which year, every subject name)
 * comes from SQL, a question about a unit loads that unit's reports into a bounded cache (least recently used first
 * out), and rankings and totals read the derived figures of their subject. The directory is read again when the store
 * changed: after this process's import (invalidate) or another process's commit (SQLite's data_version).
 */
export class Library {
  private dir: Directory | null = null;
  private seen: number | null = null;
  private readonly views = new Map<number, ReportView>();
  private readonly maxViews: number;

  constructor(
    private readonly db: Db,
    opts: { maxViews?: number } = {},
  ) {
    this.maxViews = opts.maxViews ?? (Number(process.env.VIEW_CACHE_SIZE) || DEFAULT_VIEW_CACHE);
  }

  /** The current directory, read again when the store changed since the last question. */
  async directory(): Promise<Directory> {
    return this.current(true);
  }

  /**
   * One question's reads in one snapshot of the store: the directory, the views it loads and the figures it ranks are
   * all of the same moment, whatever another process commits meanwhile.
   */
  async read<T>(fn: (dir: Directory) => Promise<T>): Promise<T> {
    await this.current(true);
    return this.db.withSnapshot(async () => fn(await this.current(false)));
  }

  /** `derive`: outside a snapshot, reports without derived figures are derived first (a write). */
  private async current(derive: boolean): Promise<Directory> {
    const version = await this.db.dataVersion();
    if (this.dir && version === this.seen) return this.dir;
    if (derive) await this.deriveMissing();
    const { reports, names } = await loadDirectory(this.db);
    // aliases derived from the name by today's rules too, as the views have them
    const entries: ReportEntry[] = reports.map((r) => ({
      ...r,
      aliases: [...new Set([...r.aliases, ...unitAliases(r.unitName).aliases])],
    }));
    const withFigures = new Set(names.filter((n) => n.hasFigures).map((n) => n.subjectKey));
    this.dir = makeDirectory(
      entries,
      names.map((n) => ({ name: n.name, subject: n.subject })),
      (s) => withFigures.has(subjectKey(s)),
    );
    this.views.clear();
    this.seen = version;
    return this.dir;
  }

  /** After an import by this process (another process's is seen by data_version). */
  invalidate(): void {
    this.dir = null;
    this.views.clear();
  }

  /** The views of these units' reports, loaded in one snapshot, for one question. */
  async scope(units: readonly string[]): Promise<QueryScope> {
    const dir = await this.current(false);
    const wanted = dir.reports.filter((r) => units.includes(r.unitName));
    const byUnit = new Map<string, ReportView[]>();
    const byId = new Map<number, ReportView>();
    const missing = wanted.filter((r) => !this.views.has(r.reportId));
    if (missing.length)
      await this.db.withSnapshot(async () => {
        for (const r of missing) {
          const loaded = await loadReport(this.db, r.reportId);
          if (loaded) this.remember(buildView(loaded));
        }
      });
    for (const r of wanted) {
      const v = this.touch(r.reportId);
      if (!v) continue;
      byId.set(v.reportId, v);
      byUnit.set(v.unitName, [...(byUnit.get(v.unitName) ?? []), v]);
    }
    return { dir, viewsOf: (unit) => byUnit.get(unit) ?? [], view: (id) => byId.get(id) };
  }

  /** The scope of the reports with these ids (and their units' other years). */
  async scopeOfReports(ids: readonly number[]): Promise<QueryScope> {
    const dir = await this.directory();
    return this.scope([...new Set(dir.reports.filter((r) => ids.includes(r.reportId)).map((r) => r.unitName))]);
  }

  /** The scope an answer's chart or export reads: the reports and the unit its hints name. */
  async scopeOfAnswer(answer: Answer): Promise<QueryScope> {
    const hint = chartHintOf(answer);
    const ids = [
      ...(hint && 'reportId' in hint ? [hint.reportId] : []),
      ...(answer.kind === 'table' && answer.reportTables ? [answer.reportTables.reportId] : []),
    ];
    const units = hint?.kind === 'trend' ? [hint.unit] : [];
    const dir = await this.directory();
    return this.scope([...units, ...dir.reports.filter((r) => ids.includes(r.reportId)).map((r) => r.unitName)]);
  }

  /** One subject's derived figures in every report (a ranking's or a total's). */
  async figures(s: Subject): Promise<FiguresByReport> {
    const found = await figuresOfSubject(this.db, subjectKey(s));
    return (reportId) => found.get(reportId) ?? null;
  }

  /** Every report loaded into memory at once: for tools over a small store only (tests, a one-off script). */
  async all(): Promise<ReportView[]> {
    const dir = await this.directory();
    const all = await this.scope(dir.units);
    return dir.reports.flatMap((r) => all.view(r.reportId) ?? []);
  }

  /** How many reports are in memory now (the cache is bounded by maxViews). */
  cachedReports(): number {
    return this.views.size;
  }

  private touch(id: number): ReportView | undefined {
    const v = this.views.get(id);
    if (v) {
      this.views.delete(id);
      this.views.set(id, v);
    }
    return v;
  }

  private remember(v: ReportView): void {
    this.views.set(v.reportId, v);
    while (this.views.size > this.maxViews) this.views.delete(this.views.keys().next().value!);
  }

  /** Reports saved without derived figures, or derived by other rules (an older store): derived now, once. */
  private async deriveMissing(): Promise<void> {
    const ids = await reportsToDerive(this.db, DERIVED_VERSION);
    if (ids.length === 0) return;
    if (ids.length > 20) log.info('derive', { reports: ids.length, version: DERIVED_VERSION });
    for (const id of ids) {
      const loaded = await loadReport(this.db, id);
      if (loaded) await replaceDerived(this.db, id, deriveReport(buildView(loaded)), DERIVED_VERSION);
    }
  }
}

/** The question parsed over the directory with the views it may read, then answered. */
export async function ask(
  lib: Library,
  question: string,
  scope: { unit?: string | null; year?: number | null } = {},
): Promise<Answer> {
  return lib.read(async (dir) => {
    const loaded = await lib.scope(unitsToLoad(question, { dir, unit: scope.unit }));
    const q = parseQuestion(question, { ...loaded, ...scope });
    return runQuery(q, loaded, isAcrossUnits(q) ? await lib.figures(q.subject) : undefined);
  });
}

const isAcrossUnits = (q: Query): q is Extract<Query, { kind: 'rank' | 'total' }> =>
  q.kind === 'rank' || q.kind === 'total';

/** A question answered over views already in memory (tests, tools that loaded a few reports). */
export const answerFromViews = (
  views: ReportView[],
  question: string,
  scope: { unit?: string | null; year?: number | null } = {},
): Answer => {
  const s = scopeOfViews(views);
  return runQuery(parseQuestion(question, { ...s, ...scope }), s);
};

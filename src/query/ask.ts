import type { Db } from '../../db/client.js';
import {
  figuresIn,
  loadDirectory,
  loadReport,
  loadReportsToAnswer,
  type RankKey,
  rankKeys,
  replaceDerived,
  reportsToDerive,
} from '../../db/store.js';
import { unitAliases } from '../ingest/unit-names.js';
import { log } from '../log.js';
import { subjectKey } from '../nlu/catalog.js';
import { parseQuestion, unitsToLoad } from '../nlu/parse.js';
import { type Answer, chartHintOf } from './answer.js';
import {
  byUnit,
  cutAt,
  LISTED_NAMES,
  passes,
  point,
  poolOf,
  type Ranking,
  type RankRequest,
  rankOrder,
  rankRequest,
} from './compare.js';
import { Decimal } from 'decimal.js';
import { DERIVED_VERSION, deriveReport } from './derive.js';
import { type Directory, makeDirectory, type QueryScope, type ReportEntry, scopeOfViews } from './directory.js';
import type { Query } from './query.js';
import { buildView, type ReportView } from './report-view.js';
import { runQuery } from './run.js';

/** Reports kept in memory between questions; each is about 150 kB. VIEW_CACHE_SIZE overrides it. */
const DEFAULT_VIEW_CACHE = 200;
/** How many reports read once are remembered, as a multiple of the cache's size (see Library#remember). */
const SEEN_ONCE = 8;
/** Subjects whose ranking keys are kept between rankings. */
const RANKED_SUBJECTS = 16;
/** Another process's commit is seen within this (the store's data_version is asked at most this often). */
const DEFAULT_FRESHNESS_MS = 250;

/**
 * The store as questions see it. Opening reads no report: the directory (who reported which year, every subject name)
 * comes from SQL, a question reads the reports it is about (answerScope, hold) and a report read a second time is kept
 * in a bounded cache (least recently used first out), and rankings and totals read the derived figures of their
 * subject. The directory is read again when the store changed: after this process's import (invalidate) or another
 * process's commit (SQLite's data_version).
 */
export class Library {
  private dir: Directory | null = null;
  private seen: number | null = null;
  private checkedAt = 0;
  private readonly freshnessMs: number;
  private readonly views = new Map<number, ReportView>();
  private reads = 0;
  /** Reports read once and not kept, oldest first (see remember). */
  private readonly seenOnce = new Set<number>();
  private readonly pools = new WeakMap<Directory, Map<string, Map<number, ReportEntry>>>();
  private readonly rankKeys = new WeakMap<Directory, Map<string, RankKey[]>>();
  private readonly maxViews: number;

  constructor(
    private readonly db: Db,
    opts: { maxViews?: number; freshnessMs?: number } = {},
  ) {
    this.maxViews = opts.maxViews ?? (Number(process.env.VIEW_CACHE_SIZE) || DEFAULT_VIEW_CACHE);
    this.freshnessMs = opts.freshnessMs ?? DEFAULT_FRESHNESS_MS;
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
    return this.db.withSnapshot(async () => fn(await this.current(false, true)));
  }

  /**
   * `derive`: outside a snapshot, reports without derived figures are derived first (a write). The store's
   * data_version is asked at most every freshnessMs, unless `check` (a snapshot's first read).
   */
  private async current(derive: boolean, check = false): Promise<Directory> {
    if (this.dir && !check && Date.now() - this.checkedAt < this.freshnessMs) return this.dir;
    const version = await this.db.dataVersion();
    this.checkedAt = Date.now();
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
    const missing = reportsOfUnits(dir, units).filter((r) => !this.views.has(r.reportId));
    // the views read now serve this question even if the cache, bounded, lets some of them go at once
    const fresh = new Map<number, ReportView>();
    for (const loaded of await loadReportsToAnswer(
      this.db,
      missing.map((r) => r.reportId),
    )) {
      const v = buildView(loaded);
      fresh.set(v.reportId, v);
      this.remember(v);
    }
    return this.scopeOf(dir, units, (id) => fresh.get(id) ?? this.touch(id));
  }

  /**
   * These units' reports as one question reads them: each from `held` (read for this question) or the cache, else a
   * NotInMemory naming it, so that the question is asked again once `hold` read it. A question reads the report it is
   * about (and the year before, for 同比), not every year of its unit. Without `held`, null when the directory is not
   * the current one (the cache is of the current one).
   */
  answerScope(dir: Directory, units: readonly string[], held?: Held): QueryScope | null {
    if (!held && dir !== this.dir) return null;
    const mine = new Set(units);
    const ids = new Set(reportsOfUnits(dir, units).map((r) => r.reportId));
    const viewOf = (id: number): ReportView | undefined => {
      const h = held?.get(id);
      if (h !== undefined) return h ?? undefined;
      const v = this.touch(id);
      if (!v) throw new NotInMemory([id]);
      return v;
    };
    return {
      dir,
      view: (id) => (ids.has(id) ? viewOf(id) : undefined),
      viewsOf: (unit) => {
        if (!mine.has(unit)) return [];
        const entries = dir.reportsOf(unit);
        const missing = entries.filter((r) => held?.get(r.reportId) === undefined && !this.views.has(r.reportId));
        if (missing.length) throw new NotInMemory(missing.map((r) => r.reportId));
        return entries.flatMap((r) => viewOf(r.reportId) ?? []);
      },
    };
  }

  /** Reads these reports for one question: each held (null when the store has no such report) and cached. */
  async hold(ids: readonly number[], held: Held): Promise<void> {
    for (const loaded of await loadReportsToAnswer(this.db, ids)) {
      const v = buildView(loaded);
      held.set(v.reportId, v);
      this.remember(v);
    }
    for (const id of ids) if (!held.has(id)) held.set(id, null);
  }

  /** The scope of the reports with these ids (and their units' other years). */
  async scopeOfReports(ids: readonly number[]): Promise<QueryScope> {
    return this.scope(unitsOfReports(await this.directory(), ids));
  }

  /** The scope an answer's chart or export reads: the reports and the unit its hints name. */
  async scopeOfAnswer(answer: Answer): Promise<QueryScope> {
    const hint = chartHintOf(answer);
    const ids = [
      ...(hint && 'reportId' in hint ? [hint.reportId] : []),
      ...(answer.kind === 'table' && answer.reportTables ? [answer.reportTables.reportId] : []),
    ];
    const units = hint?.kind === 'trend' ? [hint.unit] : [];
    return this.scope([...units, ...unitsOfReports(await this.directory(), ids)]);
  }

  /**
   * A ranking or total over the store's derived figures: the subject's keys (four numbers a report, one range of the
   * table) are filtered to the pool and ordered, and only the best placed are read whole and put in exact order. The
   * key of 执行率 is a double: equal fractions give equal doubles and rounding never reverses two different ones, so
   * taking every row as good as the want-th key and re-sorting those by Decimal gives the exact order.
   */
  async rank(req: RankRequest): Promise<Ranking> {
    const dir = await this.current(false);
    const pool = this.poolOf(dir, req);
    const key = subjectKey(req.subject);
    const usable = (await this.keysOf(dir, key)).filter(
      (k) =>
        pool.has(k.reportId) &&
        (req.metric === 'final' ? k.final !== null : k.spent !== null && k.budget !== null && k.budget !== 0),
    );
    const keyOf = req.metric === 'final' ? (k: RankKey) => k.final! : (k: RankKey) => k.spent! / k.budget!;
    if (req.threshold) return this.passing(req, pool, key, usable, keyOf);
    const sign = req.order === 'desc' ? -1 : 1;
    usable.sort((a, b) => sign * (keyOf(a) - keyOf(b)));
    const cut = usable.length ? keyOf(usable[Math.min(req.want, usable.length) - 1]) : 0;
    const candidates = usable.filter((k) => sign * (keyOf(k) - cut) <= 0);
    const inexact = req.metric === 'final' ? usable.filter((k) => !k.exact) : [];
    const details = await figuresIn(this.db, key, [...new Set([...candidates, ...inexact].map((k) => k.reportId))]);
    const top = candidates
      .flatMap((k) => {
        const p = point(pool.get(k.reportId)!, details.get(k.reportId) ?? null, req.metric);
        return p ? [p] : [];
      })
      .sort(rankOrder(req.order));
    // the total in integer 分 where each figure is a whole 分, the rest (rare) added as decimals
    let fen = 0n;
    for (const k of usable) if (k.exact && k.final !== null) fen += BigInt(k.final);
    const sum = inexact.reduce(
      (s, k) => s.plus(details.get(k.reportId)?.final?.value ?? 0),
      new Decimal(fen.toString()).div(1_000_000),
    );
    return {
      top: cutAt(top, req.want),
      count: usable.length,
      years: new Set(usable.map((k) => pool.get(k.reportId)!.year)).size,
      sum,
      ...missingFrom(pool, usable),
    };
  }

  /**
   * Every point past the line a ranking asks for (哪些单位三公经费超过20万), in order: the keys near or past it (a key is
   * 分 or a double) are read whole, and the line is drawn on their exact figures.
   */
  private async passing(
    req: RankRequest,
    pool: Map<number, ReportEntry>,
    key: string,
    usable: RankKey[],
    keyOf: (k: RankKey) => number,
  ): Promise<Ranking> {
    const t = req.threshold!;
    // the line on the keys' scale (分, or a fraction for 执行率), only to skip the keys far from it: the line itself is
    // drawn on the exact figures below
    const line = (
      req.metric === 'final' ? new Decimal(t.value).times(1_000_000) : new Decimal(t.value).div(100)
    ).toNumber();
    const margin = Math.abs(line) * 1e-9 + 1e-9;
    const below = t.op === 'lt' || t.op === 'le';
    const near = usable.filter(
      (k) => (req.metric === 'final' && !k.exact) || (below ? keyOf(k) <= line + margin : keyOf(k) >= line - margin),
    );
    const details = await figuresIn(
      this.db,
      key,
      near.map((k) => k.reportId),
    );
    const top = near
      .flatMap((k) => {
        const p = point(pool.get(k.reportId)!, details.get(k.reportId) ?? null, req.metric);
        return p && passes(p.value, t) ? [p] : [];
      })
      .sort(rankOrder(req.order));
    return {
      top,
      count: top.length,
      years: new Set(top.map((p) => p.view.year)).size,
      sum: top.reduce((s, p) => s.plus(p.value), new Decimal(0)),
      ...missingFrom(pool, usable),
    };
  }

  /**
   * A subject's ranking keys, kept for the last RANKED_SUBJECTS subjects ranked while the store is unchanged (chats
   * rank the same few subjects again and again; about 0.5 MB a subject at 10,000 reports).
   */
  private async keysOf(dir: Directory, key: string): Promise<RankKey[]> {
    let keys = this.rankKeys.get(dir);
    if (!keys) this.rankKeys.set(dir, (keys = new Map()));
    let found = keys.get(key);
    if (found) keys.delete(key);
    else found = await rankKeys(this.db, key);
    keys.set(key, found);
    while (keys.size > RANKED_SUBJECTS) keys.delete(keys.keys().next().value!);
    return found;
  }

  /** The reports a ranking ranges over, by id; kept per directory, year, region and kind of unit. */
  private poolOf(dir: Directory, req: Pick<RankRequest, 'year' | 'region' | 'unitKind'>): Map<number, ReportEntry> {
    let pools = this.pools.get(dir);
    if (!pools) this.pools.set(dir, (pools = new Map()));
    const id = `${req.year}|${req.region}|${req.unitKind ?? ''}`;
    let pool = pools.get(id);
    if (!pool) pools.set(id, (pool = new Map(poolOf(dir.reports, req).map((r) => [r.reportId, r]))));
    return pool;
  }

  /** The scope of these units' views as `viewOf` finds them. */
  private scopeOf(
    dir: Directory,
    units: readonly string[],
    viewOf: (reportId: number) => ReportView | undefined,
  ): QueryScope {
    const byUnit = new Map<string, ReportView[]>();
    const byId = new Map<number, ReportView>();
    for (const r of reportsOfUnits(dir, units)) {
      const v = viewOf(r.reportId);
      if (!v) continue;
      byId.set(v.reportId, v);
      byUnit.set(v.unitName, [...(byUnit.get(v.unitName) ?? []), v]);
    }
    return { dir, viewsOf: (unit) => byUnit.get(unit) ?? [], view: (id) => byId.get(id) };
  }

  /** How many reports this Library has read from the store (each read of one counts). */
  reportsRead(): number {
    return this.reads;
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

  /**
   * A report read for the second time (within the last SEEN_ONCE × maxViews reports read) is kept; one read once is
   * not. A question about a unit nobody asks again, or a digest going through every unit, then neither pushes the
   * reports that chats keep asking about out of the cache nor leaves its own behind for the garbage collector: a kept
   * report lives in V8's old generation, and on a large store the reports kept and let go by one-off questions were
   * what made it collect the whole heap every hundred questions or so (30–40 ms on the question it fell on).
   */
  private remember(v: ReportView): void {
    this.reads++;
    if (!this.seenOnce.delete(v.reportId)) {
      this.seenOnce.add(v.reportId);
      if (this.seenOnce.size > SEEN_ONCE * this.maxViews) this.seenOnce.delete(this.seenOnce.values().next().value!);
      return;
    }
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
      if (loaded) await replaceDerived(this.db, id, deriveReport(buildView(loaded)), DERIVED_VERSION, loaded.draft);
    }
  }
}

/** These units' reports, each unit once, through the directory's index. */
const reportsOfUnits = (dir: Directory, units: readonly string[]) =>
  [...new Set(units)].flatMap((u) => dir.reportsOf(u));

/** The units of the reports with these ids. */
const unitsOfReports = (dir: Directory, ids: readonly number[]): string[] => [
  ...new Set(dir.reports.filter((r) => ids.includes(r.reportId)).map((r) => r.unitName)),
];

/** The question parsed over the directory with the views it may read, then answered. */
/** A ranking's pool reports without a usable key: the first LISTED_NAMES by unit, and how many. */
function missingFrom(pool: Map<number, ReportEntry>, usable: RankKey[]): Pick<Ranking, 'missing' | 'missingCount'> {
  const have = new Set(usable.map((k) => k.reportId));
  const missing = [...pool.values()].filter((v) => !have.has(v.reportId)).sort(byUnit);
  return { missing: missing.slice(0, LISTED_NAMES), missingCount: missing.length };
}

export async function ask(
  lib: Library,
  question: string,
  scope: { unit?: string | null; year?: number | null } = {},
): Promise<Answer> {
  // every report the question reads is in memory and the directory is fresh: no read, no transaction
  const known = await lib.directory();
  const inMemory = lib.answerScope(known, unitsToLoad(question, { dir: known, unit: scope.unit }));
  if (inMemory) {
    try {
      const q = parseQuestion(question, { ...inMemory, ...scope });
      if (!isAcrossUnits(q)) return runQuery(q, inMemory);
    } catch (e) {
      if (!(e instanceof NotInMemory)) throw e;
    }
  }
  return lib.read(async (dir) => {
    const units = unitsToLoad(question, { dir, unit: scope.unit });
    const held: Held = new Map();
    // asked again after each report read: parsing and answering are pure, and each time one more report is held
    for (;;) {
      const loaded = lib.answerScope(dir, units, held)!;
      try {
        const q = parseQuestion(question, { ...loaded, ...scope });
        const ranking = isAcrossUnits(q) ? await lib.rank(rankRequest(q, dir)) : null;
        return runQuery(q, loaded, ranking ? () => ranking : undefined);
      } catch (e) {
        if (!(e instanceof NotInMemory)) throw e;
        await lib.hold(e.reportIds, held);
      }
    }
  });
}

/** The reports one question has read: a view, or null for a report the store does not have (any more). */
type Held = Map<number, ReportView | null>;

/** A question asked for a report that is not in memory: read it, then ask again. */
class NotInMemory extends Error {
  constructor(readonly reportIds: number[]) {
    super(`reports ${reportIds.join(', ')} not in memory`);
  }
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

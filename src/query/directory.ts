import type { ReportEntry } from '../../db/store.js';
import { buildCatalog, type Entry, subjectKey } from '../nlu/catalog.js';
import { budgetOf, finalOf, type Subject } from './measures.js';
import type { ReportView } from './report-view.js';

export type { ReportEntry };

/**
 * What questions are parsed with, for every report of the store without loading any: who reported which year, the
 * regions, and every name a subject is asked by. A question about one report then loads that unit's views.
 * One directory object lives until the store changes, so the parsers cache what they build from it per object.
 */
export interface Directory {
  /** every report: units by name, then year */
  readonly reports: readonly ReportEntry[];
  /** every unit's name once, in the order of `reports` */
  readonly units: readonly string[];
  readonly regions: readonly string[];
  /** every subject name over all reports once, longest first; the first report to use a name gives its subject */
  readonly names: readonly Entry[];
  /** whether some report has a figure (决算 or 预算) for the subject */
  hasFigures(s: Subject): boolean;
  /** a unit's reports (by its name), in the order of `reports`; none for a name the store does not have */
  reportsOf(unit: string): readonly ReportEntry[];
  /** the unit whose stored name or alias this is, or null */
  unitNamed(nameOrAlias: string): string | null;
}

/** The directory and the views a question may read: those of the units it names or the chat's unit, loaded first. */
export interface QueryScope {
  dir: Directory;
  /** the loaded views of one unit's reports (Library loads them before the question is parsed) */
  viewsOf(unit: string): ReportView[];
  /** a loaded view by its report id */
  view(reportId: number): ReportView | undefined;
}

export function makeDirectory(
  reports: readonly ReportEntry[],
  names: Entry[],
  hasFigures: (s: Subject) => boolean,
): Directory {
  // a question reads one unit's reports, not the whole directory: indexed on first use
  let byUnit: Map<string, ReportEntry[]> | null = null;
  let byAlias: Map<string, string> | null = null;
  const index = () => {
    if (byUnit) return byUnit;
    byUnit = new Map();
    for (const r of reports) {
      const of = byUnit.get(r.unitName);
      if (of) of.push(r);
      else byUnit.set(r.unitName, [r]);
    }
    return byUnit;
  };
  return {
    reports,
    units: [...new Set(reports.map((r) => r.unitName))],
    regions: [...new Set(reports.flatMap((r) => (r.region ? [r.region] : [])))].sort(),
    names: names.filter((e) => e.name.length >= 2).sort((a, b) => b.name.length - a.name.length),
    hasFigures,
    reportsOf: (unit) => index().get(unit) ?? [],
    unitNamed: (name) => {
      if (index().has(name)) return name;
      if (!byAlias) {
        byAlias = new Map();
        // the first report (units by name) to use an alias gives its unit, as a scan of `reports` would find it
        for (const r of reports) for (const a of r.aliases) if (!byAlias.has(a)) byAlias.set(a, r.unitName);
      }
      return byAlias.get(name) ?? null;
    },
  };
}

// per array of views (a test's, or a tool's that loaded them all): its directory
const ofViews = new WeakMap<readonly ReportView[], QueryScope>();

/** A directory over views already in memory: every name of every view's dictionary, figures computed on asking. */
export function scopeOfViews(views: readonly ReportView[]): QueryScope {
  let scope = ofViews.get(views);
  if (!scope) {
    const byName = new Map<string, Entry>();
    for (const v of views) for (const e of buildCatalog(v)) if (!byName.has(e.name)) byName.set(e.name, e);
    const has = new Map<string, boolean>();
    const dir = makeDirectory(views, [...byName.values()], (s) => {
      const key = subjectKey(s);
      let h = has.get(key);
      if (h === undefined) has.set(key, (h = views.some((v) => finalOf(v, s) || budgetOf(v, s))));
      return h;
    });
    scope = {
      dir,
      viewsOf: (unit) => views.filter((v) => v.unitName === unit),
      view: (reportId) => views.find((v) => v.reportId === reportId),
    };
    ofViews.set(views, scope);
  }
  return scope;
}

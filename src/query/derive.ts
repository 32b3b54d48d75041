import { buildCatalog, subjectKey } from '../nlu/catalog.js';
import { type Budget, budgetOf, type Figure, finalOf, type Subject } from './measures.js';
import type { ReportView } from './report-view.js';

/**
 * The version of the rules below and of those they call (finalOf, budgetOf, buildCatalog). A store derived by another
 * version is derived again when it is opened (Library.directory), so raise it whenever those rules change what they
 * give: a ranking must answer what the question about each report alone answers.
 */
export const DERIVED_VERSION = 3;

/** What one report gives a question across units about one subject: its 决算, and the 预算 执行率 divides by. */
export interface SubjectFigures {
  final: Figure | null;
  budget: Budget | null;
}

export interface DerivedReport {
  figures: { subjectKey: string; figures: SubjectFigures }[];
  /** every name the report's dictionary gives a subject (the report's catalog), once */
  names: { name: string; subjectKey: string; subject: Subject }[];
}

export const figuresOf = (v: ReportView, s: Subject): SubjectFigures => ({
  final: finalOf(v, s),
  budget: budgetOf(v, s),
});

/**
 * The figures of every subject the report's dictionary names, by the rules that answer a question about the report
 * alone; subjects the report has no figure for are left out. The first name of a subject gives its printed name.
 */
export function deriveReport(v: ReportView): DerivedReport {
  const catalog = buildCatalog(v);
  const subjects = new Map<string, Subject>();
  const names = new Map<string, { name: string; subjectKey: string; subject: Subject }>();
  for (const e of catalog) {
    const key = subjectKey(e.subject);
    if (!subjects.has(key)) subjects.set(key, e.subject);
    if (e.name.length >= 2 && !names.has(e.name))
      names.set(e.name, { name: e.name, subjectKey: key, subject: e.subject });
  }
  const figures: DerivedReport['figures'] = [];
  for (const [key, s] of subjects) {
    const f = figuresOf(v, s);
    if (f.final || f.budget) figures.push({ subjectKey: key, figures: f });
  }
  return { figures, names: [...names.values()] };
}

import type { Db } from '../../db/client.js';
import { listReports, loadReport } from '../../db/store.js';
import { buildCatalog } from '../nlu/catalog.js';
import { parseQuestion } from '../nlu/parse.js';
import type { Answer } from './answer.js';
import { buildView, type ReportView } from './report-view.js';
import { runQuery } from './run.js';

/** Loaded report views, cached per store; reload after an import. */
export class Library {
  private views: ReportView[] | null = null;
  constructor(private readonly db: Db) {}
  async all(): Promise<ReportView[]> {
    if (!this.views) {
      const metas = await listReports(this.db);
      const loaded = await Promise.all(metas.map((m) => loadReport(this.db, m.reportId)));
      this.views = loaded.filter((l) => l !== null).map(buildView);
      // the names each report can be asked by, built with the views rather than by the first question about each
      for (const v of this.views) buildCatalog(v);
    }
    return this.views;
  }
  invalidate(): void {
    this.views = null;
  }
}

export async function ask(
  lib: Library,
  question: string,
  scope: { unit?: string | null; year?: number | null } = {},
): Promise<Answer> {
  const views = await lib.all();
  return runQuery(parseQuestion(question, { views, ...scope }), views);
}

export const answerFromViews = (
  views: ReportView[],
  question: string,
  scope: { unit?: string | null; year?: number | null } = {},
): Answer => runQuery(parseQuestion(question, { views, ...scope }), views);

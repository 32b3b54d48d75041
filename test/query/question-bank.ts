/**
 * The question bank: everyday questions on the sample reports (test/fixtures/questions/bank*), each with the answer worked
 * out by hand from the report text. Shared by the test and by `tsx scripts/bank.ts` (which prints every miss).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerFromViews } from '../../src/query/ask.js';
import type { ReportView } from '../../src/query/report-view.js';
import { renderJson } from '../../src/render/json.js';
import { judge, type GoldRow } from '../gold/judge.js';
import { fixtureView } from './real-views.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface BankRow extends GoldRow {
  shape: string;
  report: string;
}
export interface BankResult {
  file: string;
  row: BankRow;
  answer: Record<string, unknown>;
  verdict: string | null;
}

export const bankFiles = (dir: string): string[] =>
  readdirSync(join(FIXTURES, 'questions', dir))
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(FIXTURES, 'questions', dir, f));

const rowsOf = (file: string): BankRow[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as BankRow);

// a PDF's text rendering beside it has the same figures and parses in a fraction of the time
const views = new Map<string, Promise<ReportView>>();
/** `unit`: the unit the bank's question names, which the parser takes when the report names none (import --unit) */
function viewOf(report: string, unit?: string): Promise<ReportView> {
  let v = views.get(report);
  if (!v) {
    const layout = report.replace(/\.pdf$/, '.layout.txt');
    const path = report.endsWith('.pdf') && existsSync(join(FIXTURES, layout)) ? layout : report;
    v = fixtureView(path, views.size + 1, unit);
    views.set(report, v);
  }
  return v;
}

/** Every question of the files asked with the chat's unit set, judged as the gold questions are. */
export async function runBank(files: string[]): Promise<BankResult[]> {
  const out: BankResult[] = [];
  for (const file of files) {
    for (const row of rowsOf(file)) {
      // a report the parser refuses answers nothing: each of its questions is a miss, with the refusal as its text
      const view = await viewOf(row.report, row.unit ?? undefined).catch((e: Error) => e);
      const answer =
        view instanceof Error
          ? { kind: 'refused', text: view.message }
          : renderJson(answerFromViews([view], row.q, { unit: row.unit ?? null }));
      out.push({ file: basename(file), row, answer, verdict: judge(row.expect, answer) });
    }
  }
  return out;
}

/** A figure answered where the bank expects another figure: the worst miss, a wrong number. */
export const wrongFigure = (r: BankResult): boolean =>
  r.verdict !== null && r.answer.kind === 'figure' && r.row.expect.kind === 'figure';

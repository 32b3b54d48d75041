/**
 * The question bank: everyday questions on the sample reports (test/fixtures/questions/bank*), each with the answer worked
 * out by hand from the report text. Shared by the test and by `tsx scripts/bank.ts` (which prints every miss).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractLines } from '../../src/ingest/extract.js';
import { parseReport } from '../../src/ingest/parse-report.js';
import { answerFromViews } from '../../src/query/ask.js';
import { buildView, type ReportView } from '../../src/query/report-view.js';
import { renderJson } from '../../src/render/json.js';
import { judge, type GoldRow } from '../gold/judge.js';
import { fakeMeta } from './real-views.js';

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
    v = (async () => {
      const pdf = join(FIXTURES, report);
      const file =
        report.endsWith('.pdf') && existsSync(pdf.replace(/\.pdf$/, '.layout.txt'))
          ? pdf.replace(/\.pdf$/, '.layout.txt')
          : pdf;
      const ex = await extractLines({ fileName: basename(file), bytes: new Uint8Array(readFileSync(file)) });
      const draft = parseReport(ex.lines, {
        format: ex.format,
        pageCount: ex.pageCount,
        fileName: basename(file),
        partial: true,
        source: ex.source,
        unitName: unit,
      });
      return buildView({ meta: fakeMeta(views.size + 1, draft), draft, findings: [] });
    })();
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

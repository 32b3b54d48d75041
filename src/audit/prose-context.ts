import type { Fact, ParsedTable, ReportDraft, TableKey, TableRow } from '../ingest/types.js';
import { FUNCTION_CLASSES } from '../ingest/table-summary.js';
import { figureAt, type Figure } from './across-tables.js';
import { tableOf } from './context.js';
import { summaryRow } from './summary-tables.js';
import { totalRow } from './within-tables.js';
import { dec } from './tolerance.js';

export type Locate = (draft: ReportDraft) => Figure | null;

const T = (draft: ReportDraft, k: TableKey) => tableOf(draft, k);
const side07 = (s: string) => (t: ParsedTable) => t.rows.find((r) => r.side === s);
const group06 = (g: string) => (t: ParsedTable) => t.rows.find((r) => r.level === 'total' && r.side === g);

const THREE_PUBLIC: Record<string, string> = {
  三公经费: 'total',
  '因公出国（境）费': 'abroad',
  公务用车购置及运行维护费: 'car',
  公务用车购置费: 'car_purchase',
  公务用车运行维护费: 'car_running',
  公务接待费: 'reception',
};

/** Where the tables print each prose subject's 决算数. */
export const FINAL: Record<string, Locate> = {
  收支总计: (d) => figureAt(T(d, 'income_expense_total'), (t) => summaryRow(t, 'income', '总计'), 'amount'),
  财政拨款收支总计: (d) => figureAt(T(d, 'fiscal_total'), (t) => summaryRow(t, 'income', '总计'), 'amount'),
  本年收入合计: (d) => figureAt(T(d, 'income_expense_total'), (t) => summaryRow(t, 'income', '本年收入合计'), 'amount'),
  本年支出合计: (d) =>
    figureAt(T(d, 'income_expense_total'), (t) => summaryRow(t, 'expense', '本年支出合计'), 'amount'),
  基本支出: (d) => figureAt(T(d, 'expense'), totalRow, 'basic', '“合计”行'),
  项目支出: (d) => figureAt(T(d, 'expense'), totalRow, 'project', '“合计”行'),
  上缴上级支出: (d) => figureAt(T(d, 'expense'), totalRow, 'remit', '“合计”行'),
  经营支出: (d) => figureAt(T(d, 'expense'), totalRow, 'operating', '“合计”行'),
  对附属单位补助支出: (d) => figureAt(T(d, 'expense'), totalRow, 'subsidy', '“合计”行'),
  一般公共预算财政拨款支出: (d) => figureAt(T(d, 'general_budget_expense'), totalRow, 'total', '“合计”行'),
  一般公共预算财政拨款基本支出: (d) => figureAt(T(d, 'general_budget_expense'), totalRow, 'basic', '“合计”行'),
  一般公共预算财政拨款项目支出: (d) => figureAt(T(d, 'general_budget_expense'), totalRow, 'project', '“合计”行'),
  政府性基金预算财政拨款基本支出: (d) => figureAt(T(d, 'gov_fund'), totalRow, 'basic', '“合计”行'),
  政府性基金预算财政拨款项目支出: (d) => figureAt(T(d, 'gov_fund'), totalRow, 'project', '“合计”行'),
  人员经费: (d) => figureAt(T(d, 'basic_expense'), group06('personnel'), 'amount'),
  公用经费: (d) => figureAt(T(d, 'basic_expense'), group06('public'), 'amount'),
  ...Object.fromEntries(
    Object.entries(THREE_PUBLIC).map(([s, side]) => [
      s,
      (d: ReportDraft) => figureAt(T(d, 'three_public'), side07(side), 'final', `“${s === '三公经费' ? '合计' : s}”`),
    ]),
  ),
};

export const BUDGET: Record<string, Locate> = Object.fromEntries(
  Object.entries(THREE_PUBLIC).map(([s, side]) => [
    s,
    (d: ReportDraft) => figureAt(T(d, 'three_public'), side07(side), 'budget', `“${s === '三公经费' ? '合计' : s}”`),
  ]),
);

const norm = (s: string) => s.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
const stripExpense = (s: string) => norm(s).replace(/支出$/, '');

/** 类 row of a coded table by the class name the prose uses. */
function classRow(t: ParsedTable, name: string): TableRow | undefined {
  const code = FUNCTION_CLASSES.find(([, n]) => stripExpense(n) === stripExpense(name))?.[0];
  return t.rows.find((r) => r.code?.length === 3 && (r.code === code || stripExpense(r.name) === stripExpense(name)));
}

/** 项 row by the prose's 类/款/项 names, walking down the code prefixes. */
function itemRow(t: ParsedTable, names: string[]): TableRow | undefined {
  const cls = classRow(t, names[0]);
  if (!cls) return undefined;
  const kuan = t.rows.find(
    (r) => r.code?.length === 5 && r.code.startsWith(cls.code!) && norm(r.name) === norm(names[1]),
  );
  if (!kuan) return undefined;
  return t.rows.find((r) => r.code?.length === 7 && r.code.startsWith(kuan.code!) && norm(r.name) === norm(names[2]));
}

/** Candidate table figures for a prose subject's 决算数 (a 项 may sit in 05, 08 or 09). */
export function finalFigures(draft: ReportDraft, subject: string): Figure[] {
  if (FINAL[subject]) return [FINAL[subject](draft)].filter((f): f is Figure => !!f);
  if (subject.startsWith('类:')) {
    const t = T(draft, 'general_budget_expense');
    if (!t || t.rows.length === 0) return [];
    const r = classRow(t, subject.slice(2));
    return r ? [figureAt(t, () => r, 'total')].filter((f): f is Figure => !!f) : [];
  }
  if (subject.startsWith('项:')) {
    const names = subject.slice(2).split('/');
    if (names.length !== 3) return [];
    const out: Figure[] = [];
    for (const k of ['general_budget_expense', 'gov_fund', 'state_capital'] as const) {
      const t = T(draft, k);
      if (!t || t.rows.length === 0) continue;
      const r = itemRow(t, names);
      const f = r ? figureAt(t, () => r, 'total') : null;
      if (f) out.push(f);
    }
    return out;
  }
  return [];
}

const DISPLAY: Record<string, string> = {
  收支总计: '收入支出总计',
  财政拨款收支总计: '财政拨款收入支出总计',
  三公经费: '“三公”经费',
};
export const subjectName = (s: string) =>
  s.startsWith('类:')
    ? `${s.slice(2)}（类）`
    : s.startsWith('项:')
      ? s
          .slice(2)
          .split('/')
          .map((n, i) => `${n}（${'类款项'[i]}）`)
          .join('')
      : (DISPLAY[s] ?? s);

/** The part of the sentence around the figure (sentences can run over several headings). */
const excerpt = (f: Fact) => {
  const s = f.sentence.replace(/\s+/g, '');
  if (s.length <= 60) return s;
  const at = Math.max(s.indexOf(f.value), 0);
  const from = Math.max(0, at - 40);
  const to = Math.min(s.length, at + f.value.length + 20);
  return `${from > 0 ? '…' : ''}${s.slice(from, to)}${to < s.length ? '…' : ''}`;
};
export const proseWhere = (f: Fact) => `文字说明${f.page ? `第${f.page}页` : ''}“${excerpt(f)}”`;

export const printedFacts = (draft: ReportDraft) => draft.facts.filter((f) => !f.derived);

export function dedupe(facts: Fact[]): Fact[] {
  const seen = new Set<string>();
  return facts.filter((f) => {
    const k = `${f.subject}|${f.measure}|${dec(f.value).toFixed()}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export const sameSentence = (facts: Fact[], subject: string, measure: string, sentence: string) =>
  facts.filter((f) => f.subject === subject && f.measure === measure && f.sentence === sentence).at(-1);

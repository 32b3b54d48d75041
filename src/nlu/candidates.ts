import type { Query } from '../query/query.js';
import { type ReportView, tableRows } from '../query/report-view.js';
import { finalOf, unitOf } from '../query/measures.js';
import type { Entry } from './catalog.js';

/** One choice of a clarify: the subject with its figure, and the question the chat sends when it is picked. */
export function candidateOf(
  e: Entry,
  view: ReportView,
  word: string,
): Extract<Query, { kind: 'clarify' }>['candidates'][number] {
  // a choice's figure is shown in 万元: a count (一般公务用车 5 辆) is not one
  const f = unitOf(e.subject) === '万元' ? finalOf(view, e.subject) : null;
  const label =
    e.subject.type === 'code'
      ? `${e.subject.classification === 'function' ? '功能科目' : '经济科目'} ${e.subject.code} ${withItsKuan(view, e.subject.code, e.subject.name)}`
      : e.subject.name;
  const pick = e.subject.type === 'code' ? e.subject.code : e.subject.name;
  return {
    label,
    code: e.subject.type === 'code' ? e.subject.code : null,
    value: f ? f.value.toFixed(2) : null,
    question: `${view.unitName} ${view.year}年${pick}${word}`,
  };
}

/**
 * A 项 with its 款 before it (群众团体事务—一般行政管理事务): a name several 款 share (一般行政管理事务, 行政运行) tells the
 * choices apart only so.
 */
function withItsKuan(view: ReportView, code: string, name: string): string {
  if (code.length !== 7 || /[—―－]/.test(name)) return name;
  const kuan = code.slice(0, 5);
  const row = [...tableRows(view, 'expense'), ...tableRows(view, 'general_budget_expense')].find(
    (r) => r.code === kuan,
  );
  return row ? `${row.name}—${name}` : name;
}

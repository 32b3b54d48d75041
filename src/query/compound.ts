import { type Answer, type Basis, type Cell, count, quantityOf, type Text } from './answer.js';
import { countWordOf } from './measures.js';
import type { Query } from './query.js';
import type { QueryScope } from './directory.js';
import type { ReportView } from './report-view.js';
import { runQuery } from './run.js';

type Compound = Extract<Query, { kind: 'compound' }>;

/**
 * Several questions in one message (三公经费预算多少，实际花了多少，省了多少): each part answered as if asked alone, one
 * row each in the order asked, with every part's basis and notes. A part the report cannot answer says so in its row.
 */
export function runCompound(q: Compound, scope: QueryScope, view: ReportView): Answer {
  const answers = q.parts.map((part) => runQuery(part, scope));
  const head = `${view.year}年度 ${view.unitName} `;
  const label = (a: Answer) => ('title' in a ? a.title.replace(head, '').replace(/^\d{4}年度 \S+ /, '') : '');
  const rows: Cell[][] = answers.flatMap((a, i): Cell[][] => {
    const part = q.parts[i];
    // a count with its own word (30 人次), not the 个 of its unit
    if (a.kind === 'figure' && a.unit === '个' && part.kind !== 'figures')
      return [[label(a), count(a.value, countWordOf(part.subject)), a.formula]];
    if (a.kind === 'figure') return [[label(a), quantityOf(a.value, a.unit), a.formula]];
    // a part of several subjects (A和B分别多少): its rows as they are
    if (a.kind === 'table') return a.table.rows.map((r) => [r[0] ?? '', r[1] ?? '', '']);
    if (a.kind === 'no_data') return [[label(a), '无数据', a.message]];
    return [[label(a), '—', '']];
  });
  const basis: Basis[] = answers.flatMap((a) => (a.kind === 'figure' || a.kind === 'table' ? a.basis : []));
  const notes: Text[] = answers.flatMap((a) => (a.kind === 'figure' || a.kind === 'table' ? a.notes : []));
  return {
    kind: 'table',
    title: `${head}${answers.map(label).filter(Boolean).join('；')}`,
    table: {
      columns: [
        { title: '项目', align: 'left' },
        { title: '数值', align: 'right' },
        { title: '算法', align: 'left' },
      ],
      rows,
    },
    basis,
    notes,
  };
}

import { Decimal } from 'decimal.js';
import { type Answer, amount, type Basis, count, joined, phrase, quantityOf, type Text } from './answer.js';
import { countWordOf } from './measures.js';
import type { Query, Subject } from './query.js';
import type { QueryScope } from './directory.js';
import type { ReportView } from './report-view.js';
import { runQuery } from './run.js';

type Figures = Extract<Query, { kind: 'figures' }>;

const COLUMN: Record<Figures['measure'], string> = {
  figure: '决算数',
  budget: '预算数',
  prior: '上年数',
  rate: '执行率',
  budget_diff: '决算与预算之差',
  yoy: '同比',
  yoy_change: '比上年增减',
  share: '占比',
};

/** The single-subject question each row answers. */
function single(q: Figures, subject: Subject): Query {
  const scope = { reportId: q.reportId, subject };
  switch (q.measure) {
    case 'figure':
      return { kind: 'figure', ...scope, measure: 'final', ...(q.fund ? { fund: q.fund } : {}) };
    case 'budget':
      return { kind: 'figure', ...scope, measure: 'budget' };
    default:
      return { kind: q.measure, ...scope };
  }
}

/** Several subjects at once: each answered as if asked alone, one row each in the order named; `sum` adds them up. */
export function runFigures(q: Figures, scope: QueryScope, view: ReportView): Answer {
  const answers = q.subjects.map((s) => ({ s, a: runQuery(single(q, s), scope) }));
  const column = COLUMN[q.measure];
  // a count with its own word (10 批次, 48 人次), not the 个 of its unit
  const show = (a: Answer, s: Subject) =>
    a.kind !== 'figure' ? '无数据' : a.unit === '个' ? count(a.value, countWordOf(s)) : quantityOf(a.value, a.unit);
  const direction = (a: Answer) =>
    a.kind === 'figure' && (q.measure === 'budget_diff' || q.measure === 'yoy_change')
      ? a.title.replace(/^.*?(比.*)$/, '$1')
      : '';
  const rows = answers.map(({ s, a }) => [
    s.name,
    show(a, s),
    ...(q.measure === 'budget_diff' || q.measure === 'yoy_change' ? [direction(a)] : []),
  ]);
  const basis: Basis[] = answers.flatMap(({ a }) => (a.kind === 'figure' ? a.basis : []));
  const notes: Text[] = answers.flatMap(({ s, a }) =>
    a.kind === 'figure'
      ? a.notes.map((n) => phrase`${s.name}：${n}`)
      : a.kind === 'no_data'
        ? [phrase`${s.name}：${a.message}`]
        : [],
  );
  const unitName = answers.find(({ a }) => a.kind === 'figure' && a.unit !== '%')?.a;
  const money = unitName?.kind === 'figure' && unitName.unit === '万元';
  const table = {
    columns: [
      { title: '项目', align: 'left' as const },
      { title: `${column}${money ? '（万元）' : ''}`, align: 'right' as const },
      ...(rows[0].length > 2 ? [{ title: '方向', align: 'left' as const }] : []),
    ],
    rows,
  };
  const head = `${q.measure === 'prior' ? view.year - 1 : view.year}年度 ${view.unitName}`;
  const names = q.subjects.map((s) => s.name).join('、');
  const derived = answers.some(({ a }) => a.kind === 'figure' && a.derived);
  const figures = answers.flatMap(({ a }) => (a.kind === 'figure' ? [a] : []));
  if (
    q.sum &&
    figures.length === answers.length &&
    figures.every((a) => a.unit === figures[0].unit && a.unit !== '%')
  ) {
    const total = figures.reduce((t, a) => t.plus(a.value), new Decimal(0));
    return {
      kind: 'figure',
      title: `${head} ${names}合计`,
      value: total,
      unit: figures[0].unit,
      formula: joined(
        figures.map((a) => amount(a.value)),
        ' + ',
      ),
      basis,
      table: { ...table, rows: [...rows, ['合计', amount(total)]] },
      notes,
      ...(derived ? { derived: true } : {}),
    };
  }
  if (
    q.difference &&
    figures.length === 2 &&
    answers.length === 2 &&
    figures[0].unit === figures[1].unit &&
    figures[0].unit !== '%'
  ) {
    const [a, b] = figures;
    const [first, second] = q.subjects;
    const diff = a.value.minus(b.value);
    const word = diff.isZero() ? '相等' : diff.gt(0) ? '多' : '少';
    if (q.percent && !b.value.isZero())
      return {
        kind: 'figure',
        title: `${head} ${first.name}比${second.name}${diff.isZero() ? '' : word}`,
        value: diff.abs().div(b.value.abs()).mul(100),
        unit: '%',
        formula: phrase`|${first.name} ${amount(a.value)} − ${second.name} ${amount(b.value)}| ÷ ${second.name} ${amount(b.value)}`,
        basis,
        table: { ...table, rows: [...rows, ['差额', amount(diff)]] },
        notes,
        ...(derived ? { derived: true } : {}),
      };
    return {
      kind: 'figure',
      title: `${head} ${first.name}比${second.name}${diff.isZero() ? '' : word}`,
      value: diff.abs(),
      unit: a.unit,
      formula: phrase`${first.name} ${amount(a.value)} − ${second.name} ${amount(b.value)}`,
      basis,
      table: { ...table, rows: [...rows, ['差额', amount(diff)]] },
      notes: [...notes, ...(diff.isZero() ? [`${first.name}与${second.name}相等`] : [])],
      ...(derived ? { derived: true } : {}),
    };
  }
  if (q.sum) notes.push('有科目无数据或单位不同，未合计');
  if (q.difference) notes.push('有科目无数据或单位不同，未相减');
  return { kind: 'table', title: `${head} ${names}${column}`, table, basis, notes };
}

import type { Fact, Finding, ReportDraft } from '../ingest/types.js';
import { compare } from './context.js';
import { printedFacts, proseWhere } from './prose-context.js';
import { dec, money } from './tolerance.js';

/** A sum the 收支总体情况 states, and the parts it states of it: + adds a part, − takes it away. */
interface Identity {
  rule: string;
  whole: string;
  parts: [sign: '+' | '-', subject: string][];
  /** the parts that must all be stated for the identity to be checked (the others count 0 when not stated) */
  needs: string[];
  what: string;
}

const IDENTITIES: Identity[] = [
  {
    rule: 'prose.balance',
    whole: '年末结转和结余',
    parts: [
      ['+', '年初结转和结余'],
      ['+', '本年收入合计'],
      ['+', '用事业基金弥补收支差额'],
      ['-', '本年支出合计'],
      ['-', '结余分配'],
    ],
    needs: ['年初结转和结余', '本年收入合计', '本年支出合计', '用事业基金弥补收支差额', '结余分配'],
    what: '年初结转和结余＋本年收入＋事业基金弥补收支差额－本年支出－结余分配',
  },
  {
    rule: 'prose.income_sum',
    whole: '本年收入合计',
    parts: ['财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入'].map(
      (s) => ['+', s] as ['+', string],
    ),
    needs: ['财政拨款收入', '事业收入', '其他收入'],
    what: '各项收入之和',
  },
  {
    rule: 'prose.expense_sum',
    whole: '本年支出合计',
    parts: ['基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'].map(
      (s) => ['+', s] as ['+', string],
    ),
    needs: ['基本支出', '项目支出'],
    what: '基本支出、项目支出等各项支出之和',
  },
];

/**
 * Rule 7c: a 说明 published without its tables checked against itself — the year's balance (年初结转和结余 + 本年收入 −
 * 本年支出 … = 年末结转和结余) and 本年收入/本年支出 against the items it lists — on the figures the 收支总体情况 states
 * (the first statement of each). A report with its 收支总表 is checked on the table (summary-tables.ts). Nothing is
 * checked unless every figure the identity needs is stated.
 */
export function proseBalance(draft: ReportDraft): Finding[] {
  if (draft.tables.some((t) => t.key === 'income_expense_total')) return [];
  const first = new Map<string, Fact>();
  for (const f of printedFacts(draft))
    if (f.measure === 'final' && f.unit === '万元' && !first.has(f.subject)) first.set(f.subject, f);
  const out: Finding[] = [];
  for (const id of IDENTITIES) {
    const whole = first.get(id.whole);
    if (!whole || id.needs.some((s) => !first.has(s))) continue;
    const stated = id.parts.filter(([, s]) => first.has(s));
    const sum = stated.reduce(
      (t, [sign, s]) => (sign === '+' ? t.plus(first.get(s)!.value) : t.minus(first.get(s)!.value)),
      dec('0'),
    );
    const terms = stated.map(
      ([sign, s], i) => `${i === 0 ? '' : sign === '+' ? '＋' : '－'}${s} ${first.get(s)!.value}`,
    );
    const found = compare(
      id.rule,
      sum,
      dec(whole.value),
      stated.length,
      (tail) =>
        `文字说明称${id.whole}为${whole.value}万元，按${id.what}（${terms.join(' ')}）计算为${money(sum)}万元，${tail}`,
      proseWhere(whole),
    );
    if (found) out.push(found);
  }
  return out;
}

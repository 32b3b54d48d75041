import { Decimal } from 'decimal.js';
import type { Fact } from '../../src/ingest/types.js';
import { answerFromViews } from '../../src/query/ask.js';
import type { ReportView } from '../../src/query/report-view.js';
import { renderJson } from '../../src/render/json.js';

export interface ProseQuestion {
  q: string;
  expect: string[];
  unit: '万元' | '%';
  got: { kind: string; value?: string; unit?: string; text: string };
  ok: boolean;
}

/**
 * Questions about the 项 figures a report's prose states, asked as a reader would (the 项 name, with its 款 when the
 * name is not unique; the prose's own name when it differs), each checked against what the sentence prints. Built from
 * the report, not from question text: a report the parser was never shown gets its own questions.
 */
export function proseQuestions(view: ReportView): ProseQuestion[] {
  const rows = (['general_budget_expense', 'expense', 'gov_fund', 'state_capital'] as const).flatMap(
    (k) => view.tables.get(k)?.rows ?? [],
  );
  const groups = new Map<string, Fact[]>();
  for (const f of view.facts) {
    if (f.derived || !(f.subject.startsWith('项:') || f.subject.startsWith('科目:')) || f.code?.length !== 7) continue;
    const key = `${f.subject}|${f.code}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: ProseQuestion[] = [];
  for (const facts of groups.values()) {
    const code = facts[0].code!;
    const row = rows.find((r) => r.code === code);
    if (!row) continue;
    const unique = !rows.some((r) => r.name === row.name && r.code !== code);
    const name = unique ? row.name : `${rows.find((r) => r.code === code.slice(0, 5))?.name ?? ''}${row.name}`;
    const printed = (m: string) => facts.find((f) => f.measure === m)?.value;
    const [budget, final, rate, yoy] = [
      printed('budget_initial'),
      printed('final'),
      printed('rate'),
      printed('yoy_rate'),
    ];
    const asks: [string, string[], '万元' | '%'][] = [];
    if (budget) asks.push([`${name}年初预算`, [budget], '万元']);
    // 决算数 of a 项 reads the 支出决算表 (all funds) where it differs from the 财政拨款 figure the prose gives
    const all = view.tables.get('expense')?.rows.find((r) => r.code === code)?.values.total;
    if (final) asks.push([`${name}决算数`, [final, ...(all ? [all] : [])], '万元']);
    if (budget && final && !new Decimal(budget).isZero()) {
      const computed = new Decimal(final).div(budget).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
      asks.push([`${name}执行率`, [computed, ...(rate ? [rate] : [])], '%']);
    }
    if (yoy) asks.push([`${name}同比`, [yoy], '%']);
    const said = facts[0].subject.startsWith('项:') ? facts[0].subject.split('/').at(-1)! : (facts[0].detail ?? '');
    if (budget && said && said !== row.name && !rows.some((r) => r.name === said))
      asks.push([`${said}年初预算`, [budget], '万元']);
    for (const [q, expect, unit] of asks) {
      const got = renderJson(answerFromViews([view], q, { unit: view.unitName })) as ProseQuestion['got'];
      const ok =
        got.kind === 'figure' &&
        got.unit === unit &&
        expect.some((e) =>
          new Decimal(e)
            .minus(got.value ?? 'NaN')
            .abs()
            .lte('0.011'),
        );
      out.push({ q, expect, unit, got, ok });
    }
  }
  return out;
}

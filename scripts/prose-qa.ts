/**
 * Measure: questions about the 项 figures a report's own prose states, asked the way a reader would (the 项 name, with
 * its 款 when the name is not unique; also the prose's own name), answered against what the sentence prints.
 * usage: tsx scripts/prose-qa.ts FILE... [--show]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Decimal } from 'decimal.js';
import { extractLines } from '../src/ingest/extract.js';
import { parseReport } from '../src/ingest/parse-report.js';
import { buildView } from '../src/query/report-view.js';
import { answerFromViews } from '../src/query/ask.js';
import { renderJson } from '../src/render/json.js';
import type { Fact } from '../src/ingest/types.js';

const show = process.argv.includes('--show');
let total = 0;
let good = 0;
for (const file of process.argv.slice(2).filter((a) => !a.startsWith('--'))) {
  const ex = await extractLines({ fileName: basename(file), bytes: new Uint8Array(readFileSync(file)) });
  const draft = parseReport(ex.lines, { format: ex.format, pageCount: ex.pageCount, fileName: basename(file), partial: true });
  const view = buildView({ meta: { reportId: 1, unitId: 1, unitName: draft.unitName, aliases: draft.unitAliases, year: draft.year, region: draft.region } as never, draft, findings: [] });
  const rows = ['general_budget_expense', 'expense', 'gov_fund', 'state_capital'].flatMap((k) => view.tables.get(k as never)?.rows ?? []);
  const groups = new Map<string, Fact[]>();
  for (const f of view.facts) {
    if (f.derived || !(f.subject.startsWith('项:') || f.subject.startsWith('科目:')) || !f.code || f.code.length !== 7) continue;
    const key = `${f.subject}|${f.code}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(f);
  }
  let t = 0, g = 0;
  for (const facts of groups.values()) {
    const code = facts[0].code!;
    const row = rows.find((r) => r.code === code);
    if (!row) continue;
    const unique = rows.filter((r) => r.name === row.name && r.code !== code).length === 0;
    const kuan = rows.find((r) => r.code === code.slice(0, 5))?.name ?? '';
    const name = unique ? row.name : `${kuan}${row.name}`;
    const printed = (m: string) => facts.find((f) => f.measure === m)?.value;
    const budget = printed('budget_initial');
    const final = printed('final');
    const rate = printed('rate');
    const asks: [string, string[], string][] = [];
    if (budget) asks.push([`${name}年初预算`, [budget], '万元']);
    // 决算数 of a 项 reads the 支出决算表 (all funds) where it differs from the 财政拨款 figure the prose gives
    const all = view.tables.get('expense')?.rows.find((r) => r.code === code)?.values.total;
    if (final) asks.push([`${name}决算数`, [final, ...(all ? [all] : [])], '万元']);
    const said = facts[0].subject.startsWith('项:') ? facts[0].subject.split('/').at(-1)! : facts[0].detail ?? '';
    if (budget && said && said !== row.name && !rows.some((r) => r.name === said)) asks.push([`${said}年初预算`, [budget], '万元']);
    if (budget && final && !new Decimal(budget).isZero()) {
      const computed = new Decimal(final).div(budget).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
      asks.push([`${name}执行率`, [computed, ...(rate ? [rate] : [])], '%']);
    }
    for (const [q, expect, unit] of asks) {
      const a = renderJson(answerFromViews([view], q, { unit: draft.unitName })) as { kind: string; value?: string; unit?: string; text: string };
      const ok = a.kind === 'figure' && a.unit === unit && expect.some((e) => new Decimal(e).minus(a.value ?? 'NaN').abs().lte(0.011));
      t++; if (ok) g++;
      if (show && !ok) console.log(`  MISS ${q} expect ${expect.join('|')} got ${a.kind} ${a.value ?? ''} | ${a.text.split('\n')[0].slice(0, 120)}`);
    }
  }
  total += t; good += g;
  console.log(`${basename(file)}: ${g}/${t}`);
}
console.log(`prose questions: ${good}/${total}`);

import { Decimal } from 'decimal.js';
import type { Fact, ParsedTable, TableKey, TableRow } from './types.js';
import type { SubjectNames } from './narrative.js';
import { FUNCTION_CLASSES } from './table-summary.js';
import { decimalsOf } from './tokens.js';

const CODED: TableKey[] = ['general_budget_expense', 'gov_fund', 'state_capital', 'expense', 'income'];
const norm = (s: string) =>
  s
    .replace(/[\s“”"]/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
const stem = (s: string) => norm(s).replace(/支出$/, '');

/** 科目 names of the report's coded tables, for the prose to be read against (3+ characters, any level). */
export function subjectNames(tables: ParsedTable[]): SubjectNames {
  const out: SubjectNames = new Map();
  for (const t of tables) {
    if (!CODED.includes(t.key)) continue;
    for (const r of t.rows) {
      if (!r.code || r.classification === 'economic' || norm(r.name).length < 3) continue;
      const codes = out.get(norm(r.name)) ?? [];
      if (!codes.includes(r.code)) codes.push(r.code);
      out.set(norm(r.name), codes);
    }
  }
  return out;
}

/** Share of characters two names have in common (for 「其他国土资源事务支出」 vs 「其他自然资源事务支出」). */
function likeness(a: string, b: string): number {
  const bs = [...b];
  const common = [...a].filter((c) => {
    const i = bs.indexOf(c);
    if (i < 0) return false;
    bs.splice(i, 1);
    return true;
  }).length;
  return (2 * common) / (a.length + b.length);
}

type Link = NonNullable<Fact['link']>;

/**
 * Each prose fact about a 功能科目 gets the table row it describes: by the code the prose prints, else by name (类, 款
 * and 项 walked down the code prefixes; a close name within the stated 款), else by its 决算数 within the stated 类/款
 * when exactly one row has it. What links to nothing keeps code null and link 'none'.
 */
export function linkFacts(facts: Fact[], tables: ParsedTable[]): Fact[] {
  // one row per code, the 一般公共预算 table's first (the prose's 项 sections describe it)
  const rows = [
    ...new Map(
      CODED.flatMap((k) => tables.find((t) => t.key === k)?.rows ?? [])
        .filter((r) => r.code && r.classification !== 'economic')
        .reverse()
        .map((r) => [r.code!, r] as const),
    ).values(),
  ];
  const byCode = (code: string) => rows.find((r) => r.code === code);
  const out = facts.map((f) => ({ ...f }));
  // facts in a row about the same subject are one statement (heading, 年初预算, 决算, 执行率)
  const groups: Fact[][] = [];
  for (const f of out) {
    const last = groups.at(-1);
    if (last && last[0].subject === f.subject) last.push(f);
    else groups.push([f]);
  }
  for (const group of groups) {
    const subject = group[0].subject;
    const final = group.find((f) => f.measure === 'final' && !f.derived)?.value;
    const link = linkSubject(subject, final, rows, byCode);
    if (!link) continue;
    for (const f of group) {
      f.code = link.code;
      f.link = link.link;
    }
  }
  relinkTotals(out, tables);
  return out;
}

function linkSubject(
  subject: string,
  final: string | null | undefined,
  rows: TableRow[],
  byCode: (c: string) => TableRow | undefined,
): { code: string | null; link: Link } | null {
  const [kind, rest] = [subject.slice(0, subject.indexOf(':')), subject.slice(subject.indexOf(':') + 1)];
  // within a stated 款 a figure one cent off (尾数) still identifies the row when no other is as close
  const byAmount = (scope: TableRow[], tolerance = 0) => {
    if (!final) return null;
    const hits = [
      ...new Set(
        scope
          .filter((r) => r.values.total !== undefined && new Decimal(r.values.total).minus(final).abs().lte(tolerance))
          .map((r) => r.code!),
      ),
    ];
    return hits.length === 1 ? hits[0] : null;
  };
  if (kind === '科目') return { code: rest, link: byCode(rest) ? 'code' : 'none' };
  if (kind === '类') {
    const row = rows.find((r) => r.code!.length === 3 && stem(r.name) === stem(rest));
    const code = row?.code ?? FUNCTION_CLASSES.find(([, n]) => stem(n) === stem(rest))?.[0] ?? null;
    return code ? { code, link: row ? 'name' : 'none' } : { code: null, link: 'none' };
  }
  if (kind === '名') {
    const code = byAmount(rows.filter((r) => norm(r.name) === norm(rest)));
    return code ? { code, link: 'amount' } : { code: null, link: 'none' };
  }
  if (kind !== '项') return null;
  const [lei, kuan, xiang] = rest.split('/');
  const leiRow = lei ? rows.find((r) => r.code!.length === 3 && stem(r.name) === stem(lei)) : undefined;
  const under = (prefix: string | null | undefined) =>
    rows.filter((r) => r.code!.length === 7 && (!prefix || r.code!.startsWith(prefix)));
  const kuanRow = kuan
    ? rows.find((r) => r.code!.length === 5 && r.code!.startsWith(leiRow?.code ?? '') && norm(r.name) === norm(kuan))
    : undefined;
  const named = (scope: TableRow[]) => {
    const c = [...new Set(scope.filter((r) => norm(r.name) === norm(xiang)).map((r) => r.code!))];
    return c.length === 1 ? c[0] : null;
  };
  const close = (scope: TableRow[]) => {
    const c = [...new Set(scope.filter((r) => likeness(norm(r.name), norm(xiang)) >= 0.75).map((r) => r.code!))];
    return c.length === 1 ? c[0] : null;
  };
  // narrowest scope first: the stated 款, then the stated 类 (the prose may name the wrong 款), then the whole report
  const scopes = [kuanRow ? under(kuanRow.code) : null, leiRow ? under(leiRow.code) : null, under(null)].filter(
    (x): x is TableRow[] => !!x,
  );
  for (const [i, scope] of scopes.entries()) {
    const code = named(scope);
    if (code) return { code, link: 'name' };
    const amount = byAmount(scope) ?? (i === 0 ? (byAmount(scope, 0.01) ?? close(scope)) : null);
    if (amount)
      return { code: amount, link: byAmount(scope) === amount || byAmount(scope, 0.01) === amount ? 'amount' : 'name' };
  }
  return { code: null, link: 'none' };
}

/**
 * A prose total names its row loosely: 「收入总计」 in some formats is the year's income (本年收入合计), and 「其中基本支出」 in a
 * paragraph about 财政拨款 is that table's 基本支出. The figure the sentence prints decides which row it is, when it is not
 * the one the word usually means and matches exactly one other.
 */
function relinkTotals(facts: Fact[], tables: ParsedTable[]): void {
  const t = (k: TableKey) => tables.find((x) => x.key === k);
  const summary = (side: string, name: string) =>
    t('income_expense_total')?.rows.find((r) => r.side === side && r.name === name)?.values.amount;
  const total = (k: TableKey, col: string) =>
    t(k)?.rows.find((r) => r.code === null && r.level === 'total')?.values[col];
  const READINGS: Record<string, [usual: (string | undefined)[], others: [string, string | undefined][]]> = {
    收支总计: [
      [summary('income', '总计'), summary('expense', '总计')],
      [
        ['本年收入合计', summary('income', '本年收入合计')],
        ['本年支出合计', summary('expense', '本年支出合计')],
      ],
    ],
    基本支出: [
      [total('expense', 'basic')],
      [
        ['一般公共预算财政拨款基本支出', total('general_budget_expense', 'basic')],
        ['政府性基金预算财政拨款基本支出', total('gov_fund', 'basic')],
      ],
    ],
    项目支出: [
      [total('expense', 'project')],
      [
        ['一般公共预算财政拨款项目支出', total('general_budget_expense', 'project')],
        ['政府性基金预算财政拨款项目支出', total('gov_fund', 'project')],
      ],
    ],
  };
  // the prose rounds what a table in 元 prints to its own decimals: 3389.69 is 3,389.689478 万元
  const eq = (a: string | undefined, b: string) =>
    a !== undefined && new Decimal(a).toDecimalPlaces(decimalsOf(b), Decimal.ROUND_HALF_UP).eq(b);
  let sentence = '';
  let to: Record<string, string | undefined> = {};
  for (const f of facts) {
    const reading = READINGS[f.subject];
    if (!reading) continue;
    if (f.sentence !== sentence) {
      sentence = f.sentence;
      to = {};
    }
    if (f.measure === 'final' && !f.derived) {
      const [usual, others] = reading;
      const hits = others.filter(([, v]) => eq(v, f.value));
      to[f.subject] = usual.some((v) => eq(v, f.value)) || hits.length !== 1 ? undefined : hits[0][0];
    }
    const target = to[f.subject];
    if (target) f.subject = target;
  }
}

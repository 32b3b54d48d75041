import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { loadReport, listReports } from '../../db/store.js';
import { importFile } from '../../src/ingest/import-file.js';
import type { ReportDraft } from '../../src/ingest/types.js';
import { amountTokens, fixturePath, fixtureText } from './fixtures.js';

const FILE = 'yanggu-zfb-2020-juesuan.txt';

/** The nine tables: from the first table title to the heading of the prose part. */
function tablesText(): string {
  const text = fixtureText(FILE);
  const start = text.search(/^\s*收入支出决算总表\s*$/m);
  const end = text.search(/^\s*第三部分\s*$/m);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return text.slice(start, end);
}

const sorted = (xs: string[]) => [...xs].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));

describe('阳谷 2020: every amount printed in the nine tables is in the store', () => {
  let db: Db;
  let stored: ReportDraft;
  beforeAll(async () => {
    db = await openDb(':memory:');
    await importFile(db, fixturePath(FILE));
    const [meta] = await listReports(db);
    stored = (await loadReport(db, meta.reportId))!.draft;
  });
  afterAll(() => db.close());

  it('the printed integers are subject codes, 行次/栏次/column numbers or table numbers, never amounts', () => {
    const integers = tablesText()
      .split(/\s+/)
      .filter((t) => /^\d+$/.test(t));
    const codes = integers.filter((t) => /^(2\d{2}(\d{2}){0,2}|3\d{2}(\d{2})?)$/.test(t));
    const small = integers.filter((t) => !codes.includes(t)).map(Number);
    expect(codes.length).toBeGreaterThan(100);
    expect(Math.max(...small)).toBeLessThanOrEqual(64); // 04表 runs to 行次 64
    const values = stored.tables.flatMap((t) => t.rows.flatMap((r) => Object.values(r.values)));
    expect(values.filter((v) => /^\d+$/.test(v))).toEqual([]);
  });

  it('same multiset of amounts: 176 printed tokens vs the stored cells', () => {
    const printed = amountTokens(tablesText());
    const values = stored.tables.flatMap((t) => t.rows.flatMap((r) => Object.values(r.values)));
    expect(printed).toHaveLength(176);
    expect(sorted(values)).toEqual(sorted(printed));
  });

  // each table's own region, from its title to the next title
  const TITLES = [
    ['income_expense_total', '收入支出决算总表', 11],
    ['income', '收入决算表', 34],
    ['expense', '支出决算表', 37],
    ['fiscal_total', '财政拨款收入支出决算总表', 19],
    ['general_budget_expense', '一般公共预算财政拨款支出决算表', 37],
    ['basic_expense', '一般公共预算财政拨款基本支出决算表', 31],
    ['three_public', '一般公共预算财政拨款“三公”经费支出决算表', 7],
    ['gov_fund', '政府性基金预算财政拨款收入支出决算表', 0],
    ['state_capital', '国有资本经营预算财政拨款支出决算表', 0],
  ] as const;

  it.each(TITLES.map(([key, title, n], i) => [key, n, title, TITLES[i + 1]?.[1] ?? null] as const))(
    '%s: the %i amounts printed under its title are its stored cells',
    (key, n, title, next) => {
      const text = tablesText();
      const at = (t: string) => text.search(new RegExp(`^\\s*${t}\\s*$`, 'm'));
      const region = text.slice(at(title), next ? at(next) : text.length);
      const printed = amountTokens(region);
      const table = stored.tables.find((t) => t.key === key)!;
      expect(printed).toHaveLength(n);
      expect(sorted(table.rows.flatMap((r) => Object.values(r.values)))).toEqual(sorted(printed));
    },
  );
});

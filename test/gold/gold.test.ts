import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { importFile } from '../../src/ingest/import-file.js';
import { Library, ask } from '../../src/query/ask.js';
import { renderJson } from '../../src/render/json.js';
import { reportPath } from '../query/real-views.js';
import { judge, type GoldRow } from './judge.js';

const QUESTIONS = fileURLToPath(new URL('../fixtures/questions/', import.meta.url));
// one report's questions at the top, questions across units in compare/
// the question bank (bank/, bank-holdout/) has its own test: question-bank.test.ts
const files = (readdirSync(QUESTIONS, { recursive: true, encoding: 'utf8' }) as string[])
  .map((f) => f.split(sep).join('/'))
  .filter((f) => f.endsWith('.jsonl') && !f.startsWith('bank'))
  .sort();
const rowsOf = (f: string): GoldRow[] =>
  readFileSync(join(QUESTIONS, f), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldRow);

const tmp = mkdtempSync(join(tmpdir(), 'jsws-gold-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('has gold files, the cross-unit ones among them', () => {
  expect(files.length).toBeGreaterThan(0);
  expect(files.filter((f) => f.startsWith('compare/')).length).toBeGreaterThan(0);
});

// one store per set of reports, filled the way `cli import` fills it: the cross-unit files share all four reports
const stores = new Map<string, Promise<{ db: Db; lib: Library }>>();
const storeFor = (reports: string[]) => {
  const key = [...new Set(reports)].sort().join('|');
  let s = stores.get(key);
  if (!s) {
    s = (async () => {
      const db = await openDb(join(tmp, `store-${stores.size}.db`));
      for (const rep of key.split('|')) await importFile(db, reportPath(rep));
      return { db, lib: new Library(db) };
    })();
    stores.set(key, s);
  }
  return s;
};
afterAll(async () => {
  for (const s of stores.values()) await (await s).db.close();
});

describe.each(files)('%s', (file) => {
  const rows = rowsOf(file);
  let lib: Library;
  beforeAll(async () => {
    ({ lib } = await storeFor(rows.flatMap((r) => (Array.isArray(r.report) ? r.report : [r.report]))));
  }, 60_000);

  it.each(rows.map((r, i) => [i + 1, r.q, r] as const))('#%i %s', async (_i, q, row) => {
    const ans = renderJson(await ask(lib, q, { unit: row.unit ?? null }));
    expect(judge(row.expect, ans), String(ans.text)).toBeNull();
  });
});

describe('judge agrees with gold_check.py', () => {
  it.each<[GoldRow['expect'], Record<string, unknown>, string | null]>([
    [{ kind: 'figure', value: '9.38', unit: '万元' }, { kind: 'figure', value: '9.38', unit: '万元', text: '' }, null],
    [{ kind: 'figure', value: '9.38', unit: '万元' }, { kind: 'figure', value: '9.384', unit: '万元', text: '' }, null],
    [
      { kind: 'figure', value: '2995.39', unit: '万元' },
      { kind: 'figure', value: '2,995.39', unit: '万元', text: '' },
      null,
    ],
    [{ kind: 'figure', value: '-1.87', unit: '%' }, { kind: 'figure', value: '-1.87%', unit: '%', text: '' }, null],
    [
      { kind: 'figure', value: '9.38', unit: '万元' },
      { kind: 'figure', value: '9.3851', unit: '万元', text: '' },
      'value 9.3851 != 9.38',
    ],
    [
      { kind: 'figure', value: '9.38', unit: '万元' },
      { kind: 'figure', value: '9.38', unit: '%', text: '' },
      'unit % != 万元',
    ],
    [{ kind: 'figure', value: '9.38', unit: '万元' }, { kind: 'figure', text: '' }, 'value undefined is not a number'],
    [{ kind: 'no_data' }, { kind: 'figure', value: '1.00' }, 'kind figure != no_data'],
    [
      { kind: 'clarify', contains: ['2210201', '63.74'] },
      { kind: 'clarify', text: '2210201', candidates: [{ value: '63.74' }] },
      null,
    ],
    [{ kind: 'table', contains: ['86.0'] }, { kind: 'table', text: '85.99%' }, 'text lacks "86.0"'],
  ])('%j vs %j → %s', (exp, ans, verdict) => expect(judge(exp, ans)).toBe(verdict));
});

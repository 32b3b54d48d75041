import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { importFile } from '../../src/ingest/import-file.js';
import { Library, ask } from '../../src/query/ask.js';
import { renderJson } from '../../src/render/json.js';
import { reportPath } from '../query/real-views.js';
import { judge, type GoldRow } from './judge.js';

const QUESTIONS = fileURLToPath(new URL('../fixtures/questions/', import.meta.url));
const files = readdirSync(QUESTIONS).filter((f) => f.endsWith('.jsonl')).sort();
const rowsOf = (f: string): GoldRow[] => readFileSync(join(QUESTIONS, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as GoldRow);

const tmp = mkdtempSync(join(tmpdir(), 'jsws-gold-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('has gold files', () => expect(files.length).toBeGreaterThan(0));

describe.each(files)('%s', (file) => {
  const rows = rowsOf(file);
  let db: Db;
  let lib: Library;
  beforeAll(async () => {
    // a fresh store per gold file, filled the way `cli import` fills it
    db = await openDb(join(tmp, `${file}.db`));
    const reports = [...new Set(rows.flatMap((r) => (Array.isArray(r.report) ? r.report : [r.report])))].sort();
    for (const rep of reports) await importFile(db, reportPath(rep));
    lib = new Library(db);
  });
  afterAll(() => db?.close());

  it.each(rows.map((r, i) => [i + 1, r.q, r] as const))('#%i %s', async (_i, q, row) => {
    const ans = renderJson(await ask(lib, q, { unit: row.unit ?? null }));
    expect(judge(row.expect, ans), String(ans.text)).toBeNull();
  });
});

describe('judge agrees with gold_check.py', () => {
  it.each<[GoldRow['expect'], Record<string, unknown>, string | null]>([
    [{ kind: 'figure', value: '9.38', unit: '万元' }, { kind: 'figure', value: '9.38', unit: '万元', text: '' }, null],
    [{ kind: 'figure', value: '9.38', unit: '万元' }, { kind: 'figure', value: '9.384', unit: '万元', text: '' }, null],
    [{ kind: 'figure', value: '2995.39', unit: '万元' }, { kind: 'figure', value: '2,995.39', unit: '万元', text: '' }, null],
    [{ kind: 'figure', value: '-1.87', unit: '%' }, { kind: 'figure', value: '-1.87%', unit: '%', text: '' }, null],
    [{ kind: 'figure', value: '9.38', unit: '万元' }, { kind: 'figure', value: '9.3851', unit: '万元', text: '' }, 'value 9.3851 != 9.38'],
    [{ kind: 'figure', value: '9.38', unit: '万元' }, { kind: 'figure', value: '9.38', unit: '%', text: '' }, 'unit % != 万元'],
    [{ kind: 'figure', value: '9.38', unit: '万元' }, { kind: 'figure', text: '' }, 'value undefined is not a number'],
    [{ kind: 'no_data' }, { kind: 'figure', value: '1.00' }, 'kind figure != no_data'],
    [{ kind: 'clarify', contains: ['2210201', '63.74'] }, { kind: 'clarify', text: '2210201', candidates: [{ value: '63.74' }] }, null],
    [{ kind: 'table', contains: ['86.0'] }, { kind: 'table', text: '85.99%' }, 'text lacks "86.0"'],
  ])('%j vs %j → %s', (exp, ans, verdict) => expect(judge(exp, ans)).toBe(verdict));
});

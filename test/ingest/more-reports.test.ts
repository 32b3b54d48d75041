import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { countRows } from '../../db/store.js';
import { auditReport } from '../../src/audit/index.js';
import { extractLines } from '../../src/ingest/extract.js';
import { importBytes } from '../../src/ingest/import-file.js';
import { parseReport } from '../../src/ingest/parse-report.js';
import type { ReportDraft } from '../../src/ingest/types.js';
import { UserError } from '../../src/errors.js';
import { rowOf } from './fixtures.js';

// Real reports from the same public sample collection that the parser was not developed against.
const more = (name: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/more/${name}`, import.meta.url))));
const GHZY = 'putuo-ghzy-2024-juesuan.pdf';

let draft: ReportDraft;
beforeAll(async () => {
  const ex = await extractLines({ fileName: GHZY, bytes: more(GHZY) });
  draft = parseReport(ex.lines, { format: ex.format, pageCount: ex.pageCount, fileName: GHZY });
});

describe('上海市普陀区规划和自然资源局 2024 (a report the parser was not tuned on)', () => {
  it('finds the unit, year and all nine tables', () => {
    expect(draft).toMatchObject({
      unitName: '上海市普陀区规划和自然资源局',
      year: 2024,
      scope: '部门',
      missingTables: [],
    });
    expect(draft.tables.map((t) => t.key)).toHaveLength(9);
  });

  it.each([
    ['income_expense_total', ['总计', 'income'], 'amount', '9859.38'],
    ['fiscal_total', ['总计', 'expense'], 'total', '9746.50'],
    ['basic_expense', '人员经费合计', 'amount', '4884.09'],
    ['basic_expense', '公用经费合计', 'amount', '480.66'],
    ['three_public', '合计', 'budget', '2.85'],
    ['three_public', '合计', 'final', '0.39'],
    ['three_public', '公务接待费', 'final', '0.39'],
    ['three_public', '因公出国（境）费', 'budget', '0.00'],
  ] as const)('%s %j %s = %s', (key, ref, col, value) => {
    expect(rowOf(draft, key, ref).values[col]).toBe(value);
  });

  it('states its prose facts with their sentences', () => {
    const fact = (subject: string, measure: string) =>
      draft.facts.find((f) => f.subject === subject && f.measure === measure && !f.derived);
    expect(fact('机关运行经费', 'final')?.value).toBe('142.80');
    expect(fact('政府采购', 'final')?.value).toBe('2319.21');
    expect(fact('人员经费', 'final')?.sentence).toContain('4896.98');
  });

  it('the audit reports the prose 人员经费 4896.98 against the table 4884.09', () => {
    const f = auditReport(draft).find(
      (x) => x.severity === 'finding' && x.message.includes('人员经费') && x.actual === '4896.98',
    );
    expect(f).toMatchObject({ expected: '4884.09' });
  });
});

describe('a blank 部门决算 template', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb(':memory:');
  });
  afterAll(() => db.close());

  it('is refused with a Chinese error and leaves the store unchanged', async () => {
    const before = await countRows(db);
    const err = await importBytes(db, 'blank-template.pdf', more('blank-template.pdf')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ code: 'E_BAD_FILE' });
    expect((err as Error).message).toContain('空白模板');
    expect(await countRows(db)).toEqual(before);
  });
});

describe('the same report as `pdftotext -layout` text gives the same rows', () => {
  it('every table matches the PDF row for row', async () => {
    const name = 'putuo-ghzy-2024-juesuan.layout.txt';
    const ex = await extractLines({ fileName: name, bytes: more(name) });
    const layout = parseReport(ex.lines, { format: ex.format, pageCount: ex.pageCount, fileName: name });
    const shape = (d: ReportDraft) =>
      d.tables.map((t) => ({ key: t.key, rows: t.rows.map((r) => [r.code, r.name, r.side, r.values]) }));
    expect(shape(layout)).toEqual(shape(draft));
  });
});

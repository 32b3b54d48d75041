import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { sql } from 'drizzle-orm';
import sqlite3 from 'sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { fenOf } from '../../db/mappers.js';
import { copyReportSynthetic, derivedRows, figuresIn, listReports, loadReport, saveReport } from '../../db/store.js';
import { DERIVED_VERSION, deriveReport } from '../../src/query/derive.js';
import { buildView, draftView } from '../../src/query/report-view.js';
import type { ReportDraft } from '../../src/ingest/types.js';
import { parseFixture } from '../query/real-views.js';

const tmp = mkdtempSync(join(tmpdir(), 'jsws-cells-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const amounts = (d: ReportDraft) => d.tables.flatMap((t) => t.rows.flatMap((r) => Object.values(r.values)));
const sumOf = (values: string[]) => values.reduce((s, v) => s.plus(v), new Decimal(0));

describe('cells: every amount a row with its exact 分', () => {
  it('fenOf counts 分 exactly and refuses amounts finer than 分', () => {
    expect(fenOf('1133.55')).toBe(1_133_550_000);
    expect(fenOf('-12.3')).toBe(-12_300_000);
    expect(fenOf('0.000001')).toBe(1);
    expect(fenOf('5')).toBe(5_000_000);
    expect(() => fenOf('0.0000001')).toThrow();
  });

  it('a saved report has one cell per amount, and an SQL sum of 分 equals the decimal sum', async () => {
    const db = await openDb(':memory:');
    try {
      const draft = await parseFixture('yanggu-zfb-2020-juesuan.txt');
      await saveReport(db, { draft, findings: [], sourceFile: 'yanggu.txt', sha256: 'x' });
      const [[n, fen]] = await db.orm.all<[number, number]>(sql`select count(*) as n, sum(fen) as fen from cells`);
      expect(n).toBe(amounts(draft).length);
      expect(new Decimal(fen).div(1_000_000).eq(sumOf(amounts(draft)))).toBe(true);
      // by code and column, across the tables that print it
      const rows = await db.orm.all<[string, string]>(
        sql`select table_key, value from cells where code = '2010301' and column_key = 'total' order by table_key`,
      );
      expect(rows).toEqual([
        ['expense', '920.49'],
        ['general_budget_expense', '920.49'],
        ['income', '1028.92'],
      ]);
      const [meta] = await listReports(db);
      expect((await loadReport(db, meta.reportId))!.draft.tables).toEqual(draft.tables);
    } finally {
      await db.close();
    }
  });

  it('the migration moves a store that kept amounts as JSON into cells, exactly, without re-import', async () => {
    const path = join(tmp, 'old.db');
    const migrations = new URL('../../db/migrations/', import.meta.url);
    const journal = JSON.parse(readFileSync(new URL('meta/_journal.json', migrations), 'utf8')) as {
      entries: { tag: string; when: number }[];
    };
    const old = journal.entries.filter((e) => e.tag < '0004');
    const conn = new sqlite3.Database(path);
    const run = (q: string, p: unknown[] = []) =>
      new Promise<void>((res, rej) => conn.run(q, p, (e) => (e ? rej(e) : res())));
    for (const e of old)
      for (const q of readFileSync(new URL(`${e.tag}.sql`, migrations), 'utf8').split('--> statement-breakpoint'))
        if (q.trim()) await run(q);
    await run('CREATE TABLE __drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
    await run('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)', ['old', old[old.length - 1].when]);
    // the 阳谷 report as the release before cells stored it, with amounts of every shape a table can hold
    const draft = await parseFixture('yanggu-zfb-2020-juesuan.txt');
    const odd = {
      seq: 999,
      code: null,
      classification: null,
      name: '合成行（SYNTHETIC）',
      level: 'item' as const,
      side: null,
      values: { total: '-12.3', basic: '5', project: '0.000123' },
      page: null,
    };
    draft.tables.find((t) => t.key === 'expense')!.rows.push(odd);
    await run(`INSERT INTO units (name, aliases, region) VALUES (?, '[]', NULL)`, [draft.unitName]);
    await run(
      `INSERT INTO reports (unit_id, year, kind, scope, source_file, sha256, imported_at, page_count, missing_tables) VALUES (1, ?, '决算', ?, 'old.txt', 'old', '2025-01-01T00:00:00.000Z', 1, '[]')`,
      [draft.year, draft.scope],
    );
    for (const [seq, t] of draft.tables.entries()) {
      await run(
        'INSERT INTO report_tables (report_id, table_key, seq, title, label, page, empty, columns, notes) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)',
        [t.key, seq, t.title, t.label, t.page, t.empty ? 1 : 0, JSON.stringify(t.columns), JSON.stringify(t.notes)],
      );
      for (const r of t.rows) {
        await run(
          'INSERT INTO table_rows (report_id, table_key, seq, code, classification, name, level, side, values_json, page) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [t.key, r.seq, r.code, r.classification, r.name, r.level, r.side, JSON.stringify(r.values), r.page],
        );
      }
    }
    await new Promise<void>((res) => conn.close(() => res()));

    const db = await openDb(path);
    try {
      const [[n, fen]] = await db.orm.all<[number, number]>(sql`select count(*) as n, sum(fen) as fen from cells`);
      expect(n).toBe(amounts(draft).length);
      expect(new Decimal(fen).div(1_000_000).eq(sumOf(amounts(draft)))).toBe(true);
      const moved = await db.orm.all<[string, number]>(
        sql`select value, fen from cells where name = '合成行（SYNTHETIC）' order by column_key`,
      );
      expect(moved).toEqual([
        ['5', 5_000_000],
        ['0.000123', 123],
        ['-12.3', -12_300_000],
      ]);
      for (const [value, f] of moved) expect(f).toBe(fenOf(value));
      const loaded = (await loadReport(db, 1))!.draft;
      expect(loaded.tables.map((t) => t.rows)).toEqual(draft.tables.map((t) => t.rows));
      const columns = await db.orm.all<[string]>(sql`select name from pragma_table_info('table_rows')`);
      expect(columns.flat()).not.toContain('values_json');
    } finally {
      await db.close();
    }
  });
});

describe('SYNTHETIC copies by bulk SQL (benchmarks)', () => {
  it('copies a report under new units with every 0.01 万元 amount scaled half-up in integer 分', async () => {
    const db = await openDb(':memory:');
    try {
      const draft = await parseFixture('yanggu-zfb-2020-juesuan.txt');
      const derived = { rows: derivedRows(deriveReport(draftView(draft, 'yanggu.txt'))), version: DERIVED_VERSION };
      const { reportId } = await saveReport(db, {
        draft,
        findings: [],
        sourceFile: 'yanggu.txt',
        sha256: 'x',
        derived,
      });
      const ids = await copyReportSynthetic(db, reportId, [
        { unitName: '合成单位0001', aliases: ['合成1号'], region: '合成县', year: 2020, percent: 100 },
        { unitName: '合成单位0002', aliases: [], region: '合成县', year: 2020, percent: 150 },
      ]);
      const same = (await loadReport(db, ids[0]))!;
      expect(same.meta).toMatchObject({
        unitName: '合成单位0001',
        region: '合成县',
        year: 2020,
        sourceFile: 'SYNTHETIC/合成单位0001-2020',
      });
      expect(same.draft.tables).toEqual(draft.tables);
      expect(same.draft.facts).toEqual(draft.facts);
      const scaled = (await loadReport(db, ids[1]))!.draft;
      const scale = (v: string) => new Decimal(v).mul('1.5').toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
      expect(scaled.tables.map((t) => t.rows.map((r) => r.values))).toEqual(
        draft.tables.map((t) =>
          t.rows.map((r) => Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, scale(v)]))),
        ),
      );
      // 1133.55 × 1.5 = 1700.325 → 1700.33
      expect(scaled.tables.find((t) => t.key === 'expense')!.rows.find((r) => r.code === '201')!.values.total).toBe(
        '1700.33',
      );
      const [[fen]] = await db.orm.all<[number]>(sql`select sum(fen) from cells where report_id = ${ids[1]}`);
      expect(
        new Decimal(fen)
          .div(1_000_000)
          .eq(sumOf(scaled.tables.flatMap((t) => t.rows.flatMap((r) => Object.values(r.values))))),
      ).toBe(true);
      // the copy's derived figures: a table's figure scaled as its cell, so a ranking over copies answers as each copy
      const live = deriveReport(buildView((await loadReport(db, ids[1]))!));
      let checked = 0;
      for (const f of live.figures) {
        const stored = (await figuresIn(db, f.subjectKey, [ids[1]])).get(ids[1]);
        for (const k of ['final', 'budget'] as const) {
          const want = f.figures[k];
          if (!want || want.source.startsWith('情况说明')) continue;
          expect(stored?.[k]?.value.toFixed(6), `${f.subjectKey} ${k}`).toBe(want.value.toFixed(6));
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(100);
    } finally {
      await db.close();
    }
  });
});

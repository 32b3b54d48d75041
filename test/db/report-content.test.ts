import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, type Orm, openDb } from '../../db/client.js';
import { reportContentTable } from '../../db/schema.js';
import { copyReportSynthetic, listReports, loadReports, loadReportsToAnswer, saveReport } from '../../db/store.js';
import { reportsToDerive } from '../../db/store/derived.js';
import {
  CONTENT_FORMAT,
  decodeContent,
  encodeContent,
  type ReportContent,
  readableContent,
} from '../../db/store/report-content.js';
import { DERIVED_VERSION } from '../../src/query/derive.js';
import { readContentFromTables } from '../../db/store/reports.js';
import { answeringSentences, type ReportDraft } from '../../src/ingest/types.js';
import { ask, Library } from '../../src/query/ask.js';
import { realDrafts } from '../query/real-views.js';

// report_content, the one-row copy of each report that a question's first touch of a unit reads, must give back
// exactly what the report's rows give: for the four real reports, for SYNTHETIC copies made by bulk SQL, and for a
// store made before the copy existed (read from the rows, then copied when the store is opened for questions).

let dir: string;
let real: ReportDraft[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jsws-content-'));
  real = await realDrafts();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const saveAll = async (db: Db) => {
  const ids: number[] = [];
  for (const [i, draft] of real.entries())
    ids.push((await saveReport(db, { draft, findings: [], sourceFile: `f${i}.txt`, sha256: `s${i}` })).reportId);
  return ids;
};
/** The copies of these reports whose rows are of a readable format, as the store decodes them, by report id. */
const readCopies = async (orm: Orm, ids: number[]) => {
  const rows = await orm.select().from(reportContentTable).where(inArray(reportContentTable.reportId, ids));
  return new Map(rows.flatMap((r) => readableContent(r, 'all').map((c) => [r.reportId, c] as const)));
};
const bothReads = (db: Db, ids: number[]) =>
  db.withSnapshot(async (orm) => [await readCopies(orm, ids), await readContentFromTables(orm, ids)] as const);
const contentRows = async (db: Db) => (await db.orm.all<[number]>(sql`select count(*) as n from report_content`))[0][0];

describe('report_content', () => {
  it('gives back what the rows give, key for key, for every real report', async () => {
    const db = await openDb(join(dir, 'a.db'));
    const ids = await saveAll(db);
    const [copy, rows] = await bothReads(db, ids);
    expect(copy.size).toBe(real.length);
    for (const id of ids) expect(copy.get(id)).toStrictEqual(rows.get(id));
    // and what was imported
    const loaded = await loadReports(db, ids);
    for (const [i, l] of loaded.entries()) {
      expect(l.draft.tables).toStrictEqual(real[i].tables);
      expect(l.draft.facts).toEqual(real[i].facts);
    }
    await db.close();
  });

  it('is written for SYNTHETIC copies made by bulk SQL, equal to their scaled rows', async () => {
    const db = await openDb(join(dir, 'b.db'));
    const [template] = await saveAll(db);
    const copies = await copyReportSynthetic(db, template, [
      { unitName: '合成县合成局', aliases: [], region: null, year: 2020, percent: 150 },
    ]);
    const [copy, rows] = await bothReads(db, copies);
    expect(copy.get(copies[0])).toStrictEqual(rows.get(copies[0]));
    const [tpl] = await loadReports(db, [template]);
    expect(copy.get(copies[0])!.tables).not.toStrictEqual(tpl.draft.tables); // scaled, not the template's
    await db.close();
  });

  for (const [format, encoding] of [
    [1, 'utf8'],
    [2, 'utf16le'],
  ] as const) {
    it(`reads a format ${format} copy (the whole JSON in ${encoding}, written by earlier versions) as it is, without deriving the report again`, async () => {
      const db = await openDb(join(dir, `d${format}.db`));
      const ids = await saveAll(db);
      await new Library(db).directory(); // derives the reports' figures
      expect(await reportsToDerive(db, DERIVED_VERSION)).toEqual([]);
      const [copy] = await bothReads(db, ids);
      // rewrite every copy as that format wrote it: the same JSON, deflated from its encoding
      for (const id of ids) {
        const body = deflateRawSync(Buffer.from(JSON.stringify(copy.get(id)), encoding));
        await db.orm.run(sql`update report_content set format = ${format}, body = ${body} where report_id = ${id}`);
      }
      const formats = await db.orm.all<[number]>(sql`select distinct format from report_content`);
      expect(formats).toEqual([[format]]);
      const [again, rows] = await bothReads(db, ids);
      for (const id of ids) expect(again.get(id)).toStrictEqual(rows.get(id));
      expect(await reportsToDerive(db, DERIVED_VERSION)).toEqual([]);
      // an unknown format is not read: that report is read from its rows and derived again
      await db.orm.run(sql`update report_content set format = 99 where report_id = ${ids[0]}`);
      expect((await bothReads(db, ids))[0].has(ids[0])).toBe(false);
      expect(await reportsToDerive(db, DERIVED_VERSION)).toEqual([ids[0]]);
      await db.close();
    });
  }

  it('answering reads all but the prose, of which only the sentences giving reasons or saying something did not happen, and the parts survive any character', async () => {
    const db = await openDb(join(dir, 'e.db'));
    const ids = await saveAll(db);
    const full = await loadReports(db, ids);
    const toAnswer = await loadReportsToAnswer(db, ids);
    expect(full.some((l) => l.draft.prose?.length)).toBe(true);
    let reasons = 0;
    for (const [i, l] of toAnswer.entries()) {
      const { prose, ...rest } = full[i].draft;
      const { prose: kept, ...answering } = l.draft as ReportDraft;
      expect(answering).toStrictEqual(rest);
      expect(kept).toStrictEqual(answeringSentences(prose));
      expect(kept!.length).toBeLessThan(prose!.length);
      reasons += kept!.length;
      expect(l.findings).toStrictEqual(full[i].findings);
    }
    expect(reasons).toBeGreaterThan(0);
    // line feeds, and characters whose UTF-16LE bytes hold 0A 00 across two code units (U+0A0A then U+0000 … U+00FF)
    const awkward = '一行\n又一行\r\n\u0a0a\u0000\u0a00\u000a尾';
    const content: ReportContent = {
      tables: [],
      missingTables: ['gov_fund' as const],
      facts: [{ ...full[0].draft.facts[0], sentence: awkward }],
      prose: [{ kind: 'sentence' as const, text: awkward, page: null }],
    };
    expect(decodeContent(encodeContent(content))).toStrictEqual(content);
    expect(decodeContent(encodeContent(content), CONTENT_FORMAT, 'answering')).toStrictEqual({ ...content, prose: [] });
    await db.close();
  });

  it('a store without it is read from the rows, and copied when opened for questions', async () => {
    const db = await openDb(join(dir, 'c.db'));
    const ids = await saveAll(db);
    const before = await loadReports(db, ids);
    await db.orm.run(sql`delete from report_content`);
    expect(await loadReports(db, ids)).toStrictEqual(before);
    const lib = new Library(db);
    await ask(lib, '各单位三公经费排名');
    expect(await contentRows(db)).toBe((await listReports(db)).length);
    expect(await loadReports(db, ids)).toStrictEqual(before);
    await db.close();
  });
});

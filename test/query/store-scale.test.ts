import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client.js';
import {
  copyReportSynthetic,
  derivedRows,
  figuresIn,
  listReports,
  loadReport,
  rankKeys,
  saveReport,
} from '../../db/store.js';
import type { ReportDraft } from '../../src/ingest/types.js';
import { subjectKey } from '../../src/nlu/catalog.js';
import type { Answer } from '../../src/query/answer.js';
import { answerFromViews, ask, Library } from '../../src/query/ask.js';
import { DERIVED_VERSION, deriveReport, figuresOf } from '../../src/query/derive.js';
import { buildView, draftView, type ReportView } from '../../src/query/report-view.js';
import { CZJ, realDrafts, SHGZB, WENLV, YANGGU } from './real-views.js';
import { perturbDraft } from './synthetic-draft.js';
import { expectKind } from './expect-answer.js';

/**
 * The store answers as the views do: the four real reports, and for each a SYNTHETIC prior year (figures × 0.9) so that
 * trends, 同比 and "latest year" have two years to choose from, saved through the importer's path (derived figures
 * saved with each report). Every answer read from the store (directory + derived figures + a bounded cache of views)
 * must equal the answer computed over all views in memory.
 */
let dir: string;
let db: Db;
let drafts: ReportDraft[];
let views: ReportView[];

/** A draft saved as the importer saves it: with its derived figures; `name` is its file and its sha. */
const saveDerived = (store: Db, draft: ReportDraft, name: string) =>
  saveReport(store, {
    draft,
    findings: [],
    sourceFile: name,
    sha256: name,
    derived: { rows: derivedRows(deriveReport(draftView(draft, name))), version: DERIVED_VERSION },
  });

/** Every report of a store as views in memory: what the store's answers are compared with. */
const viewsIn = async (store: Db): Promise<ReportView[]> =>
  (await Promise.all((await listReports(store)).map((m) => loadReport(store, m.reportId)))).map((l) => buildView(l!));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jsws-scale-'));
  db = await openDb(join(dir, 'store.db'));
  const real = await realDrafts();
  drafts = [...real, ...real.map((d) => perturbDraft(d, '0.9', { year: d.year - 1 }))];
  for (const [i, d] of drafts.entries()) await saveDerived(db, d, `fixture-${i}.txt`);
  views = await viewsIn(db);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const QUESTIONS: [string, string | null][] = [
  ['各单位三公经费排名', null],
  ['三公经费最多的单位', null],
  ['哪个单位三公经费最少', null],
  ['人员经费前2名', null],
  ['各单位公用经费排名', null],
  ['各单位三公经费执行率排名', null],
  ['2024年各单位基本支出排名', null],
  ['普陀区各单位本年支出合计', null],
  ['全区三公经费合计', null],
  ['2023年各单位人员经费合计', null],
  ['各单位一般公共服务支出排名', null],
  ['财政局和社会工作部人员经费对比', null],
  ['财政局近两年三公经费', null],
  ['三公经费执行率', YANGGU],
  ['一般公共服务支出同比', CZJ],
  ['公开05表', WENLV],
  ['支出结构', SHGZB],
  ['执行率低于80%的科目', YANGGU],
  ['有哪些单位', null],
  ['三公经费', null],
  ['北京市财政局三公经费', null],
  ['哪些单位三公经费超过5万', null],
  ['三公经费执行率低于50%的单位', null],
  ['哪些单位人员经费不到1000万元', null],
  ['哪些单位三公经费超过1000万', null],
  ['哪些单位没有三公经费', null],
  ['各单位公务用车保有量排名', null],
  ['各单位本年支出合计一共多少', null],
  ['地方志办公室人员经费', null],
  ['什么是三公经费', YANGGU],
];

/** Decimals compared by value, the rest as they are. */
const plain = (a: Answer) => JSON.parse(JSON.stringify(a, (_k, v) => (v instanceof Decimal ? `D:${v.toFixed()}` : v)));

describe('the store answers every question as the views in memory do', () => {
  it.each(QUESTIONS)('%s (unit %s)', async (q, unit) => {
    const lib = new Library(db, { maxViews: 3 });
    const fromStore = await ask(lib, q, { unit });
    const fromViews = answerFromViews(views, q, { unit });
    expect(fromStore.kind).not.toBe('unknown');
    expect(plain(fromStore)).toEqual(plain(fromViews));
  });

  it('each derived figure equals the figure computed from the report for every subject its dictionary names', async () => {
    const v = views.find((x) => x.unitName === CZJ && x.year === 2024)!;
    const derived = deriveReport(v);
    expect(derived.figures.length).toBeGreaterThan(50);
    for (const { subjectKey: key, figures } of derived.figures.slice(0, 40)) {
      const stored = (await figuresIn(db, key, [v.reportId])).get(v.reportId);
      expect(stored && plain(stored as never)).toEqual(plain(figures as never));
    }
    const three = derived.figures.find((f) => f.subjectKey === 'agg:三公经费')!;
    expect(three.figures.budget?.final.value.toFixed(2)).toBe(three.figures.final?.value.toFixed(2));
  });
});

describe('opening the store reads no report; a question reads only the reports it is about', () => {
  it('the directory lists every report and name without loading one; a question reads its report only', async () => {
    const lib = new Library(db, { maxViews: 100 });
    const d = await lib.directory();
    expect(d.reports).toHaveLength(drafts.length);
    expect(d.names.length).toBeGreaterThan(200);
    expect(lib.reportsRead()).toBe(0);
    const same = async (on: Library, q: string, reads: number) => {
      expect(plain(await ask(on, q, { unit: YANGGU }))).toEqual(plain(answerFromViews(views, q, { unit: YANGGU })));
      expect(on.reportsRead()).toBe(reads);
    };
    await same(lib, '三公经费执行率', 1); // 阳谷 2020, not its synthetic 2019
    await ask(lib, '各单位三公经费排名');
    expect(lib.reportsRead()).toBe(1); // a ranking reads derived figures, no report
    await same(lib, '2019年三公经费', 2); // the year asked
    await same(new Library(db), '三公经费同比', 2); // 同比 reads the year before from its own report
    await same(new Library(db), '近两年三公经费', 2);
  });

  it('keeps a report read a second time, not one read once', async () => {
    const lib = new Library(db, { maxViews: 100 });
    await ask(lib, '人员经费', { unit: YANGGU });
    expect(lib.cachedReports()).toBe(0);
    await ask(lib, '公用经费', { unit: CZJ });
    await ask(lib, '三公经费', { unit: YANGGU });
    expect([lib.reportsRead(), lib.cachedReports()]).toEqual([3, 1]); // 阳谷 2020 kept, 财政局 not
    await ask(lib, '基本支出', { unit: YANGGU });
    expect([lib.reportsRead(), lib.cachedReports()]).toEqual([3, 1]); // answered from memory
  });

  it('the cache holds at most maxViews reports, and answers stay right when it evicts', async () => {
    const lib = new Library(db, { maxViews: 2 });
    for (const unit of [YANGGU, CZJ, SHGZB, WENLV, YANGGU, CZJ, SHGZB, WENLV, YANGGU]) {
      const a = await ask(lib, '人员经费', { unit });
      expect(plain(a)).toEqual(plain(answerFromViews(views, '人员经费', { unit })));
      expect(lib.cachedReports()).toBeLessThanOrEqual(2);
    }
    expect(lib.cachedReports()).toBe(2);
  });
});

describe('a store without derived figures (saved before they existed) derives them when opened', () => {
  it('answers rankings the same after deriving, and records the version', async () => {
    const other = await openDb(join(dir, 'old.db'));
    const real = await realDrafts();
    for (const [i, d] of real.entries())
      await saveReport(other, { draft: d, findings: [], sourceFile: `f${i}.txt`, sha256: `s${i}` });
    const lib = new Library(other);
    const a = await ask(lib, '各单位三公经费排名');
    const ownViews = await viewsIn(other);
    expect(plain(a)).toEqual(plain(answerFromViews(ownViews, '各单位三公经费排名')));
    const three = await rankKeys(other, subjectKey({ type: 'agg', id: '三公经费', name: '三公经费' }));
    expect(three).toHaveLength(4);
    await other.close();
  });
});

describe('another process', () => {
  it('sees a report another connection imports at its next question (data_version)', async () => {
    const path = join(dir, 'shared.db');
    const [a, b] = [await openDb(path), await openDb(path)];
    const real = await realDrafts();
    await saveDerived(a, real[0], 'y.txt');
    const lib = new Library(a, { freshnessMs: 0 });
    expect((await lib.directory()).units).toEqual([YANGGU]);
    // a ranking before: its subject's keys are kept while the store is unchanged
    expect(expectKind(await ask(lib, '各单位三公经费排名'), 'table').table.rows).toHaveLength(1);
    // the other process: a second connection to the same file
    await saveDerived(b, real[1], 'c.txt');
    const ranked = await ask(lib, '各单位三公经费排名');
    expect(ranked.kind).toBe('table');
    if (ranked.kind === 'table') expect(ranked.table.rows.map((r) => r[1]).sort()).toEqual([CZJ, YANGGU].sort());
    await Promise.all([a.close(), b.close()]);
  });
});

describe('more units than a ranking lists (SYNTHETIC copies by bulk SQL)', () => {
  it('lists the first 30 with every tie at the cut, names 20 units in notes, and equals the views', async () => {
    const many = await openDb(join(dir, 'many.db'));
    const [yanggu] = await realDrafts();
    const { reportId } = await saveDerived(many, yanggu, 'y.txt');
    // 45 units: percents repeat, so figures tie across the cut at 30
    const copies = Array.from({ length: 45 }, (_, i) => ({
      unitName: `合成单位${String(i + 1).padStart(4, '0')}`,
      aliases: [],
      region: '合成县',
      year: 2020,
      percent: 60 + (i % 20) * 5,
    }));
    await copyReportSynthetic(many, reportId, copies);
    const all = await viewsIn(many);
    const lib = new Library(many, { maxViews: 5 });
    for (const q of [
      '各单位三公经费排名',
      '三公经费最少的单位',
      '人员经费前10名',
      '全县公用经费合计',
      '各单位三公经费执行率排名',
    ]) {
      const fromStore = await ask(lib, q);
      expect(plain(fromStore), q).toEqual(plain(answerFromViews(all, q)));
    }
    const ranked = expectKind(await ask(lib, '各单位人员经费排名'), 'table');
    expect(ranked.table.rows.length).toBe(30);
    expect(ranked.notes).toContain('共46个单位有数据，列出前30名');
    const total = expectKind(await ask(lib, '各单位人员经费合计'), 'figure');
    expect(total.formula).toMatch(/ \+ …（共46项）$/);
    expect(total.notes.find((n) => n.startsWith('计入46个单位：'))).toMatch(/等46个$/);
    await many.close();
  });
});

describe('readers and a writer', () => {
  it('a question is answered while another process holds the write lock (reads take none)', async () => {
    const path = join(dir, 'locks.db');
    const [a, b] = [await openDb(path), await openDb(path)];
    const real = await realDrafts();
    await saveDerived(a, real[0], 'y.txt');
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    // the other process: a write transaction (BEGIN IMMEDIATE) held open until released
    const writer = b.withTransaction(async () => {
      locked();
      await new Promise<void>((r) => (release = r));
    });
    await isLocked;
    const lib = new Library(a, { freshnessMs: 0 });
    const answer = await ask(lib, '三公经费执行率', { unit: YANGGU });
    const ranked = await ask(lib, '各单位三公经费排名');
    release();
    await writer;
    expect(answer.kind).toBe('figure');
    expect(ranked.kind).toBe('table');
    await Promise.all([a.close(), b.close()]);
  });
});

describe('one snapshot per question', () => {
  it('a report another process replaces while a question reads is read as it was; the next question reads the new', async () => {
    const path = join(dir, 'snapshot.db');
    const [a, b] = [await openDb(path), await openDb(path)];
    const real = await realDrafts();
    await saveDerived(a, real[0], 'y.txt');
    const lib = new Library(a, { freshnessMs: 0 });
    const three = { type: 'agg' as const, id: '三公经费', name: '三公经费' };
    const during = await lib.read(async (d) => {
      // the other connection replaces 阳谷 2020 (figures × 2) and adds 财政局, in the middle of the question
      await saveDerived(b, perturbDraft(real[0], '2'), 'y2.txt');
      await saveDerived(b, real[1], 'c.txt');
      const scope = await lib.scope([YANGGU, CZJ]);
      const ranking = await lib.rank({
        subject: three,
        metric: 'final',
        order: 'desc',
        year: null,
        region: null,
        want: 5,
      });
      return {
        units: d.units,
        views: scope.viewsOf(YANGGU).length + scope.viewsOf(CZJ).length,
        value: ranking.top.find((p) => p.view.reportId === d.reports[0].reportId)?.value.toFixed(2),
      };
    });
    expect(during).toEqual({ units: [YANGGU], views: 1, value: '9.38' });
    const after = await ask(lib, '三公经费', { unit: YANGGU });
    expect(after.kind === 'figure' && after.value.toFixed(2)).toBe('18.76');
    expect((await lib.directory()).units).toEqual([CZJ, YANGGU].sort());
    await Promise.all([a.close(), b.close()]);
  });
});

it('figuresOf on a view equals the views path (sanity: the derived rules are the answering rules)', () => {
  const v = views[0];
  const s = { type: 'agg' as const, id: '人员经费', name: '人员经费' };
  expect(figuresOf(v, s).final?.value.toFixed(2)).toBe(
    (answerFromViews([v], '人员经费', { unit: v.unitName }) as Extract<Answer, { kind: 'figure' }>).value.toFixed(2),
  );
});

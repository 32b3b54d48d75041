/**
 * Several reports in one file (issue 13): a 部门决算 bound together with its 单位决算, or reports concatenated. Each
 * report is imported as its own, exactly as when imported alone (its figures, prose and 绩效 projects and no other
 * report's); the same report printed twice is imported once; a file whose parts cannot each be read as one unit's
 * report is refused whole and changes nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLimits, loadConfig } from '../../src/config.js';
import { openDb, type Db } from '../../db/client.js';
import { countRows, listImports, listReports, loadReport } from '../../db/store.js';
import { importCommand } from '../../commands/import.js';
import { bulkSummary } from '../../src/cli/bulk-import.js';
import { runSteps } from '../../src/ingest/bulk.js';
import { type Extracted, extractLines } from '../../src/ingest/extract.js';
import { stopWorker } from '../../src/ingest/extract-pdf.js';
import { importBytes, importFile } from '../../src/ingest/import-file.js';
import { parseFile, unpaged } from '../../src/ingest/parse-file.js';
import type { ReportDraft } from '../../src/ingest/types.js';
import { Library } from '../../src/query/ask.js';
import { fixturePath, fixtureText, REPORTS_DIR, rowOf } from './fixtures.js';

const CZJ = 'putuo-czj-2024-juesuan.layout.txt';
const YANGGU = 'yanggu-zfb-2020-juesuan.txt';
const CZJ_UNIT = '上海市普陀区财政局';
const YANGGU_UNIT = '阳谷县人民政府办公室';
const YANGGU_PROJECT = '绩效:阳谷县信息化办公系统建设项目';

const utf8 = (s: string) => new TextEncoder().encode(s);
const joined = (...texts: string[]) => utf8(texts.join(''));

async function storedReport(db: Db, unit: string) {
  const meta = (await listReports(db)).find((m) => m.unitName === unit);
  if (!meta) throw new Error(`no report of ${unit}`);
  const loaded = (await loadReport(db, meta.reportId))!;
  return { draft: loaded.draft, findings: loaded.findings };
}

const snapshot = async (db: Db) => ({
  counts: await countRows(db),
  reports: await listReports(db),
  log: await listImports(db),
});

describe('two real reports in one text file (the 财政局 2024, then 阳谷县政府办 2020)', () => {
  let bound: Db;
  let alone: Db;
  const file = 'czj+yanggu.txt';
  const bytes = joined(fixtureText(CZJ), fixtureText(YANGGU));
  beforeAll(async () => {
    bound = await openDb(':memory:');
    alone = await openDb(':memory:');
    await importFile(alone, fixturePath(CZJ));
    await importFile(alone, fixturePath(YANGGU));
  });
  afterAll(async () => {
    await bound.close();
    await alone.close();
  });

  it('imports both, each named with the lines of the file it is on', async () => {
    const summaries = await importBytes(bound, file, bytes);
    expect(summaries.map((s) => [s.unitName, s.year, s.status, s.where])).toEqual([
      [CZJ_UNIT, 2024, 'imported', '第1–737行'],
      [YANGGU_UNIT, 2020, 'imported', '第738–2817行'],
    ]);
    expect((await countRows(bound)).reports).toBe(2);
  });

  it.each([CZJ_UNIT, YANGGU_UNIT])('%s: the same report as when its file is imported alone', async (unit) => {
    const got = await storedReport(bound, unit);
    const want = await storedReport(alone, unit);
    expect(unpaged(got)).toEqual(unpaged(want));
  });

  it('a figure and the 绩效 projects stay with their own unit', async () => {
    const czj = (await storedReport(bound, CZJ_UNIT)).draft;
    const yanggu = (await storedReport(bound, YANGGU_UNIT)).draft;
    const czjAlone = (await storedReport(alone, CZJ_UNIT)).draft;
    expect(rowOf(czj, 'three_public', '合计').values).toEqual(rowOf(czjAlone, 'three_public', '合计').values);
    expect(rowOf(yanggu, 'three_public', '合计').values).toMatchObject({ final: '9.38' });
    const projects = (d: ReportDraft) => d.facts.filter((f) => f.subject.startsWith('绩效:')).map((f) => f.subject);
    expect(projects(yanggu)).toContain(YANGGU_PROJECT);
    expect(projects(yanggu)).toHaveLength(3);
    expect(projects(czj)).toEqual([]);
  });

  it('the same file again: both unchanged, nothing parsed or written', async () => {
    const before = await snapshot(bound);
    const again = await importBytes(bound, file, bytes);
    expect(again.map((s) => [s.unitName, s.status, s.where])).toEqual([
      [CZJ_UNIT, 'unchanged', '第1–737行'],
      [YANGGU_UNIT, 'unchanged', '第738–2817行'],
    ]);
    expect(await snapshot(bound)).toEqual(before);
  });

  it('a folder import lists each report of the file on its own row', async () => {
    const db = await openDb(':memory:');
    try {
      const rows = await runSteps([{ file, run: () => importBytes(db, file, bytes) }]);
      const { table, lines } = bulkSummary(rows);
      expect(table.rows.map((r) => r.slice(0, 4))).toEqual([
        [`${file}（第1–737行）`, CZJ_UNIT, '2024', '已导入'],
        [`${file}（第738–2817行）`, YANGGU_UNIT, '2020', '已导入'],
      ]);
      expect(lines[0]).toBe('共 1 个文件：成功 1，含 2 份报告（新导入 2，替换 0，未变化 0），失败 0');
    } finally {
      await db.close();
    }
  });

  it('/import in chat names every report of the file', async () => {
    const db = await openDb(':memory:');
    try {
      const reply = await importCommand.run(
        { partial: false, replace: false },
        {
          db,
          lib: new Library(db),
          chatKey: 'test:1',
          userId: 'admin',
          isAdmin: true,
          unit: null,
          year: null,
          importLimits: importLimits(loadConfig({})),
          file: { name: file, bytes },
        },
      );
      expect(reply).toMatchObject({
        kind: 'message',
        title: `「${file}」中的2份决算报告：${CZJ_UNIT} 2024年度（已导入）、${YANGGU_UNIT} 2020年度（已导入）`,
      });
      if (reply.kind !== 'message') throw new Error('not a message');
      expect(reply.text).toContain(`${file}（第1–737行）：已导入 — ${CZJ_UNIT} 2024年度部门决算`);
      expect(reply.text).toContain(`${file}（第738–2817行）：已导入 — ${YANGGU_UNIT} 2020年度单位决算`);
    } finally {
      await db.close();
    }
  });
});

describe('the same report twice in one file', () => {
  it('is imported once, and the summary says where the file repeats it', async () => {
    const db = await openDb(':memory:');
    const single = await openDb(':memory:');
    try {
      const [summary, ...more] = await importBytes(db, 'twice.txt', joined(fixtureText(YANGGU), fixtureText(YANGGU)));
      expect(more).toEqual([]);
      expect(summary).toMatchObject({ unitName: YANGGU_UNIT, status: 'imported', where: '第1–2080行' });
      expect(summary.note).toBe('文件中第2083–4162行是同一份报告的重复，只导入一次。');
      await importFile(single, fixturePath(YANGGU));
      expect(unpaged(await storedReport(db, YANGGU_UNIT))).toEqual(unpaged(await storedReport(single, YANGGU_UNIT)));
    } finally {
      await db.close();
      await single.close();
    }
  });
});

describe('a file whose parts cannot each be read as one report: refused whole, the store unchanged', () => {
  let db: Db;
  const yanggu = fixtureText(YANGGU);
  /** the 阳谷 tables (第二部分 up to 第三部分) */
  const tables = yanggu.slice(yanggu.indexOf(' 第二部分'), yanggu.indexOf(' 第三部分'));
  beforeAll(async () => {
    db = await openDb(':memory:');
    await importFile(db, fixturePath(CZJ));
  });
  afterAll(() => db.close());

  const refused = async (name: string, bytes: Uint8Array, partial = false) => {
    const before = await snapshot(db);
    const error = await importBytes(db, name, bytes, { partial }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(await snapshot(db)).toEqual(before);
    expect(error).toMatchObject({ code: 'E_AMBIGUOUS' });
    return (error as Error).message;
  };

  it('SYNTHETIC: a second set of tables that names no unit (the 阳谷 tables again, their 单位 lines removed)', async () => {
    const nameless = tables.replace(/^单位：阳谷县人民政府办公室本级\n/gm, '');
    const message = await refused('nameless.txt', joined(yanggu, nameless));
    expect(message).toBe(
      [
        '「nameless.txt」中有2套决算表，其中第2份不能作为一份完整的报告读出，整个文件未导入：',
        `第1份报告（第1–2080行）：${YANGGU_UNIT} 2020年度单位决算`,
        '第2份报告（第2083–2651行）：没有找到单位名称（封面、“第二部分 …决算表”或表头“单位：…”）。',
        '请把各份报告分成单独的文件后再导入。',
      ].join('\n'),
    );
  });

  it('SYNTHETIC: the same with --partial: tables without their 情况说明 are read, but whose they are is not known', async () => {
    const nameless = tables.replace(/^单位：阳谷县人民政府办公室本级\n/gm, '');
    // 「第二部分」「2020 年度单位决算表」 is not a unit called 第二部分
    const message = await refused('nameless.txt', joined(yanggu, nameless), true);
    expect(message).toContain('第2份报告（第2083–2651行）：没有找到单位名称');
  });

  it('SYNTHETIC: two different reports of one unit and year (the second with one amount changed)', async () => {
    const edited = yanggu.replace('30207   邮电费 105.31 ', '30207   邮电费 105.41 ');
    expect(edited).not.toBe(yanggu);
    const message = await refused('two-versions.txt', joined(yanggu, edited));
    expect(message).toContain(`${YANGGU_UNIT} 2020年度有两份内容不同的报告，无法判断以哪份为准`);
    expect(message).toContain(`第1份报告（第1–2080行）：${YANGGU_UNIT} 2020年度单位决算`);
    expect(message).toContain(`第2份报告（第2083–4162行）：${YANGGU_UNIT} 2020年度单位决算`);
  });

  it('SYNTHETIC: the tables from 公开05表 on name another unit', async () => {
    let n = 0;
    const mixed = yanggu.replace(/^单位：阳谷县人民政府办公室本级$/gm, (line) =>
      ++n >= 5 ? '单位：阳谷县财政局本级' : line,
    );
    expect(n).toBe(9);
    const message = await refused('mixed.txt', utf8(mixed));
    expect(message).toMatch(/^「mixed\.txt」中有2套决算表/);
    expect(message).toContain('第1份报告（第1–');
    expect(message).toContain('第2份报告（第');
  });
});

describe('two PDFs bound into one: their extracted lines, pages numbered on', () => {
  const MORE = path.join(REPORTS_DIR, '..', 'more');
  const pdf = (file: string) => extractLines({ fileName: path.basename(file), bytes: readFileSync(file) });
  let shgzb: Extracted;
  let swu: Extracted;
  const bind = (a: Extracted, b: Extracted): Extracted => ({
    format: 'pdf',
    pageCount: a.pageCount + b.pageCount,
    lines: [...a.lines, ...b.lines.map((l) => ({ ...l, page: l.page === null ? null : l.page + a.pageCount }))],
  });
  beforeAll(async () => {
    shgzb = await pdf(fixturePath('putuo-shgzb-2024-juesuan.pdf'));
    swu = await pdf(path.join(MORE, 'chongqing-swu-2023-juesuan.pdf'));
  }, 60_000);
  afterAll(() => stopWorker());

  it('a 部门决算 and a university 决算: two reports, each as parsed alone', () => {
    const reports = parseFile(bind(shgzb, swu), { fileName: 'bound.pdf' });
    expect(reports.map((r) => [r.draft.unitName, r.draft.year, r.where])).toEqual([
      ['中共上海市普陀区委社会工作部', 2024, '第1–24页'],
      ['西南大学', 2023, '第25–45页'],
    ]);
    const [a] = parseFile(shgzb, { fileName: 'a.pdf' });
    const [b] = parseFile(swu, { fileName: 'b.pdf' });
    expect(unpaged(reports[0].draft)).toEqual(unpaged(a.draft));
    expect(unpaged(reports[1].draft)).toEqual(unpaged(b.draft));
    expect(reports[1].draft.tables[0].page).toBe(b.draft.tables[0].page! + shgzb.pageCount);
  });

  it('the same PDF twice: one report', () => {
    const reports = parseFile(bind(shgzb, shgzb), { fileName: 'twice.pdf' });
    expect(reports.map((r) => [r.draft.unitName, r.where, r.repeats])).toEqual([
      ['中共上海市普陀区委社会工作部', '第1–24页', ['第25–48页']],
    ]);
  });
});

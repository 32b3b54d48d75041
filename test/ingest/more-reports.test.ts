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
import { answerFromViews, ask as askLibrary, Library } from '../../src/query/ask.js';
import { draftView, type ReportView } from '../../src/query/report-view.js';
import { renderText } from '../../src/render/text.js';
import { reportPath } from '../query/real-views.js';

// Real reports from the same public sample collection that the parser was not developed against.
const more = (name: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/more/${name}`, import.meta.url))));
/** A fixture parsed as the importer parses it: of fixtures/more, or of fixtures/reports. */
async function parsedFixture(file: string, dir: 'more' | 'reports' = 'more'): Promise<ReportDraft> {
  const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/${dir}/${file}`, import.meta.url))));
  const ex = await extractLines({ fileName: file, bytes });
  return parseReport(ex.lines, { format: ex.format, pageCount: ex.pageCount, fileName: file });
}
const GHZY = 'putuo-ghzy-2024-juesuan.pdf';

let draft: ReportDraft;
beforeAll(async () => {
  draft = await parsedFixture(GHZY);
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
    const layout = await parsedFixture(name);
    const shape = (d: ReportDraft) =>
      d.tables.map((t) => ({ key: t.key, rows: t.rows.map((r) => [r.code, r.name, r.side, r.values]) }));
    expect(shape(layout)).toEqual(shape(draft));
  });
});

// A 决算说明 published alone as a web page (平潭, Fujian): its tables were spreadsheets attached to the page. The text
// is a crawler's copy, the whole body on one line.
describe('a 决算说明 without its tables (平潭综合实验区东庠乡人民政府 2017, the page as a crawler kept it)', () => {
  const FILE = 'fujian-pingtan-dongxiangxiang-2017-juesuan.txt';
  let prose: ReportDraft;
  beforeAll(async () => {
    prose = await parsedFixture(FILE);
  });
  const fact = (subject: string, measure: string) =>
    prose.facts.filter((f) => f.subject === subject && f.measure === measure && !f.derived).map((f) => f.value);

  it('is imported without --partial: unit and year from its title, every table missing', () => {
    expect(prose).toMatchObject({ unitName: '平潭综合实验区东庠乡人民政府', year: 2017, scope: '部门', tables: [] });
    expect(prose.missingTables).toHaveLength(9);
  });

  it.each([
    ['本年收入合计', 'final', '1151.16'],
    ['本年支出合计', 'final', '1150.30'],
    ['本年支出合计', 'yoy_change', '68.18'],
    ['一般公共预算财政拨款支出', 'final', '1118.27'],
    ['科目:201', 'final', '531.03'],
    ['政府性基金预算财政拨款支出', 'final', '32.03'],
    ['人员经费', 'final', '681.66'],
    ['三公经费', 'final', '0.86'],
    ['公务用车运行维护费', 'final', '0.86'],
    ['机关运行经费', 'final', '161.63'],
  ])('%s %s = %s, from its sentence', (subject, measure, value) => {
    expect(fact(subject, measure)).toContain(value);
  });

  it('the 项 listed inside 「（其中…）」 are read, and what follows the bracket is the 类 again', () => {
    // 「（一）一般公共服务支出（科目编码201）531.03万元（其中按照项级科目统计，科目编码2010301-政府机构行政运行的金额为
    // 495.15万元；科目编码2010601-…的金额为35.88万元），总体较2016年决算数增加198.15万元」
    expect(fact('科目:2010301', 'final')).toEqual(['495.15']);
    expect(fact('科目:2010601', 'final')).toEqual(['35.88']);
    expect(fact('科目:201', 'yoy_change')).toEqual(['198.15']);
    expect(fact('科目:2010601', 'yoy_change')).toEqual([]);
  });

  it('gives no figure to a subject its sentence does not name', () => {
    // 「（一）2017年收入…增加94.32万元」 came right after the table of contents' 政府采购 before items reset the subject
    expect(prose.facts.filter((f) => f.subject === '政府采购' && f.measure === 'yoy_change')).toEqual([]);
    expect(prose.facts.filter((f) => f.subject === '对附属单位补助支出' && f.measure !== 'final')).toEqual([]);
  });

  it('its summary says the file is the 说明 alone', async () => {
    const db = await openDb(':memory:');
    try {
      const [s] = await importBytes(db, FILE, more(FILE));
      const { formatImportSummary } = await import('../../src/cli/format-import.js');
      expect(formatImportSummary(s)).toContain('本文件只有决算说明（文字部分），没有决算表');
    } finally {
      await db.close();
    }
  });
});

describe('the 2016 wording of the same 说明 (平潭综合实验区财政金融局 2016)', () => {
  it('reads 公共财政拨款支出 and “三公”经费公共财政拨款支出 as the subjects they are', async () => {
    const FILE = 'fujian-pingtan-caizhengjinrongju-2016-juesuan.txt';
    const d = await parsedFixture(FILE);
    const of = (subject: string, measure: string) =>
      d.facts.filter((f) => f.subject === subject && f.measure === measure).map((f) => f.value);
    expect(d.unitName).toBe('平潭综合实验区财政金融局');
    expect(of('一般公共预算财政拨款支出', 'final')).toEqual(['4360.85']);
    expect(of('三公经费', 'final')).toEqual(['29.13']);
    expect(of('三公经费', 'yoy_rate')).toEqual(['20.02']);
    // 「比2015年下降76.27%，主要原因是…口径不一致」: a decline, not 与上年一致
    expect(of('机关运行经费', 'yoy_change')).toEqual([]);
    // 「年末公务用车保有量5辆」 then 「公务用车购运行费下降24.09%」 (as printed): no vehicle count in %
    expect(d.facts.filter((f) => f.subject.startsWith('车辆') && f.unit === '%')).toEqual([]);
  });
});

describe('asking a 决算说明 published alone', () => {
  const FILE = 'fujian-pingtan-dongxiangxiang-2017-juesuan.txt';
  let view: ReportView;
  beforeAll(async () => {
    view = draftView(await parsedFixture(FILE), FILE);
  });
  const ask = (q: string) => renderText(answerFromViews([view], q, { unit: view.unitName }));

  it.each([
    ['一般公共服务支出', '一般公共服务支出 531.03 万元', '（科目编码201）531.03万元'],
    ['201', '一般公共服务支出 531.03 万元', '（科目编码201）531.03万元'],
    ['住房保障支出', '住房保障支出 47.38 万元', '（科目编码221）47.38万元'],
    ['东庠乡收入多少', '本年收入合计 1151.16 万元', '本年收入1151.16万元'],
    ['三公经费', '三公经费 0.86 万元', '“三公”经费一般公共预算拨款0.86万元'.replaceAll('“', '"').replaceAll('”', '"')],
  ])('%s: the figure its sentence states, with the sentence', (q, figure, sentence) => {
    const text = ask(q);
    expect(text).toContain(figure);
    expect(text).toContain(sentence);
  });

  it('a table it does not have is said to be missing, not answered', () => {
    expect(ask('公开05表')).toContain('报告中没有一般公共预算财政拨款支出决算表');
  });
});

describe('asking the 平潭 说明 (2016, 2017): 项 written with their 款, the region said before the unit', () => {
  const FILES = ['fujian-pingtan-caizhengjinrongju-2016-juesuan.txt', 'fujian-pingtan-dongxiangxiang-2017-juesuan.txt'];
  let db: Db;
  let lib: Library;
  beforeAll(async () => {
    db = await openDb(':memory:');
    for (const file of [...FILES, 'fujian-putian-zonggonghui-2017-juesuan.txt'])
      await importBytes(db, file, more(file));
    // another region's 财政局, whose short name 财政局 the question also holds
    await importBytes(
      db,
      'putuo-czj-2024-juesuan.layout.txt',
      new Uint8Array(readFileSync(reportPath('putuo-czj-2024-juesuan.layout.txt'))),
    );
    lib = new Library(db);
  });
  afterAll(() => db.close());
  const ask = async (q: string) => renderText(await askLibrary(lib, q, {}));

  it('「（一）2010601财政事务—行政运行1,144.57万元」 is that 项, with its change from the year before', async () => {
    const d = await parsedFixture(FILES[0]);
    const of = (subject: string, measure: string) =>
      d.facts.filter((f) => f.subject === subject && f.measure === measure && !f.derived).map((f) => f.value);
    expect(of('科目:2010601', 'final')).toEqual(['1144.57']);
    expect(of('科目:2010601', 'yoy_change')).toEqual(['297.41']);
    expect(of('科目:2150805', 'final')).toEqual(['2000']);
    expect(d.facts.find((f) => f.subject === '科目:2210201')!.detail).toBe('住房改革支出—住房公积金');
  });

  it.each([
    // a 项 by its own name, with or without 支出
    ['平潭财政金融局事业运行支出', '财政事务—事业运行 817.86 万元'],
    ['平潭财政金融局住房公积金', '住房改革支出—住房公积金 115.51 万元'],
    // the region's everyday name before the unit's is not read as part of the subject
    ['平潭财政金融局三公经费', '平潭综合实验区财政金融局 三公经费 29.13 万元'],
  ])('%s', async (q, answer) => expect(await ask(q)).toContain(answer));

  it('a name two 项 share is asked back, with both', async () => {
    const text = await ask('平潭财政金融局行政运行');
    expect(text).toContain('“行政运行”对应多个科目');
    expect(text).toContain('2010601 财政事务—行政运行：1144.57 万元');
    expect(text).toContain('2170101 金融部门行政支出—行政运行：1.15 万元');
  });

  it('平潭财政局 is 平潭综合实验区财政金融局, never 普陀区财政局 (whose short name is 财政局)', async () => {
    const text = await ask('平潭财政局三公经费');
    expect(text).toContain('平潭综合实验区财政金融局 三公经费 29.13 万元');
    expect(text).not.toContain('普陀区财政局');
  });

  it('a ranking scoped by the region said without its level (平潭 for 平潭综合实验区)', async () => {
    const text = await ask('平潭各单位三公经费排名');
    expect(text).toContain('范围：平潭综合实验区的单位');
    expect(text).not.toContain('普陀区财政局');
  });

  it.each([
    ['总工会机关运行经费', '报告中没有机关运行经费的数据', '本单位为事业单位没有机关运行经费。'],
    ['总工会政府采购', '报告中没有政府采购的数据', '本单位2017年度没有政府采购支出。'],
    ['总工会政府性基金支出', '报告中没有政府性基金预算财政拨款支出的数据', '没有使用政府性基金预算拨款安排的支出。'],
  ])('%s: no figure, and the sentence saying there was none (read from the store)', async (q, noData, sentence) => {
    const text = await ask(q);
    expect(text).toContain(noData);
    expect(text).toContain(sentence);
  });
});

describe('two more 平潭 说明 (台湾工作部 2017, titled 「…部门决算公开」; 白青乡 2014, the short early form)', () => {
  const TAIWAN = 'fujian-pingtan-taiwangongzuobu-2017-juesuan.txt';
  const BAIQING = 'fujian-pingtan-baiqingxiang-2014-juesuan.txt';
  let db: Db;
  let lib: Library;
  beforeAll(async () => {
    db = await openDb(':memory:');
    for (const file of [TAIWAN, BAIQING]) await importBytes(db, file, more(file));
    lib = new Library(db);
  });
  afterAll(() => db.close());
  const ask = async (q: string) => renderText(await askLibrary(lib, q, {}));
  const facts = (d: ReportDraft, subject: string, measure: string) =>
    d.facts.filter((f) => f.subject === subject && f.measure === measure && !f.derived).map((f) => f.value);

  it('a page titled 「2017年度…部门决算公开」 is a 说明 whose title names the unit', async () => {
    const d = await parsedFixture(TAIWAN);
    expect(d).toMatchObject({ unitName: '平潭综合实验区党工委管委会台湾工作部', year: 2017, tables: [] });
    expect(facts(d, '三公经费', 'final')).toEqual(['80.96']);
    expect(facts(d, '科目:2012501', 'final')).toEqual(['395.52']);
  });

  it('a kind of vehicle has the count written after it, not one a parenthesis before it gives', async () => {
    // 「一般公务用车5辆（实际车辆2辆，其余3辆已被车改办收回、账务上未办理核减手续）、一般执法执勤用车0辆」
    const d = await parsedFixture(TAIWAN);
    expect(facts(d, '车辆:一般执法执勤用车', 'count')).toEqual(['0']);
    expect(facts(d, '车辆:一般公务用车', 'count')).toEqual(['5']);
    // 「其余3辆已被车改办收回」 names no vehicles: no count of 3
    expect(facts(d, '车辆', 'count')).toEqual(['4', '5']);
  });

  it('年初 and 年末结转和结余 are read from the 收支总体情况 sentence', async () => {
    const d = await parsedFixture(TAIWAN);
    expect(facts(d, '年初结转和结余', 'final')).toEqual(['45.07']);
    expect(facts(d, '年末结转和结余', 'final')).toEqual(['35.84']);
  });

  it.each([
    ['台湾工作部年末结转和结余', '年末结转和结余 35.84 万元'],
    ['台湾工作部华侨事务支出', '港澳台侨事务—华侨事务 15.84 万元'],
    ['台湾工作部一般执法执勤用车几辆', '一般执法执勤用车 0 辆'],
    // 「白青乡政府」 is a name of the unit, but 政府 here begins 政府性基金
    ['白青乡政府性基金支出', '政府性基金预算财政拨款支出 74.00 万元'],
    ['白青乡年初结转和结余', '年初结转和结余 14.30 万元'],
  ])('%s', async (q, answer) => expect(await ask(q)).toContain(answer));

  it('a reason given as 「…增长55.25%，主要是:…」 answers 为什么, read from the store', async () => {
    const text = await ask('台湾工作部机关运行经费为什么增加');
    expect(text).toContain('报告所述原因');
    expect(text).toContain('主要是:(1)2017年新增工会经费、公车改革交通费补贴支出');
  });
});

describe('项 listed by name alone after 「按项级科目分类统计」 (三甲医院建设指挥部 2016, 审计局 2017)', () => {
  const facts = (d: ReportDraft, subject: string, measure: string) =>
    d.facts.filter((f) => f.subject === subject && f.measure === measure && !f.derived).map((f) => f.value);

  it('each item of the list is its 项, with its change from the year before', async () => {
    const d = await parsedFixture('fujian-pingtan-sanjiayiyuan-2016-juesuan.txt');
    expect(facts(d, '项://综合医院支出', 'final')).toEqual(['485.89']);
    expect(facts(d, '项://综合医院支出', 'yoy_change')).toEqual(['469.53']);
    expect(facts(d, '项://其他医疗卫生与计划生育支出', 'final')).toEqual(['34.47']);
    const s = await parsedFixture('fujian-putian-shenjiju-2017-juesuan.txt');
    expect(facts(s, '项://审计业务', 'final')).toEqual(['165.58']);
  });

  it('items of other sections are not 项 (四、收支总体情况 lists 收入 and 支出)', async () => {
    const d = await parsedFixture('fujian-pingtan-sanjiayiyuan-2016-juesuan.txt');
    expect(d.facts.filter((f) => f.subject.startsWith('项:')).map((f) => f.subject)).toEqual(
      expect.arrayContaining(['项://综合医院支出']),
    );
    expect(d.facts.some((f) => f.subject.startsWith('项:') && /收入|基本支出|三公/.test(f.subject))).toBe(false);
  });

  it('asked by name, with or without 支出', async () => {
    const FILE = 'fujian-pingtan-sanjiayiyuan-2016-juesuan.txt';
    const view = draftView(await parsedFixture(FILE), FILE);
    const ask = (q: string) => renderText(answerFromViews([view], q, { unit: view.unitName }));
    expect(ask('综合医院支出')).toContain('综合医院支出 485.89 万元');
    expect(ask('综合医院比上年增加了多少')).toContain('增加 469.53 万元');
    // stated as 0, with the sentence saying why
    const text = ask('机关运行经费');
    expect(text).toContain('机关运行经费 0.00 万元');
    expect(text).toContain('均无机关运行经费支出数');
  });

  it('a unit asked by a part of its own name (三甲医院 for 三甲医院建设指挥部); 接待总人数50人 is its 人次', async () => {
    const db = await openDb(':memory:');
    try {
      const FILE = 'fujian-pingtan-sanjiayiyuan-2016-juesuan.txt';
      await importBytes(db, FILE, more(FILE));
      const ask = async (q: string) => renderText(await askLibrary(new Library(db), q, {}));
      expect(await ask('三甲医院项目支出')).toContain('平潭综合实验区三甲医院建设指挥部 项目支出 599.28 万元');
      expect(await ask('三甲医院公务接待了多少人')).toContain('50 人次');
    } finally {
      await db.close();
    }
  });
});

describe('说明 pages of another archive (莆田, 2016–2017): a 目录, headings and numbers broken over lines', () => {
  const facts = (d: ReportDraft, subject: string, measure: string) =>
    d.facts.filter((f) => f.subject === subject && f.measure === measure && !f.derived);

  it('a table of contents before the 说明 is not taken for it (莆田市档案局 2017)', async () => {
    // the 目录 lists 「五、一般公共预算拨款支出决算情况」 … 「十、名词解释」: its entries state no amount
    const d = await parsedFixture('fujian-putian-danganju-2017-juesuan.txt');
    expect(d).toMatchObject({ unitName: '莆田市档案局', year: 2017, tables: [] });
    // 「四、」 and 「2017年决算收支总体情况」 on two lines are one heading: the section is read
    expect(facts(d, '本年收入合计', 'final')[0]).toMatchObject({ value: '605.56' });
    expect(facts(d, '本年支出合计', 'final')[0].sentence).toMatch(/^四、2017年决算收支总体情况/);
    // 「（一）行政运行（项级科目）414.98万元」: a 项 written out, its name without the list number
    expect(facts(d, '项://行政运行', 'final').map((f) => f.value)).toEqual(['414.98']);
    expect(facts(d, '项://档案馆', 'yoy_rate').map((f) => f.value)).toEqual(['-42.1']);
    expect(facts(d, '三公经费', 'final').map((f) => f.value)).toEqual(['1.62']);
  });

  it('a title broken over lines names the unit; a heading number, a year and its words on three lines are one heading (地方志 2016)', async () => {
    const d = await parsedFixture('fujian-putian-difangzhiwei-2016-juesuan.txt');
    expect(d).toMatchObject({ unitName: '莆田市地方志编纂委员会', year: 2016 });
    // the source prints 本年支出 162.09 in its 总体情况 and 183.01 in the item below: both are read, each with its sentence
    expect(facts(d, '本年支出合计', 'final').map((f) => f.value)).toEqual(['162.09', '183.01']);
    expect(facts(d, '公务接待费', 'batches').map((f) => f.value)).toEqual(['5']);
  });

  it('a 项 given code first is that 科目 (莆田市总工会 2017: 「2012901 行政运行支出29.18万元」)', async () => {
    const d = await parsedFixture('fujian-putian-zonggonghui-2017-juesuan.txt');
    expect(facts(d, '科目:2012901', 'final').map((f) => f.value)).toEqual(['29.18']);
    expect(facts(d, '科目:2012999', 'yoy_change').map((f) => f.value)).toEqual(['121']);
    expect(facts(d, '科目:2101103', 'final').map((f) => f.value)).toEqual(['7.81']);
    // years and amounts are not codes
    expect(d.facts.filter((f) => /^科目:20(1[0-9]|2[0-9])$/.test(f.subject))).toEqual([]);
  });

  it('a section starts a sentence though the one before ends without 「。」 (九三学社 2016)', async () => {
    const d = await parsedFixture('fujian-putian-jiusanxueshe-2016-juesuan.txt');
    const [threePublic] = facts(d, '三公经费', 'final');
    expect(threePublic).toMatchObject({ value: '1.39' });
    expect(threePublic.sentence).toMatch(/^七、"三公"经费公共财政拨款支出决算情况/);
  });
});

it('the 财政局 2024 text: 「三、支出决算情况说明」 after a section ending in 「；」 starts its own sentence, so 占20.51% is no 其他收入 占比', async () => {
  const FILE = 'putuo-czj-2024-juesuan.layout.txt';
  const d = await parsedFixture(FILE, 'reports');
  const shares = (subject: string) => d.facts.filter((f) => f.subject === subject && f.measure === 'share');
  expect(shares('其他收入').map((f) => f.value)).toEqual(['0.21']);
  // pdftotext printed 「603.14万元，占20.51%；」 above its line (the 项目支出's): it opens section 三 and names no subject
  expect(d.facts.filter((f) => f.value === '20.51')).toEqual([]);
  // and the audit no longer reports a 其他收入 share the text never stated
  expect(auditReport(d).filter((f) => f.rule === 'prose.share' && f.message.includes('其他收入'))).toEqual([]);
});

it('a figure the prose gives in a form that cannot be read is said to be missing, with the sentence that gives it (审计局 2017: 「92.7836.46万元」)', async () => {
  const FILE = 'fujian-putian-shenjiju-2017-juesuan.txt';
  const view = draftView(await parsedFixture(FILE), FILE);
  const text = renderText(answerFromViews([view], '机关运行经费', { unit: view.unitName }));
  expect(text).toContain('报告中没有机关运行经费的数据');
  expect(text).toContain('报告关于机关运行经费的说明：“八、机关运行经费支出情况2017年机关运行经费支出92.7836.46万元');
  // a subject the prose says nothing about has no such note
  expect(renderText(answerFromViews([view], '住房保障支出', { unit: view.unitName }))).not.toContain('报告关于');
});

it('「A和B分别下降x%、y%」 gives each subject its own figure, and 下降0% is 0, not -0 (审计局 2017)', async () => {
  const FILE = 'fujian-putian-shenjiju-2017-juesuan.txt';
  const d = await parsedFixture(FILE);
  const rate = (subject: string) =>
    d.facts.filter((f) => f.subject === subject && f.measure === 'yoy_rate').map((f) => f.value);
  expect(rate('公务用车购置费')).toEqual(['0']);
  expect(rate('公务用车运行维护费')).toEqual(['-86.9']);
  // the sentence quoted is the one printed
  expect(d.facts.find((f) => f.subject === '公务用车运行维护费' && f.measure === 'yoy_rate')!.sentence).toContain(
    '公务用车购置费和运行费分别下降0%、86.9%',
  );
});

describe('asking the 莆田 说明 in everyday words', () => {
  let db: Db;
  let lib: Library;
  beforeAll(async () => {
    db = await openDb(':memory:');
    for (const file of [
      'fujian-putian-danganju-2017-juesuan.txt',
      'fujian-putian-difangzhiwei-2016-juesuan.txt',
      'fujian-putian-jiusanxueshe-2016-juesuan.txt',
    ])
      await importBytes(db, file, more(file));
    lib = new Library(db);
  });
  afterAll(() => db.close());
  const ask = async (q: string) => renderText(await askLibrary(lib, q, {}));

  it.each([
    // a 项 only the prose names, with or without 支出
    ['档案局行政运行支出', '莆田市档案局 行政运行 414.98 万元'],
    ['档案局档案馆比上年减少了多少', '档案馆比上年减少 63.09 万元'],
    // units by what people call them
    ['地方志三公经费', '莆田市地方志编纂委员会 三公经费 3.89 万元'],
    ['九三学社项目支出', '莆田市九三学社莆田市委员会 项目支出 29.00 万元'],
  ])('%s', async (q, answer) => expect(await ask(q)).toContain(answer));

  it('a unit the store lacks is asked back with the units like it (地方志办公室), never answered for them', async () => {
    const text = await ask('地方志办公室人员经费');
    expect(text).toContain('库中没有“地方志办公室”的决算报告。您是不是要问');
    expect(text).toContain('莆田市地方志编纂委员会');
    expect(text).not.toContain('万元');
    // another city's: nothing here is like it
    const beijing = await ask('北京市档案局三公经费');
    expect(beijing).toContain('库中没有“北京市档案局”的决算报告');
    expect(beijing).not.toContain('您是不是要问');
  });

  it('全市 is the one city the store holds (莆田市), as 全区 and 全县 are', async () => {
    const text = await ask('全市三公经费合计');
    expect(text).toMatch(/^\d{4}年度 莆田市三公经费合计/);
    expect(text).toContain('范围：莆田市的单位');
  });

  it('asked which unit, the units most like the words said come first (档案馆 → 档案局)', async () => {
    const text = await ask('莆田市档案馆三公经费');
    expect(text).toContain('请问要查哪个单位');
    expect(text.indexOf('莆田市档案局')).toBeLessThan(text.indexOf('莆田市地方志编纂委员会'));
  });

  it('the 同比 of a 项 the prose gives shows its own rate beside the one its amounts give (档案馆: -42.1% printed)', async () => {
    const text = await ask('档案局档案馆支出同比');
    expect(text).toContain('档案馆同比 -29.63%');
    expect(text).toContain('报告文字为 -42.1%');
  });
});

describe('what went to small and medium businesses, given in two parts (the 2024 template)', () => {
  const factsOf = async (dir: 'more' | 'reports', file: string) => (await parsedFixture(file, dir)).facts;

  it('is the sum of the reserved projects and the others, marked derived with both parts (财政局 2024)', async () => {
    const f = (await factsOf('reports', 'putuo-czj-2024-juesuan.layout.txt')).filter(
      (x) => x.subject === '政府采购中小企业',
    );
    expect(f).toMatchObject([
      { measure: 'final', value: '251.26', derived: true, detail: '预留项目 246.47 + 其他项目 4.79' },
    ]);
  });

  it('is left out when the parts add up to more than the 政府采购 stated (社会工作部 2024 prints 21.07 four times)', async () => {
    const f = await factsOf('reports', 'putuo-shgzb-2024-juesuan.layout.txt');
    expect(f.find((x) => x.subject === '政府采购' && x.measure === 'final')?.value).toBe('21.07');
    expect(f.filter((x) => x.subject === '政府采购中小企业')).toEqual([]);
  });

  it('its share is of the 政府采购 total, as reports print such shares', async () => {
    const file = 'putuo-yichuan-2025-juesuan.pages.txt';
    const view = draftView(await parsedFixture(file), file);
    const text = renderText(answerFromViews([view], '授予中小企业合同金额占比', { unit: view.unitName }));
    expect(text).toContain('政府采购中小企业占比 100.00%（政府采购中小企业 1,771.11 ÷ 政府采购 1,771.11 万元）');
    expect(renderText(answerFromViews([view], '货物采购占比', { unit: view.unitName }))).toContain(
      '政府采购货物 73.47 ÷ 政府采购 1,771.11 万元',
    );
  });
});

it('a word inside a 款 and its own 项 (社区管理) is the 款 (宜川路街道 2025)', async () => {
  const FILE = 'putuo-yichuan-2025-juesuan.pages.txt';
  const view = draftView(await parsedFixture(FILE), FILE);
  const text = renderText(answerFromViews([view], '社区管理花了多少', { unit: view.unitName }));
  expect(text).toContain('城乡社区管理事务 12091.64 万元');
});

describe('a 说明 without its tables checked against itself (rule 7c)', () => {
  const rules = (d: ReportDraft) =>
    auditReport(d).filter((f) => f.rule.startsWith('prose.balance') || /_sum$/.test(f.rule));

  it('地方志 2016 prints 年末结转和结余 30.96, where 30.96 + 183.01 − 162.09 is 51.88: a finding', async () => {
    const found = rules(await parsedFixture('fujian-putian-difangzhiwei-2016-juesuan.txt'));
    const balance = found.find((f) => f.rule === 'prose.balance')!;
    expect(balance).toMatchObject({ severity: 'finding', expected: '51.88', actual: '30.96' });
    // and its 本年支出 162.09 is not 基本支出 124.60 + 项目支出 58.46
    expect(found.find((f) => f.rule === 'prose.expense_sum')).toMatchObject({
      severity: 'finding',
      expected: '183.06',
    });
  });

  it('a difference within the rounding of the figures summed is 尾数误差 (档案局 2017: 157.95 against 157.94)', async () => {
    const [balance] = rules(await parsedFixture('fujian-putian-danganju-2017-juesuan.txt'));
    expect(balance).toMatchObject({
      rule: 'prose.balance',
      severity: 'rounding',
      expected: '157.95',
      actual: '157.94',
    });
  });

  it('a report that adds up gives nothing, and one with its 收支总表 is checked on the table instead', async () => {
    expect(rules(await parsedFixture('fujian-pingtan-sanjiayiyuan-2016-juesuan.txt'))).toEqual([]);
    expect(rules(await parsedFixture('putuo-ghzy-2024-juesuan.layout.txt'))).toEqual([]);
  });
});

it('a 款 a 说明 names only in its 项 (「2012501港澳台侨事务—行政运行」) is answered with those 项, never a name one character off (台湾工作部 2017)', async () => {
  const FILE = 'fujian-pingtan-taiwangongzuobu-2017-juesuan.txt';
  const view = draftView(await parsedFixture(FILE), FILE);
  const text = renderText(answerFromViews([view], '港澳台侨事务支出', { unit: view.unitName }));
  expect(text).toContain('报告没有单列“港澳台侨事务支出”的合计，它下面的科目有');
  expect(text).toContain('2012501 港澳台侨事务—行政运行：395.52 万元');
  expect(text).toContain('2012506 港澳台侨事务—华侨事务：15.84 万元');
  expect(text).not.toContain('没有找到“台侨事务支出”');
});

describe('the 说明 words for 基本支出’s parts, and what the prose states twice', () => {
  const viewOfFixture = async (file: string) => draftView(await parsedFixture(file), file);
  const asked = (view: ReportView, q: string) => answerFromViews([view], q, { unit: view.unitName });

  it('人员支出/公用支出 (the 2016 template) are 人员经费/公用经费; 工资福利支出 and 商品和服务支出 are their 经济分类 classes', async () => {
    const fangzhi = await viewOfFixture('fujian-putian-difangzhiwei-2016-juesuan.txt');
    expect(renderText(asked(fangzhi, '人员支出和公用支出分别是多少'))).toMatch(
      /人员经费\s+95\.17[\s\S]*公用经费\s+29\.43/,
    );
    expect(asked(fangzhi, '人员支出占基本支出的比重')).toMatchObject({ kind: 'figure' });
    expect(renderText(asked(fangzhi, '人员支出占基本支出的比重'))).toContain('76.38%');
    const hospital = await viewOfFixture('fujian-pingtan-sanjiayiyuan-2016-juesuan.txt');
    expect(renderText(asked(hospital, '工资福利支出和商品和服务支出各多少'))).toMatch(
      /工资福利支出\s+10\.45[\s\S]*商品和服务支出\s+92\.75/,
    );
  });

  it('two amounts the prose states for one subject are both shown, neither chosen (审计局: 一般行政管理事务 97.09 and 0.47)', async () => {
    const audit = await viewOfFixture('fujian-putian-shenjiju-2017-juesuan.txt');
    const a = asked(audit, '一般行政管理事务支出多少');
    expect(a.kind).toBe('clarify');
    expect(renderText(a)).toMatch(/97\.09[\s\S]*0\.47/);
  });

  it('所有车辆 before the 公务用车保有量 when the prose states both (财政金融局 2016: 共有车辆6辆, 保有量5辆)', async () => {
    const finance = await viewOfFixture('fujian-pingtan-caizhengjinrongju-2016-juesuan.txt');
    expect(asked(finance, '咱们局名下车子一共几台')).toMatchObject({ kind: 'figure' });
    expect(renderText(asked(finance, '咱们局名下车子一共几台'))).toContain('6 辆');
    expect(renderText(asked(finance, '公务用车保有量'))).toContain('5 辆');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitsCommand } from '../../commands/units.js';
import { openDb, type Db } from '../../db/client.js';
import { listReports, saveReport } from '../../db/store.js';
import { importFile } from '../../src/ingest/import-file.js';
import { unitAliases } from '../../src/ingest/unit-names.js';
import { Library, ask } from '../../src/query/ask.js';
import { fixed2 } from '../../src/render/format.js';
import { CZJ, SHGZB, TEXT_REPORTS, WENLV, YANGGU, parseFixture, reportPath } from './real-views.js';
import { expectKind } from './expect-answer.js';
import { importLimits, loadConfig } from '../../src/config.js';

// SYNTHETIC: a second 财政局 in another region, made from the 普陀区财政局 draft under an invented name; its figures
// are 普陀's and belong to no published report of 静安区.
const JINGAN = '上海市静安区财政局';

let db: Db;
let lib: Library;
const deps = (unit: string | null = null) => ({
  db,
  lib,
  chatKey: 'test:1',
  userId: 'u',
  isAdmin: false,
  unit,
  year: null,
  importLimits: importLimits(loadConfig({})),
});

beforeAll(async () => {
  db = await openDb(':memory:');
  for (const f of TEXT_REPORTS) await importFile(db, reportPath(f));
  lib = new Library(db);
});
afterAll(() => db?.close());

/** SYNTHETIC: a sample report's draft saved under an invented unit name, with the region and aliases that name gives. */
async function saveSynthetic(fixture: string, unitName: string, tag: string): Promise<void> {
  const draft = await parseFixture(fixture);
  const { region, aliases } = unitAliases(unitName);
  await saveReport(db, {
    draft: { ...draft, unitName, region, unitAliases: aliases },
    findings: [],
    sourceFile: `synthetic-${tag}.txt`,
    sha256: `synthetic-${tag}`,
  });
  lib.invalidate();
}

describe('aliases and regions learned from the reports', () => {
  it.each([
    [CZJ, '财政局', '上海市普陀区'],
    [CZJ, '普陀区财政局', '上海市普陀区'],
    [YANGGU, '政府办', '阳谷县'],
    [WENLV, '文旅局', '上海市普陀区'],
    [SHGZB, '社会工作部', '上海市普陀区'],
    [SHGZB, '区委社会工作部', '上海市普陀区'],
  ])('%s: alias %s, region %s', async (unit, alias, region) => {
    const meta = (await listReports(db)).find((m) => m.unitName === unit)!;
    expect(meta.aliases).toContain(alias);
    expect(meta.region).toBe(region);
  });

  it.each([
    ['财政局人员经费', CZJ, '2152.26'],
    ['政府办三公经费', YANGGU, '9.38'],
    ['文旅局人员经费', WENLV, '8055.07'],
    ['社会工作部公用经费', SHGZB, '10.23'],
  ])('%s is asked of %s', async (q, unit, value) => {
    const a = expectKind(await ask(lib, q), 'figure');
    expect([a.basis[0].unit, fixed2(a.value)]).toEqual([unit, value]);
  });

  it.each([
    ['阳谷县三公经费', null],
    ['阳谷三公经费', null],
    // the region names another unit than the chat's: the region's one unit is asked
    ['阳谷县三公经费', CZJ],
  ])('%s (chat unit %s): a region with one unit in the store stands for that unit', async (q, unit) => {
    const a = expectKind(await ask(lib, q, { unit }), 'figure');
    expect([a.basis[0].unit, fixed2(a.value)]).toEqual([YANGGU, '9.38']);
  });

  it('普陀区三公经费: a region with several units asks which of its units, not of every unit', async () => {
    const a = expectKind(await ask(lib, '普陀区三公经费'), 'clarify');
    expect(a.candidates.map((c) => c.label).sort()).toEqual([CZJ, SHGZB, WENLV].sort());
  });

  it('/units groups the units by region, the region named once per group, with aliases and years', async () => {
    const a = expectKind(await unitsCommand.run({}, deps()), 'table');
    expect(a.title).toBe('库中的单位（4个）');
    const rows = a.table.rows;
    expect(rows.map((r) => r[1]).sort()).toEqual([CZJ, WENLV, SHGZB, YANGGU].sort());
    // each region heads its first row only; the rows of one region are together
    const regionOf = (i: number): string => rows[i][0] || regionOf(i - 1);
    expect(rows.map((_, i) => regionOf(i))).toEqual(rows.map((r) => (r[1] === YANGGU ? '阳谷县' : '上海市普陀区')));
    expect(
      rows
        .filter((r) => r[0])
        .map((r) => r[0])
        .sort(),
    ).toEqual(['上海市普陀区', '阳谷县'].sort());
    expect(rows.find((r) => r[1] === YANGGU)).toEqual(['阳谷县', YANGGU, expect.stringContaining('政府办'), '2020']);
    expect(rows.find((r) => r[1] === CZJ)![2]).toContain('财政局');
  });
});

describe('a short alias that fits several units asks which', () => {
  beforeAll(async () => {
    expect(unitAliases(JINGAN).aliases).toContain('财政局');
    await saveSynthetic('putuo-czj-2024-juesuan.layout.txt', JINGAN, 'jingan-czj-2024');
  });

  it('财政局人员经费: clarify with both 财政局, each button answering for its own', async () => {
    const a = expectKind(await ask(lib, '财政局人员经费'), 'clarify');
    expect(a.candidates.map((c) => c.label).sort()).toEqual([CZJ, JINGAN].sort());
    for (const c of a.candidates) {
      const b = expectKind(await ask(lib, c.question), 'figure');
      expect(b.basis[0].unit).toBe(c.label);
    }
  });

  it('even with a default unit set, the alias in the question wins and is still ambiguous', async () => {
    expect((await ask(lib, '财政局人员经费', { unit: YANGGU })).kind).toBe('clarify');
  });

  it.each([
    ['普陀区财政局人员经费', CZJ],
    ['静安区财政局人员经费', JINGAN],
  ])('%s: the longer alias decides', async (q, unit) => {
    expect(expectKind(await ask(lib, q), 'figure').basis[0].unit).toBe(unit);
  });

  it.each(['财政局和社会工作部人员经费对比', '财政局近三年人员经费'])(
    '%s: asks which 财政局 before comparing',
    async (q) => {
      const a = expectKind(await ask(lib, q), 'clarify');
      expect(a.message).toBe('“财政局”对应多个单位，请问是哪一个？');
      expect(a.candidates.map((c) => c.label).sort()).toEqual([CZJ, JINGAN].sort());
      const picked = await ask(lib, a.candidates.find((c) => c.label === JINGAN)!.question);
      expect(picked.kind).toBe('table');
      if (picked.kind === 'table') expect(picked.basis.map((b) => b.unit)).toContain(JINGAN);
    },
  );

  it('全区 with two 区 loaded asks which 区', async () => {
    const a = expectKind(await ask(lib, '全区人员经费合计'), 'clarify');
    expect(a.candidates.map((c) => c.label)).toEqual(['上海市普陀区', '上海市静安区']);
    const b = expectKind(await ask(lib, a.candidates[1].question), 'figure');
    expect([b.title, fixed2(b.value)]).toEqual(['2024年度 上海市静安区人员经费合计', '2152.26']);
  });

  it('/units lists the synthetic unit under its own region', async () => {
    const a = expectKind(await unitsCommand.run({}, deps()), 'table');
    expect(a.table.rows.find((r) => r[1] === JINGAN)?.[0]).toBe('上海市静安区');
  });
});

describe('a 乡 or 镇 is a unit', () => {
  // SYNTHETIC: the 阳谷 draft under an invented 乡's name; its figures belong to no published report of that 乡
  const XIANG = '平潭县白青乡人民政府';
  beforeAll(async () => {
    await saveSynthetic('yanggu-zfb-2020-juesuan.txt', XIANG, 'baiqing-2020');
  });

  it('the stored 乡 answers by its short name; another 乡 is named back, not answered with the chat’s unit', async () => {
    const own = expectKind(await ask(lib, '白青乡三公经费'), 'figure');
    expect(own.title).toContain(XIANG);
    for (const [q, stranger] of [
      ['澜城乡三公经费执行率', '澜城乡'],
      ['石门镇人员经费', '石门镇'],
    ]) {
      const a = expectKind(await ask(lib, q, { unit: XIANG }), 'no_data');
      expect(a.message).toContain(`库中没有“${stranger}”`);
    }
  });
});

describe('a unit named on its own (/unit, --unit, a chat’s unit): one way, unitByName', () => {
  it.each([
    ['社工部', { unit: SHGZB }],
    ['阳谷', { unit: YANGGU }],
    ['文旅局', { unit: WENLV }],
    ['北京市财政局', null],
  ])('%s', async (name, expected) => {
    const { unitByName } = await import('../../src/nlu/units.js');
    expect(unitByName(name, await lib.directory())).toEqual(expected);
  });

  it('a name several units fit gives them all (财政局: 普陀区 and 静安区)', async () => {
    const { unitByName } = await import('../../src/nlu/units.js');
    const found = unitByName('财政局', await lib.directory());
    expect(found && 'candidates' in found ? found.candidates.sort() : found).toEqual([CZJ, JINGAN].sort());
  });
});

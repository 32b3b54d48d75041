import { asc, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client.js';
import { insertMany } from '../../db/insert-many.js';
import { subjectNamesTable, unitsTable } from '../../db/schema.js';

const opened: Db[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.close()));
});
const open = async () => {
  const d = await openDb(':memory:');
  opened.push(d);
  return d;
};

// rows with JSON, boolean, absent values that take the column's default, null, and quotes in text
const units = [
  { name: '甲局', aliases: ['甲', '甲"局'], region: '某县' },
  { name: "乙'中心" },
  { name: '丙办', region: null },
];
const names = [
  {
    name: '教育支出',
    subjectKey: 'function:205',
    subject: { type: 'code', code: '205', classification: 'function', name: '教育支出' },
  },
  {
    name: '三公经费',
    subjectKey: 'agg:three',
    subject: { type: 'agg', id: 'three', name: '三公经费' },
    hasFigures: true,
  },
] as const;

const dump = async (d: Db) => ({
  units: await d.orm.select().from(unitsTable).orderBy(asc(unitsTable.id)),
  names: await d.orm.select().from(subjectNamesTable).orderBy(asc(subjectNamesTable.name)),
  // the stored text, not only what drizzle reads back from it
  raw: await d.orm.all(sql`select aliases as a, region as r from units order by id`),
});

describe('insertMany', () => {
  it('stores exactly what drizzle’s insert stores, defaults, JSON and booleans included', async () => {
    const byDrizzle = await open();
    await byDrizzle.orm.insert(unitsTable).values(units);
    await byDrizzle.orm.insert(subjectNamesTable).values([...names]);
    const byInsertMany = await open();
    await byInsertMany.withTransaction(async (orm) => {
      await insertMany(orm, unitsTable, units);
      await insertMany(orm, subjectNamesTable, [...names]);
    });
    expect(await dump(byInsertMany)).toEqual(await dump(byDrizzle));
    expect((await dump(byInsertMany)).names.find((n) => n.name === '教育支出')?.hasFigures).toBe(false);
  });

  it('splits rows over statements, returns what is asked, and ignores conflicts when told', async () => {
    const d = await open();
    const many = Array.from({ length: 12_000 }, (_, i) => ({ name: `单位${i}`, region: i % 2 ? '县' : null }));
    const returned = await insertMany(d.orm, unitsTable, many, { returning: ['id', 'name'] });
    expect(returned).toHaveLength(12_000);
    expect(new Set(returned.map((r) => r.name)).size).toBe(12_000);
    await expect(insertMany(d.orm, unitsTable, [{ name: '单位1' }])).rejects.toThrow(/UNIQUE/);
    await insertMany(d.orm, unitsTable, [{ name: '单位1' }, { name: '新单位' }], { onConflict: 'ignore' });
    expect(await d.orm.$count(unitsTable)).toBe(12_001);
  });

  it('keeps each value’s SQL type through the JSON: number-like text stays text, integers stay integers', async () => {
    const d = await open();
    const tricky = ['0.10', '1e3', '-0', '  12.30 ', 'null', '[1]', 'a\\b"c\n', '😀𠀀', ''];
    await insertMany(
      d.orm,
      unitsTable,
      tricky.map((name, i) => ({ name, region: i % 2 ? null : name })),
    );
    const rows = await d.orm.values<[string, string, string, string]>(
      sql`select name as n, typeof(name) as tn, typeof(region) as tr, typeof(id) as ti from units order by id`,
    );
    expect(rows.map((r) => r[0])).toEqual(tricky);
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['text']));
    expect(rows.map((r) => r[2])).toEqual(tricky.map((_, i) => (i % 2 ? 'null' : 'text')));
    expect(new Set(rows.map((r) => r[3]))).toEqual(new Set(['integer']));
    await insertMany(d.orm, subjectNamesTable, [{ ...names[1], name: '其他' }]);
    const flags = await d.orm.values<[string, number]>(
      sql`select typeof(has_figures) as t, has_figures as v from subject_names`,
    );
    expect(flags).toEqual([['integer', 1]]);
  });

  it('refuses a value JSON would change (a non-finite number) before writing anything', async () => {
    const d = await open();
    await expect(insertMany(d.orm, unitsTable, [{ name: '甲局' }, { name: '乙局', id: Number.NaN }])).rejects.toThrow(
      /finite/,
    );
    expect(await d.orm.$count(unitsTable)).toBe(0);
  });

  it('is part of the caller’s transaction: a failure later in it leaves nothing', async () => {
    const d = await open();
    await expect(
      d.withTransaction(async (orm) => {
        await insertMany(orm, unitsTable, [{ name: '甲局' }]);
        throw new Error('later failure');
      }),
    ).rejects.toThrow('later failure');
    expect(await d.orm.$count(unitsTable)).toBe(0);
  });
});

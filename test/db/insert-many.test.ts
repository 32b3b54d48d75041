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

  it('splits rows over statements below the parameter limit, returns what is asked, and ignores conflicts when told', async () => {
    const d = await open();
    const many = Array.from({ length: 5000 }, (_, i) => ({ name: `单位${i}`, region: i % 2 ? '县' : null }));
    const returned = await insertMany(d.orm, unitsTable, many, { returning: ['id', 'name'] });
    expect(returned).toHaveLength(5000);
    expect(new Set(returned.map((r) => r.name)).size).toBe(5000);
    await expect(insertMany(d.orm, unitsTable, [{ name: '单位1' }])).rejects.toThrow(/UNIQUE/);
    await insertMany(d.orm, unitsTable, [{ name: '单位1' }, { name: '新单位' }], { onConflict: 'ignore' });
    expect(await d.orm.$count(unitsTable)).toBe(5001);
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

import { getTableColumns, is, SQL } from 'drizzle-orm';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { type Orm, rawQueryOf } from './client.js';

/** SQLite's bound-parameter limit is 32,766; a statement stays well below it. */
const MAX_PARAMS = 8000;

interface Shape {
  name: string;
  columns: { key: string; column: ReturnType<typeof getTableColumns>[string] }[];
}
const shapes = new WeakMap<SQLiteTable, Shape>();
const shapeOf = (table: SQLiteTable): Shape => {
  let shape = shapes.get(table);
  if (!shape) {
    const columns = Object.entries(getTableColumns(table))
      // generated columns are not inserted (drizzle's own test, not in its public types)
      .filter(([, column]) => !(column as unknown as { shouldDisableInsert(): boolean }).shouldDisableInsert())
      .map(([key, column]) => ({ key, column }));
    shape = { name: getTableConfig(table).name, columns };
    shapes.set(table, shape);
  }
  return shape;
};

/** A column's value as drizzle would bind it: mapped to the driver (JSON text, 0/1 …), or the column's default. */
function boundValue({ key, column }: Shape['columns'][number], row: Record<string, unknown>): unknown {
  let value = row[key];
  if (value === undefined) {
    if (column.default !== null && column.default !== undefined) {
      if (is(column.default, SQL)) throw new Error(`insertMany: ${key} has an SQL default; give it a value`);
      value = column.default;
    } else if (column.defaultFn) value = column.defaultFn();
    else if (column.onUpdateFn) value = column.onUpdateFn();
    else return null;
    if (is(value, SQL)) throw new Error(`insertMany: ${key}'s default is SQL; give it a value`);
  }
  return value === null ? null : column.mapToDriverValue(value);
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Rows inserted as drizzle's `orm.insert(table).values(rows)` would insert them — every insertable column of the
 * table, a missing value taking the column's default — in multi-row statements written here, because drizzle builds
 * each value as a query object and a report's thousands of cells took longer to build than to store. In the
 * caller's transaction. `returning`: those SQL columns of each inserted row, in no defined order (SQLite's).
 */
export async function insertMany<T extends SQLiteTable>(
  orm: Orm,
  table: T,
  rows: T['$inferInsert'][],
  opts: { onConflict?: 'ignore'; returning?: string[] } = {},
): Promise<Record<string, unknown>[]> {
  const raw = rawQueryOf(orm);
  const shape = shapeOf(table);
  const width = shape.columns.length;
  const head = `insert${opts.onConflict === 'ignore' ? ' or ignore' : ''} into ${quote(shape.name)} (${shape.columns
    .map(({ column }) => quote(column.name))
    .join(', ')}) values `;
  const tuple = `(${Array(width).fill('?').join(', ')})`;
  const returning = opts.returning ? ` returning ${opts.returning.map(quote).join(', ')}` : '';
  const per = Math.max(1, Math.floor(MAX_PARAMS / width));
  const out: Record<string, unknown>[] = [];
  for (let start = 0; start < rows.length; start += per) {
    const part = rows.slice(start, start + per) as Record<string, unknown>[];
    const params: unknown[] = [];
    for (const row of part) for (const c of shape.columns) params.push(boundValue(c, row));
    const got = await raw(`${head}${Array(part.length).fill(tuple).join(', ')}${returning}`, params);
    if (opts.returning) out.push(...got);
  }
  return out;
}

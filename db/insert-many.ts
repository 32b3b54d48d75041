import { getTableColumns, is, SQL } from 'drizzle-orm';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { type Orm, rawQueryOf } from './client.js';

/** Rows a statement: a report's largest table (its cells) goes in one. */
const MAX_ROWS = 5000;

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
  if (value === null) return null;
  const bound = column.mapToDriverValue(value);
  // the rows travel as JSON: text, finite numbers and null only (no table written here has a blob or bigint column)
  if (bound !== null && typeof bound !== 'string' && !(typeof bound === 'number' && Number.isFinite(bound)))
    throw new Error(`insertMany: ${key} is ${typeof bound}, not text, a finite number or null`);
  return bound;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Rows inserted as drizzle's `orm.insert(table).values(rows)` would insert them — every insertable column of the
 * table, a missing value taking the column's default — in statements written here: drizzle builds each value as a
 * query object, and a report's thousands of cells took longer to build than to store. The rows are bound as one JSON
 * text and taken apart by SQLite (`INSERT … SELECT value ->> 0, … FROM jsonb_each(?)`: jsonb_each gives each row as
 * JSONB, which `->>` reads without parsing the row's text again for every column, as json_each's text value made it
 * do: 0.2 against 0.7 ms for 159 rows of 21 columns); binding thousands of
 * parameters one by one cost the main thread about four times as long (1.6 against 0.3 ms for 160 rows of 21
 * columns), and the statement's text is the same for every report. In the caller's transaction. `returning`: those
 * SQL columns of each inserted row, in no defined order (SQLite's).
 */
export async function insertMany<T extends SQLiteTable>(
  orm: Orm,
  table: T,
  rows: T['$inferInsert'][],
  opts: { onConflict?: 'ignore'; returning?: string[] } = {},
): Promise<Record<string, unknown>[]> {
  const raw = rawQueryOf(orm);
  const shape = shapeOf(table);
  const sql = `insert${opts.onConflict === 'ignore' ? ' or ignore' : ''} into ${quote(shape.name)} (${shape.columns
    .map(({ column }) => quote(column.name))
    .join(', ')}) select ${shape.columns.map((_, i) => `value ->> ${i}`).join(', ')} from jsonb_each(?)${
    opts.returning ? ` returning ${opts.returning.map(quote).join(', ')}` : ''
  }`;
  const out: Record<string, unknown>[] = [];
  for (let start = 0; start < rows.length; start += MAX_ROWS) {
    const part = rows.slice(start, start + MAX_ROWS) as Record<string, unknown>[];
    const got = await raw(sql, [JSON.stringify(part.map((row) => shape.columns.map((c) => boundValue(c, row))))]);
    if (opts.returning) out.push(...got);
  }
  return out;
}

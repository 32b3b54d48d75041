import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { drizzle, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import { migrate } from 'drizzle-orm/sqlite-proxy/migrator';
import sqlite3 from 'sqlite3';
import { PACKAGE_ROOT } from '../src/paths.js';
import * as schema from './schema.js';

export type Orm = SqliteRemoteDatabase<typeof schema>;

/** SQL text and parameters run on an Orm's connection, in its transaction if one is active; rows as objects. */
export type RawQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
const rawQueries = new WeakMap<Orm, RawQuery>();
/** Only db/insert-many.ts uses this: statements whose text drizzle's builder would take longer to make than to run. */
export const rawQueryOf = (orm: Orm): RawQuery => {
  const raw = rawQueries.get(orm);
  if (!raw) throw new Error('not an Orm opened by openDb');
  return raw;
};

export interface Db {
  /** Only db/store/ should query through this. */
  readonly orm: Orm;
  /** BEGIN IMMEDIATE … COMMIT holding the connection queue; nested calls become savepoints. */
  withTransaction<T>(fn: (orm: Orm) => Promise<T>): Promise<T>;
  /**
   * Reads in one snapshot: BEGIN (deferred) … COMMIT holding the connection queue. It takes no write lock, so in WAL
   * mode other processes import while it reads, and it sees none of their commits until it ends. Inside a
   * transaction it simply runs there.
   */
  withSnapshot<T>(fn: (orm: Orm) => Promise<T>): Promise<T>;
  /** SQLite's data_version: changes when another connection (another process) commits to the store. */
  dataVersion(): Promise<number>;
  close(): Promise<void>;
}

/** Driver/query failure with a short message; SQL text and parameters live only in `cause`. */
export class DbError extends Error {
  readonly code: string | undefined;
  constructor(operation: string, cause: unknown) {
    const code = sqliteCode(cause);
    super(`数据库操作失败：${operation}${code ? `（${code}）` : ''}`, { cause });
    this.name = 'DbError';
    this.code = code;
  }
}

const sqliteCode = (e: unknown): string | undefined => {
  for (let cur = e, i = 0; cur && i < 5; cur = (cur as { cause?: unknown }).cause, i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  }
  return undefined;
};

// from the project root, so that the compiled client in dist/ applies the same migrations
const migrationsFolder = join(PACKAGE_ROOT, 'db', 'migrations');
const TX_STATEMENT = /^\s*(begin|commit|end|rollback|savepoint|release)\b/i;
const INTEGER_KEY = /^(0|[1-9]\d*)$/;
/** Prepared statements kept a connection. */
const KEPT_STATEMENTS = 100;
type Row = Record<string, unknown>;
type Method = 'run' | 'all' | 'values' | 'get';

export async function openDb(path: string): Promise<Db> {
  const memory = path === ':memory:' || path === '';
  if (!memory && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
  const conn = await new Promise<sqlite3.Database>((resolve, reject) => {
    const c = new sqlite3.Database(path, (err) => (err ? reject(new DbError('打开数据库', err)) : resolve(c)));
  });
  // Prepared statements kept by their text, least recently used out: node-sqlite3's Database#run and #all prepare,
  // run and finalize a statement, three trips to its thread where a kept statement takes one (a trip costs tens of
  // microseconds; a report's import makes about 25 statements, a question several).
  const prepared = new Map<string, Promise<sqlite3.Statement>>();
  const finalize = (statement: Promise<sqlite3.Statement>) =>
    statement.then(
      (st) => new Promise<void>((res) => st.finalize(() => res())),
      () => undefined,
    );
  const statementFor = (sql: string): Promise<sqlite3.Statement> => {
    let statement = prepared.get(sql);
    if (statement) prepared.delete(sql);
    else {
      // a statement that fails to prepare is not kept (node-sqlite3 drops the calls queued on it)
      statement = new Promise<sqlite3.Statement>((res, rej) => {
        const st = conn.prepare(sql, (err) => (err ? rej(err) : res(st)));
      });
      const failed = statement;
      failed.catch(() => prepared.get(sql) === failed && prepared.delete(sql));
      if (prepared.size >= KEPT_STATEMENTS) {
        const [oldest, evicted] = prepared.entries().next().value!;
        prepared.delete(oldest);
        void finalize(evicted);
      }
    }
    prepared.set(sql, statement);
    return statement;
  };
  // every statement is stepped to its end (Statement#all), also those run for their effect: a kept statement left on
  // a row would count as in progress, and COMMIT refuses to run while one is
  const all = async (sql: string, params: unknown[] = []) => {
    const st = await statementFor(sql);
    return new Promise<Row[]>((res, rej) => st.all<Row>(params, (err, rows) => (err ? rej(err) : res(rows))));
  };
  const run = async (sql: string, params: unknown[] = []): Promise<void> => void (await all(sql, params));
  // not kept: an EXPLAIN counts as in progress until reset or finalized, even stepped to its end
  const explain = (sql: string) =>
    new Promise<Row[]>((res, rej) => conn.all<Row>(`EXPLAIN ${sql}`, (err, rows) => (err ? rej(err) : res(rows))));

  // One connection: a promise chain serialises callers so a transaction's statements never interleave with others.
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = tail.then(fn);
    tail = result.catch(() => undefined);
    return result;
  };
  const txScope = new AsyncLocalStorage<{ active: boolean }>();

  // node-sqlite3 returns rows as objects keyed by column name: same-named columns overwrite each other and
  // integer-like names are enumerated first. EXPLAIN tells the real column count, so misaligned rows fail loudly.
  const columnCounts = new Map<string, number>();
  const toArrays = async (sql: string, rows: Row[]): Promise<unknown[][]> => {
    if (rows.length === 0) return [];
    let expected = columnCounts.get(sql);
    if (expected === undefined) {
      const ops = await explain(sql);
      expected = Number(ops.find((op) => op.opcode === 'ResultRow')?.p2 ?? 0);
      if (columnCounts.size > 500) columnCounts.clear();
      columnCounts.set(sql, expected);
    }
    const keys = Object.keys(rows[0]);
    if (keys.length !== expected || keys.some((k) => INTEGER_KEY.test(k))) {
      throw new Error(`result columns collide or are numeric (${keys.length}/${expected}); alias them with .as()`);
    }
    return rows.map((r) => Object.values(r));
  };

  const execute = async (sql: string, params: unknown[], method: Method) => {
    if (method === 'run') return run(sql, params).then(() => ({ rows: [] }));
    const rows = await toArrays(sql, await all(sql, params));
    return { rows: method === 'get' ? (rows[0] as unknown[]) : rows };
  };

  const orm = drizzle(
    async (sql, params, method) => {
      if (TX_STATEMENT.test(sql)) throw new Error('use Db.withTransaction, not raw transaction statements');
      if (txScope.getStore()?.active) return execute(sql, params, method);
      return exclusive(() => execute(sql, params, method));
    },
    { schema },
  );

  rawQueries.set(orm, (sql, params) => {
    if (TX_STATEMENT.test(sql)) throw new Error('use Db.withTransaction, not raw transaction statements');
    return txScope.getStore()?.active ? all(sql, params) : exclusive(() => all(sql, params));
  });

  let savepoints = 0;
  const withTransaction = async <T>(fn: (orm: Orm) => Promise<T>): Promise<T> => {
    if (txScope.getStore()?.active) {
      const sp = `sp${++savepoints}`;
      await run(`SAVEPOINT ${sp}`);
      try {
        const result = await fn(orm);
        await run(`RELEASE ${sp}`);
        return result;
      } catch (e) {
        await run(`ROLLBACK TO ${sp}`)
          .then(() => run(`RELEASE ${sp}`))
          .catch(() => undefined);
        throw e;
      }
    }
    return exclusive(async () => {
      savepoints = 0; // names need only differ among the savepoints open at once: the same few are kept prepared
      await run('BEGIN IMMEDIATE').catch((e) => Promise.reject(new DbError('开始事务', e)));
      const scope = { active: true };
      try {
        const result = await txScope.run(scope, () => fn(orm)).finally(() => (scope.active = false));
        await run('COMMIT').catch((e) => Promise.reject(new DbError('提交事务', e)));
        return result;
      } catch (e) {
        // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); then ROLLBACK itself errors.
        await run('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  };

  const withSnapshot = async <T>(fn: (orm: Orm) => Promise<T>): Promise<T> => {
    if (txScope.getStore()?.active) return fn(orm);
    return exclusive(async () => {
      // the snapshot starts at the first read, not at BEGIN: read at once, so that everything after sees one moment
      await run('BEGIN')
        .then(() => all('SELECT 1 FROM sqlite_master LIMIT 1'))
        .catch((e) => Promise.reject(new DbError('开始读取', e)));
      const scope = { active: true };
      try {
        return await txScope.run(scope, () => fn(orm)).finally(() => (scope.active = false));
      } finally {
        await run('COMMIT').catch(() => run('ROLLBACK').catch(() => undefined));
      }
    });
  };

  const dataVersion = async (): Promise<number> => {
    const read = async () => Number((await all('PRAGMA data_version'))[0]?.data_version ?? 0);
    return txScope.getStore()?.active ? read() : exclusive(read);
  };

  const close = () =>
    exclusive(async () => {
      await Promise.all([...prepared.values()].map(finalize));
      prepared.clear();
      await new Promise<void>((res, rej) => conn.close((err) => (err ? rej(new DbError('关闭数据库', err)) : res())));
    });

  try {
    await run('PRAGMA foreign_keys = ON');
    await run('PRAGMA busy_timeout = 5000');
    // 32 MB of pages (the default is 2 MB): a ranking's range of derived figures and a unit's cells stay cached
    await run('PRAGMA cache_size = -32768');
    if (!memory) await run('PRAGMA journal_mode = WAL');
    await migrate(orm, (queries) => exclusive(() => applyMigrations(run, all, queries)), { migrationsFolder });
  } catch (e) {
    await Promise.all([...prepared.values()].map(finalize));
    await new Promise<void>((res) => conn.close(() => res()));
    throw e instanceof DbError ? e : new DbError('迁移数据库', e);
  }
  return { orm, withTransaction, withSnapshot, dataVersion, close };
}

// foreign_keys is a no-op inside a transaction, and drizzle-kit table rebuilds (DROP + rename) would cascade-delete
// children with it on; so switch it off around the migration and verify integrity before committing.
async function applyMigrations(
  run: (sql: string) => Promise<void>,
  all: (sql: string) => Promise<Row[]>,
  queries: string[],
): Promise<void> {
  if (queries.length === 0) return;
  await run('PRAGMA foreign_keys = OFF');
  try {
    await run('BEGIN IMMEDIATE');
    try {
      for (const q of queries) await run(q);
      const violations = await all('PRAGMA foreign_key_check');
      if (violations.length > 0) throw new Error(`migration leaves ${violations.length} foreign key violations`);
      await run('COMMIT');
    } catch (e) {
      await run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  } finally {
    await run('PRAGMA foreign_keys = ON');
  }
}

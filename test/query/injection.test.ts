import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { countRows, listReports } from '../../db/store.js';
import { importFile } from '../../src/ingest/import-file.js';
import { Library, ask } from '../../src/query/ask.js';
import { renderJson } from '../../src/render/json.js';
import { YANGGU, reportPath } from './real-views.js';

const tmp = mkdtempSync(join(tmpdir(), 'jsws-inject-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const INJECTIONS = [
  "三公经费'; DROP TABLE reports;--",
  '三公经费"; DELETE FROM table_rows; --',
  "三公经费' OR '1'='1",
  '三公经费); DROP TABLE units; --',
];

describe.each(['memory', 'file'] as const)('SQL in a question changes nothing (%s store)', (where) => {
  let db: Db;
  afterAll(() => db?.close());

  it.each(INJECTIONS)('%s → 9.38 万元, store untouched, next question fine', async (q) => {
    db ??= await openDb(where === 'memory' ? ':memory:' : join(tmp, 'inject.db'));
    if ((await listReports(db)).length === 0) await importFile(db, reportPath('yanggu-zfb-2020-juesuan.txt'));
    const before = await countRows(db);
    expect(before.reports).toBe(1);

    const a = renderJson(await ask(new Library(db), q, { unit: YANGGU }));
    expect(a).toMatchObject({ kind: 'figure', value: '9.38', unit: '万元' });

    expect(await countRows(db)).toEqual(before);
    const fresh = new Library(db);
    expect(renderJson(await ask(fresh, '住房保障支出', { unit: YANGGU }))).toMatchObject({
      kind: 'figure',
      value: '53.16',
    });
    expect((await listReports(db)).map((m) => m.unitName)).toEqual([YANGGU]);
  });
});

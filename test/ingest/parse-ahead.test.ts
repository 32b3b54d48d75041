/**
 * A bulk import's files parsed in a worker thread (ParseAhead): the same reports as parseToSave on the main thread
 * (parsed, derived and encoded the same), the
 * same refusals, and the same result when the worker is lost mid-file (the file is parsed again on the main thread).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { DEFAULT_TIMEOUT_SECONDS, ImportDeadline } from '../../src/ingest/limits.js';
import { ParseAhead } from '../../src/ingest/parse-ahead.js';
import { parseToSave, type ReportToSave } from '../../src/ingest/ready-to-save.js';
import { readFixture } from './fixtures.js';

const ahead = new ParseAhead();
afterAll(() => ahead.close());

/** A worker's encoded content arrives as a Uint8Array, this thread's is a Buffer: compared as bytes. */
const asBytes = (reports: ReportToSave[]) => reports.map((r) => ({ ...r, content: new Uint8Array(r.content) }));
const onMainThread = async (file: string, bytes: Uint8Array, partial = false) =>
  asBytes(await parseToSave(file, bytes, { partial }, new ImportDeadline(file, DEFAULT_TIMEOUT_SECONDS)));
const inWorker = async (file: string, bytes: Uint8Array) => asBytes(await ahead.parse(file, bytes, {}));
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e) => (isUserError(e) ? { code: e.code, message: e.message } : { other: String(e) }),
  );

describe('parsing ahead in a worker thread', () => {
  for (const name of ['yanggu-zfb-2020-juesuan.txt', 'putuo-czj-2024-juesuan.layout.txt']) {
    it(`${name}: the same reports, findings and notes as on the main thread`, async () => {
      const bytes = readFixture(name);
      expect(await inWorker(name, bytes)).toStrictEqual(await onMainThread(name, bytes));
    });
  }

  it('a refused file: the same UserError code and Chinese message', async () => {
    const bytes = new TextEncoder().encode('这不是一份决算报告。\n只有两行字。\n');
    const expected = await refusal(onMainThread('note.txt', bytes));
    expect(expected).toMatchObject({ code: expect.any(String) });
    expect(await refusal(ahead.parse('note.txt', bytes, {}))).toEqual(expected);
  });

  it('the worker lost mid-file: the file is parsed on the main thread instead, with the same result', async () => {
    const name = 'yanggu-zfb-2020-juesuan.txt';
    const bytes = readFixture(name);
    const pending = ahead.parse(name, bytes, {});
    await (ahead as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect(asBytes(await pending)).toStrictEqual(await onMainThread(name, bytes));
    // and a new worker serves the next file
    expect(await inWorker(name, bytes)).toStrictEqual(await onMainThread(name, bytes));
  });
});

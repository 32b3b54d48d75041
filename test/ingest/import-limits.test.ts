import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { countRows, listReports } from '../../db/store.js';
import { handleIncoming } from '../../src/chat/dispatch.js';
import { importLimits, loadConfig } from '../../src/config.js';
import { importUpload } from '../../src/ingest/bulk.js';
import { pdfJobs, pdfTesting, stopWorker } from '../../src/ingest/extract-pdf.js';
import { importBytes } from '../../src/ingest/import-file.js';
import { importLimitsFromEnv } from '../../src/ingest/limits.js';
import { Library } from '../../src/query/ask.js';
import { blankPdf } from './blank-pdf.js';
import { readFixture } from './fixtures.js';
import { makeZip } from './make-zip.js';

const CZJ = 'putuo-czj-2024-juesuan.pdf';
const YANGGU = 'yanggu-zfb-2020-juesuan.txt';

/** The error an import rejects with (or null), and how many pages the PDF worker posted meanwhile. */
async function refusal(run: () => Promise<unknown>): Promise<{ error: unknown; pagesRead: number }> {
  let pagesRead = 0;
  const onPage = () => pagesRead++;
  pdfJobs.on('page', onPage);
  try {
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    return { error, pagesRead };
  } finally {
    pdfJobs.off('page', onPage);
  }
}

/** Blocks the PDF worker after page 1 until released (see PdfJob.pause). */
function pauseWorker(): { release: () => void } {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  pdfTesting.pauseAfterFirstPage = pause;
  return {
    release: () => {
      Atomics.store(pause, 0, 1);
      Atomics.notify(pause, 0);
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let db: Db;
beforeAll(async () => {
  db = await openDb(':memory:');
});
afterAll(async () => {
  await db.close();
  await stopWorker();
});

describe('MAX_IMPORT_PAGES: a PDF is refused by its page count before a page is read', () => {
  it('SYNTHETIC: 20,000 blank pages in 3.2 MB, refused naming its count and the limit; nothing read, nothing stored', async () => {
    const pdf = blankPdf(20_000);
    expect(pdf.length).toBeLessThan(4 * 1024 * 1024); // small enough for every size limit
    const before = await countRows(db);
    const { error, pagesRead } = await refusal(() => importBytes(db, '两万页.pdf', pdf));
    expect(error).toMatchObject({
      code: 'E_TOO_LARGE',
      message: '「两万页.pdf」：PDF 共 20000 页，超过页数上限 500 页，无法导入（上限由 MAX_IMPORT_PAGES 设置）。',
    });
    expect(pagesRead).toBe(0);
    expect(await countRows(db)).toEqual(before);
  });

  it.each([
    [25, null],
    [
      24,
      '「putuo-czj-2024-juesuan.pdf」：PDF 共 25 页，超过页数上限 24 页，无法导入（上限由 MAX_IMPORT_PAGES 设置）。',
    ],
  ])('the real 25-page 财政局 report with a limit of %i pages', async (maxPages, message) => {
    const fresh = await openDb(':memory:');
    try {
      const { error, pagesRead } = await refusal(() => importBytes(fresh, CZJ, readFixture(CZJ), { maxPages }));
      if (message === null) {
        expect(error).toBeNull();
        expect(pagesRead).toBe(25);
        expect((await listReports(fresh)).map((m) => m.unitName)).toEqual(['上海市普陀区财政局']);
      } else {
        expect(error).toMatchObject({ code: 'E_TOO_LARGE', message });
        expect(pagesRead).toBe(0);
        expect(await listReports(fresh)).toEqual([]);
      }
    } finally {
      await fresh.close();
    }
  });

  it('a zip entry is bounded like a file: the long PDF fails alone, the report beside it is imported', async () => {
    const fresh = await openDb(':memory:');
    try {
      const zip = makeZip([
        { name: 'a/many.pdf', data: blankPdf(3) },
        { name: 'a/yanggu.txt', data: readFixture(YANGGU) },
      ]);
      const up = await importUpload(fresh, 'x.zip', zip, { maxPages: 2 });
      expect(up.kind === 'zip' && up.rows.map((r) => [r.file, r.ok, r.error ?? ''])).toEqual([
        [
          'x.zip/a/many.pdf',
          false,
          '「many.pdf」：PDF 共 3 页，超过页数上限 2 页，无法导入（上限由 MAX_IMPORT_PAGES 设置）。',
        ],
        ['x.zip/a/yanggu.txt', true, ''],
      ]);
    } finally {
      await fresh.close();
    }
  });

  it('/import in chat takes the limit from MAX_IMPORT_PAGES', async () => {
    const config = loadConfig({ ADMINS: 'console', MAX_IMPORT_PAGES: '100' });
    const answer = await handleIncoming(
      { db, lib: new Library(db), config },
      { chatKey: 'console', userId: 'console', text: '/import', file: { name: '长.pdf', bytes: blankPdf(101) } },
    );
    expect(answer).toEqual({
      kind: 'error',
      message: '「长.pdf」：PDF 共 101 页，超过页数上限 100 页，无法导入（上限由 MAX_IMPORT_PAGES 设置）。',
    });
  });
});

describe('IMPORT_TIMEOUT_SECONDS: one import is bounded in time', () => {
  it('a PDF whose reading outlives the limit: refused, its worker terminated and replaced; the next import works', async () => {
    const before = await countRows(db);
    const worker = pauseWorker(); // the worker blocks after page 1 and is never released: only terminating it helps
    try {
      const { error, pagesRead } = await refusal(() =>
        importBytes(db, '卡住.pdf', blankPdf(3), { timeoutSeconds: 0.3 }),
      );
      expect(error).toMatchObject({
        code: 'E_TIMEOUT',
        message:
          '「卡住.pdf」：导入用时超过上限 0.3 秒，已停止，库中数据未做任何修改（上限由 IMPORT_TIMEOUT_SECONDS 设置）。',
      });
      expect(pagesRead).toBeLessThanOrEqual(1); // stopped loading PDFium or blocked after page 1
      expect(await countRows(db)).toEqual(before);
      pdfTesting.pauseAfterFirstPage = null;
      // were the blocked worker still the one in use, this would wait for it forever
      expect((await importBytes(db, CZJ, readFixture(CZJ)))[0]).toMatchObject({
        status: 'imported',
        unitName: '上海市普陀区财政局',
      });
    } finally {
      pdfTesting.pauseAfterFirstPage = null;
      worker.release();
    }
  });

  it('time spent queued behind another PDF is not the waiting import’s own', async () => {
    const worker = pauseWorker();
    try {
      const first = refusal(() => importBytes(db, '前.pdf', blankPdf(3)));
      const second = refusal(() => importBytes(db, '后.pdf', blankPdf(2), { timeoutSeconds: 1 }));
      await sleep(1500); // the second has waited longer than its limit
      pdfTesting.pauseAfterFirstPage = null;
      worker.release();
      const [a, b] = await Promise.all([first, second]);
      expect(a.error).toMatchObject({ code: 'E_BAD_FILE' }); // blank: no text
      expect(b.error).toMatchObject({ code: 'E_BAD_FILE', message: expect.stringContaining('没有可提取的文字') });
    } finally {
      pdfTesting.pauseAfterFirstPage = null;
      worker.release();
    }
  });

  it('the PDF queued behind one stopped for time is read by the new worker, untouched by the old one’s exit', async () => {
    const worker = pauseWorker();
    try {
      const started = once(pdfJobs, 'start');
      const stopped = refusal(() => importBytes(db, '停.pdf', blankPdf(3), { timeoutSeconds: 0.5 }));
      await started; // posted with the pause
      pdfTesting.pauseAfterFirstPage = null;
      const next = refusal(() => importBytes(db, '次.pdf', blankPdf(2))); // queued behind it
      expect((await stopped).error).toMatchObject({ code: 'E_TIMEOUT' });
      expect((await next).error).toMatchObject({ message: expect.stringContaining('没有可提取的文字') });
    } finally {
      pdfTesting.pauseAfterFirstPage = null;
      worker.release();
    }
  });

  it('a text report past the limit when its parse ends is refused before the save: nothing stored', async () => {
    const fresh = await openDb(':memory:');
    try {
      const before = await countRows(fresh);
      await expect(importBytes(fresh, YANGGU, readFixture(YANGGU), { timeoutSeconds: 0 })).rejects.toMatchObject({
        code: 'E_TIMEOUT',
        message: expect.stringMatching(/^「yanggu-zfb-2020-juesuan\.txt」：导入用时超过上限 0 秒，已停止/),
      });
      expect(await countRows(fresh)).toEqual(before);
      expect((await importBytes(fresh, YANGGU, readFixture(YANGGU)))[0]).toMatchObject({ status: 'imported' });
    } finally {
      await fresh.close();
    }
  });

  it('/import in chat takes the limit from IMPORT_TIMEOUT_SECONDS', async () => {
    const config = loadConfig({ ADMINS: 'console', IMPORT_TIMEOUT_SECONDS: '1' });
    const worker = pauseWorker();
    try {
      const answer = await handleIncoming(
        { db, lib: new Library(db), config },
        { chatKey: 'console', userId: 'console', text: '/import', file: { name: '慢.pdf', bytes: blankPdf(2) } },
      );
      expect(answer).toEqual({
        kind: 'error',
        message:
          '「慢.pdf」：导入用时超过上限 1 秒，已停止，库中数据未做任何修改（上限由 IMPORT_TIMEOUT_SECONDS 设置）。',
      });
    } finally {
      pdfTesting.pauseAfterFirstPage = null;
      worker.release();
    }
  });
});

describe('the limits in config', () => {
  it.each([
    [{}, { maxBytes: 50 * 1024 * 1024, maxPages: 500, timeoutSeconds: 120 }],
    [
      { MAX_IMPORT_MB: '10', MAX_IMPORT_PAGES: '1000', IMPORT_TIMEOUT_SECONDS: '600' },
      { maxBytes: 10 * 1024 * 1024, maxPages: 1000, timeoutSeconds: 600 },
    ],
  ])('%j → %j', (env, limits) => {
    expect(importLimits(loadConfig(env))).toEqual(limits);
  });

  // the CLI reads the limits before its config loads, to read a PDF ahead; a PDF read under other limits is not used
  it.each([
    {},
    { MAX_IMPORT_MB: '10', MAX_IMPORT_PAGES: '1000', IMPORT_TIMEOUT_SECONDS: '600' },
    { MAX_IMPORT_PAGES: ' 20 ' },
  ])('%j: read before the config loads, the same limits as the config', (env) => {
    expect(importLimitsFromEnv(env)).toEqual(importLimits(loadConfig(env)));
  });

  it.each([{ MAX_IMPORT_PAGES: '0' }, { MAX_IMPORT_PAGES: '五百' }, { IMPORT_TIMEOUT_SECONDS: '1.5' }])(
    '%j: not read before the config loads (no read-ahead)',
    (env) => {
      expect(importLimitsFromEnv(env)).toBeNull();
    },
  );

  it.each([
    [{ MAX_IMPORT_PAGES: '0' }, /^环境变量 MAX_IMPORT_PAGES 不正确/],
    [{ MAX_IMPORT_PAGES: '五百' }, /^环境变量 MAX_IMPORT_PAGES 不正确/],
    [{ IMPORT_TIMEOUT_SECONDS: '0' }, /^环境变量 IMPORT_TIMEOUT_SECONDS 不正确/],
    [{ IMPORT_TIMEOUT_SECONDS: '1.5' }, /^环境变量 IMPORT_TIMEOUT_SECONDS 不正确/],
  ])('%j is refused at start', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

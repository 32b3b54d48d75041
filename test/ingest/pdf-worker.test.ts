import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { listReports } from '../../db/store.js';
import { importLimits, loadConfig } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { extractLines } from '../../src/ingest/extract.js';
import { pdfJobs, pdfTesting, readAheadPdf, stopWorker } from '../../src/ingest/extract-pdf.js';
import { importFile } from '../../src/ingest/import-file.js';
import { Library, ask } from '../../src/query/ask.js';
import { expectKind } from '../query/expect-answer.js';
import { fixturePath } from './fixtures.js';

const YANGGU = 'yanggu-zfb-2020-juesuan.txt';
const CZJ = 'putuo-czj-2024-juesuan.pdf';
const SHGZB = 'putuo-shgzb-2024-juesuan.pdf';
const MORE = path.join(path.dirname(fixturePath(CZJ)), '..', 'more');
const SWU = path.join(MORE, 'chongqing-swu-2023-juesuan.pdf');
const utf8 = (s: string) => new TextEncoder().encode(s);
const read = (p: string) => new Uint8Array(readFileSync(p));

/** One page, its objects written by hand with correct xref offsets, and the trailer's `extra` entries. */
function onePagePdf(extraObjs: string[], trailerExtra: string): Uint8Array {
  const content = 'BT /F1 24 Tf 72 200 Td (hello) Tj ET';
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    ...extraObjs,
  ];
  let out = '%PDF-1.4\n';
  const offsets = objs.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R ${trailerExtra} >>\nstartxref\n${xref}\n%%EOF\n`;
  return utf8(out);
}

/** Standard security handler with a user password (its /U matches no empty password): PDFium asks for a password. */
const encryptedPdf = () =>
  onePagePdf(
    [`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> >>`],
    `/Encrypt 5 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]`,
  );

/** Every 'start' and 'end' of the PDF queue while `run` is in flight. */
async function jobEvents<T>(run: () => Promise<T>): Promise<{ result: T; events: string[] }> {
  const events: string[] = [];
  const start = (f: string) => events.push(`start ${f}`);
  const end = (f: string) => events.push(`end ${f}`);
  pdfJobs.on('start', start).on('end', end);
  try {
    return { result: await run(), events };
  } finally {
    pdfJobs.off('start', start).off('end', end);
  }
}

afterAll(() => stopWorker());

describe('PDF import in the worker thread: the bot keeps answering', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb(':memory:');
    await importFile(db, fixturePath(YANGGU));
  });
  afterAll(() => db.close());

  it('a question is answered while a PDF import is running, before the import finishes', async () => {
    const order: string[] = [];
    const started = once(pdfJobs, 'start');
    const importing = importFile(db, fixturePath(CZJ)).then((summary) => {
      order.push('import');
      return summary;
    });
    await started; // the PDF is being read now
    const answer = await ask(new Library(db), '三公经费执行率', { unit: '阳谷县人民政府办公室' });
    order.push('answer');
    expect(order).toEqual(['answer']); // the import is still in flight
    const fig = expectKind(answer, 'figure');
    expect(fig.value.toFixed(2)).toBe('89.33');

    const summary = await importing;
    expect(order).toEqual(['answer', 'import']);
    expect(summary).toMatchObject([{ status: 'imported', unitName: '上海市普陀区财政局', year: 2024 }]);
    expect((await listReports(db)).map((m) => m.unitName).sort()).toEqual([
      '上海市普陀区财政局',
      '阳谷县人民政府办公室',
    ]);
  });

  it("the PDF's thread blocked mid-file (Atomics.wait after page 1): the question is still answered, then the import ends", async () => {
    // were the PDF read on the main thread, nothing could answer while it is blocked: this test would time out
    const pause = new Int32Array(new SharedArrayBuffer(4));
    pdfTesting.pauseAfterFirstPage = pause;
    const order: string[] = [];
    try {
      const firstPage = once(pdfJobs, 'page');
      const importing = importFile(db, fixturePath(SHGZB)).then((summary) => {
        order.push('import');
        return summary;
      });
      expect(await firstPage).toEqual([SHGZB, 1]);
      const answer = await ask(new Library(db), '办公费', { unit: '阳谷县人民政府办公室' });
      order.push('answer');
      expect(expectKind(answer, 'figure').value.toFixed(2)).toBe('33.23');
      expect(order).toEqual(['answer']);
      Atomics.store(pause, 0, 1);
      Atomics.notify(pause, 0);
      expect(await importing).toMatchObject([{ status: 'imported', unitName: '中共上海市普陀区委社会工作部' }]);
      expect(order).toEqual(['answer', 'import']);
    } finally {
      pdfTesting.pauseAfterFirstPage = null;
      Atomics.store(pause, 0, 1);
      Atomics.notify(pause, 0);
    }
  });

  it("the PDF library runs only in the worker: the main thread's builtins are untouched", () => {
    expect(Array.prototype.push.toString()).toContain('[native code]');
    expect(JSON.stringify.toString()).toContain('[native code]');
  });
});

describe('the PDF queue: one extraction at a time', () => {
  it('two imports started together run one after the other, each with its own lines', async () => {
    const alone = await extractLines({ fileName: SHGZB, bytes: read(fixturePath(SHGZB)) });
    const { result, events } = await jobEvents(() =>
      Promise.all([
        extractLines({ fileName: 'a.pdf', bytes: read(SWU) }),
        extractLines({ fileName: 'b.pdf', bytes: read(fixturePath(SHGZB)) }),
      ]),
    );
    expect(events).toEqual(['start a.pdf', 'end a.pdf', 'start b.pdf', 'end b.pdf']);
    const [a, b] = result;
    expect(a.lines.some((l) => l.text.includes('西南大学'))).toBe(true);
    expect(b).toEqual(alone);
  });

  it('a PDF read ahead (the CLI names it first) is read once: the import gets its lines', async () => {
    const alone = await extractLines({ fileName: SHGZB, bytes: read(fixturePath(SHGZB)) });
    const { result, events } = await jobEvents(async () => {
      await readAheadPdf(fixturePath(SHGZB), importLimits(loadConfig({})));
      return extractLines({ fileName: SHGZB, bytes: read(fixturePath(SHGZB)) });
    });
    expect(events).toEqual([`start ${SHGZB}`, `end ${SHGZB}`]);
    expect(result).toEqual(alone);
    // other bytes are read on their own; a file that is not a PDF is not read ahead
    const { events: other } = await jobEvents(async () => {
      await readAheadPdf(fixturePath(YANGGU), importLimits(loadConfig({})));
      return extractLines({ fileName: 'swu.pdf', bytes: read(SWU) });
    });
    expect(other).toEqual(['start swu.pdf', 'end swu.pdf']);
  });

  it('PDFium compiled by the main thread or, when it could not be, by the worker itself: the same lines', async () => {
    const precompiled = await extractLines({ fileName: SHGZB, bytes: read(fixturePath(SHGZB)) });
    await stopWorker();
    pdfTesting.compileInWorker = true;
    try {
      expect(await extractLines({ fileName: SHGZB, bytes: read(fixturePath(SHGZB)) })).toEqual(precompiled);
    } finally {
      pdfTesting.compileInWorker = false;
      await stopWorker();
    }
    expect(precompiled.lines.length).toBeGreaterThan(100);
  });

  it('a PDF that fails does not hold up the one queued behind it', async () => {
    const bad = new Uint8Array([...utf8('%PDF-1.7\n'), ...new Uint8Array(2048).fill(0x41)]);
    const { result, events } = await jobEvents(() =>
      Promise.allSettled([
        extractLines({ fileName: '坏.pdf', bytes: bad }),
        extractLines({ fileName: 'ok.pdf', bytes: read(SWU) }),
      ]),
    );
    expect(events).toEqual(['start 坏.pdf', 'end 坏.pdf', 'start ok.pdf', 'end ok.pdf']);
    expect(result[0]).toMatchObject({ status: 'rejected', reason: { code: 'E_BAD_FILE' } });
    expect(result[1]).toMatchObject({ status: 'fulfilled', value: { format: 'pdf', pageCount: 21 } });
  });
});

describe('errors in the worker come back as the Chinese UserError', () => {
  it.each([
    [
      'an encrypted PDF',
      '加密.pdf',
      encryptedPdf,
      /^「加密\.pdf」：PDF 文件已加密，无法读取，请提供未加密的版本。$/,
      'PdfPasswordError',
    ],
    [
      'a PDF cut short',
      '截断.pdf',
      () => read(SWU).slice(0, 4096),
      /^「截断\.pdf」：PDF 文件无法解析（可能已损坏或被截断）。$/,
      undefined,
    ],
  ])('%s', async (_, fileName, bytes, message, causeName) => {
    const error = await extractLines({ fileName, bytes: bytes() }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'E_BAD_FILE' });
    expect((error as UserError).message).toMatch(message);
    // the worker's own error is kept as the cause, for the log
    expect((error as UserError).cause).toBeInstanceOf(Error);
    if (causeName) expect((error as UserError).cause).toMatchObject({ name: causeName });
  });

  it("the caller's bytes are not detached by the transfer to the worker", async () => {
    const bytes = read(fixturePath(SHGZB));
    await extractLines({ fileName: SHGZB, bytes });
    expect(bytes.byteLength).toBe(readFileSync(fixturePath(SHGZB)).byteLength);
  });
});

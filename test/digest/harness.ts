import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../db/client.js';
import { addDigestSubscription, type NewDigestSubscription } from '../../db/store.js';
import type { Sender } from '../../src/chat/sender.js';
import { loadConfig } from '../../src/config.js';
import { startDigestScheduler, type DigestSchedulerOptions } from '../../src/digest/scheduler.js';
import { importFile } from '../../src/ingest/import-file.js';
import type { Answer } from '../../src/query/answer.js';
import { Library } from '../../src/query/ask.js';

export const YANGGU_TXT = 'test/fixtures/reports/yanggu-zfb-2020-juesuan.txt';
export const YANGGU = '阳谷县人民政府办公室';
export const CHAT = 'telegram:-1001';

/** Monday 2024-06-03 09:00 in Asia/Shanghai. */
export const SLOT = '2024-06-03T01:00:00.000Z';
export const at = (iso: string, plusMinutes = 0): Date => new Date(new Date(iso).getTime() + plusMinutes * 60_000);

/** A store file with the yanggu report imported once; each test copies it. */
export async function makeTemplate(): Promise<{ dir: string; template: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'jsws-digest-'));
  const template = join(dir, 'template.db');
  const db = await openDb(template);
  await importFile(db, YANGGU_TXT);
  await db.close();
  return { dir, template, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

let n = 0;
export const copyStore = (dir: string, template: string): string => {
  const path = join(dir, `store-${++n}.db`);
  copyFileSync(template, path);
  return path;
};

export class FakeSender implements Sender {
  sent: { chatKey: string; answer: Answer }[] = [];
  /** thrown by the next sends, in order */
  failures: unknown[] = [];
  calls = 0;
  constructor(readonly transport: Sender['transport'] = 'telegram') {}
  async send(chatKey: string, answer: Answer): Promise<void> {
    this.calls++;
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ chatKey, answer });
  }
}

export const weeklyMonday = (over: Partial<NewDigestSubscription> = {}): NewDigestSubscription => ({
  chatKey: CHAT,
  schedule: '0 9 * * 1',
  scheduleLabel: '每周一 09:00',
  content: { preset: '要点' },
  createdBy: 'telegram:1',
  createdAt: '2024-06-02T00:00:00.000Z',
  ...over,
});

export const subscribe = (db: Db, over: Partial<NewDigestSubscription> = {}) =>
  addDigestSubscription(db, weeklyMonday(over));

/** A scheduler on a fake clock: no croner timers, retries recorded instead of slept. */
export function fakeScheduler(
  db: Db,
  clock: { now: Date },
  senders: Sender[],
  over: Partial<DigestSchedulerOptions> = {},
) {
  const slept: number[] = [];
  const scheduler = startDigestScheduler({
    db,
    lib: new Library(db),
    config: loadConfig({}),
    senders,
    now: () => clock.now,
    timers: false,
    sleep: async (ms) => void slept.push(ms),
    ...over,
  });
  return Object.assign(scheduler, { slept });
}

/** A sender that can also send images: records messages and images in one timeline. */
export class ImageSender extends FakeSender {
  images: { chatKey: string; png: Buffer; caption: string }[] = [];
  timeline: string[] = [];
  imageFailures: unknown[] = [];
  override async send(chatKey: string, answer: Answer): Promise<void> {
    await super.send(chatKey, answer);
    this.timeline.push('message');
  }
  async sendImage(chatKey: string, png: Buffer, caption: string): Promise<void> {
    const failure = this.imageFailures.shift();
    if (failure) throw failure;
    this.images.push({ chatKey, png, caption });
    this.timeline.push('image');
  }
}

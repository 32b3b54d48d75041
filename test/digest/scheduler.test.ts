import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { getDigestSubscription, listDigestSends } from '../../db/store.js';
import { ChatGoneError } from '../../src/chat/sender.js';
import { notifyDigestChange } from '../../src/digest/changes.js';
import { startDigestScheduler } from '../../src/digest/scheduler.js';
import { loadConfig } from '../../src/config.js';
import { log } from '../../src/log.js';
import { Library } from '../../src/query/ask.js';
import {
  at,
  CHAT,
  copyStore,
  FakeSender,
  fakeScheduler,
  ImageSender,
  makeTemplate,
  SLOT,
  subscribe,
} from './harness.js';

let store: Awaited<ReturnType<typeof makeTemplate>>;
beforeAll(async () => void (store = await makeTemplate()));
afterAll(() => store.cleanup());

const opened: Db[] = [];
const stops: (() => Promise<void>)[] = [];
const open = async (path?: string) => {
  const db = await openDb(path ?? copyStore(store.dir, store.template));
  opened.push(db);
  return db;
};
const pathOf = () => copyStore(store.dir, store.template);
const TZ = process.env.TZ;
beforeEach(() => void vi.spyOn(log, 'info').mockImplementation(() => undefined));
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  for (const db of opened.splice(0)) await db.close();
  vi.useRealTimers();
  vi.restoreAllMocks();
  if (TZ === undefined) delete process.env.TZ;
  else process.env.TZ = TZ;
});
const started = <T extends { stop: () => Promise<void> }>(s: T): T => {
  stops.push(() => s.stop());
  return s;
};

describe('digest scheduler on a fake clock', () => {
  it('fires once at 09:00 Asia/Shanghai even when the machine runs on New York time', async () => {
    process.env.TZ = 'America/New_York';
    expect(at(SLOT).getHours()).toBe(21); // Sunday evening for the machine
    const db = await open();
    const sub = await subscribe(db);
    const sender = new FakeSender();
    const clock = { now: at(SLOT, -1) };
    const s = started(fakeScheduler(db, clock, [sender]));
    expect((await s.ready).map((r) => r.outcome)).toEqual(['none']);
    expect(await s.tick(at(SLOT, -1 / 60))).toEqual([{ subscriptionId: sub.id, slot: null, outcome: 'none' }]);
    expect(await s.tick(at(SLOT))).toEqual([{ subscriptionId: sub.id, slot: SLOT, outcome: 'sent', attempts: 1 }]);
    expect((await s.tick(at(SLOT, 0.5))).map((r) => r.outcome)).toEqual(['none']);
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]).toMatchObject({
      chatKey: CHAT,
      answer: { kind: 'message', title: '2020年度 阳谷县人民政府办公室 决算要点（2024-06-03）' },
    });
    expect((await getDigestSubscription(db, sub.id))?.lastSlotSent).toBe(SLOT);
    expect(await s.tick(at('2024-06-10T01:00:00.000Z'))).toMatchObject([
      { outcome: 'sent', slot: '2024-06-10T01:00:00.000Z' },
    ]);
    expect(sender.sent).toHaveLength(2);
  });

  it('does not resend a slot already sent after a restart', async () => {
    const path = pathOf();
    const db = await open(path);
    await subscribe(db);
    const sender = new FakeSender();
    const first = fakeScheduler(db, { now: at(SLOT, 0.1) }, [sender]);
    expect((await first.ready).map((r) => r.outcome)).toEqual(['sent']);
    await first.stop();
    await db.close();
    opened.splice(0);
    const again = await open(path);
    const second = started(fakeScheduler(again, { now: at(SLOT, 10) }, [sender]));
    expect((await second.ready).map((r) => r.outcome)).toEqual(['none']);
    expect(await second.tick(at(SLOT, 20))).toMatchObject([{ outcome: 'none' }]);
    expect(sender.sent).toHaveLength(1);
    expect(await listDigestSends(again, 1)).toMatchObject([{ slot: SLOT, status: 'sent', attempts: 1 }]);
  });

  it('sends a slot missed 30 minutes ago once on start', async () => {
    const db = await open();
    const sub = await subscribe(db);
    const sender = new FakeSender();
    const s = fakeScheduler(db, { now: at(SLOT, 30) }, [sender]);
    expect(await s.ready).toEqual([{ subscriptionId: sub.id, slot: SLOT, outcome: 'sent', attempts: 1 }]);
    await s.stop();
    const restarted = started(fakeScheduler(db, { now: at(SLOT, 40) }, [sender]));
    expect((await restarted.ready).map((r) => r.outcome)).toEqual(['none']);
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0].answer).toMatchObject({ title: expect.stringContaining('（2024-06-03）') });
  });

  it('skips and logs a slot missed 3 hours ago, and still sends the next one', async () => {
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const db = await open();
    const sub = await subscribe(db);
    const sender = new FakeSender();
    const s = fakeScheduler(db, { now: at(SLOT, 180) }, [sender]);
    expect(await s.ready).toEqual([{ subscriptionId: sub.id, slot: SLOT, outcome: 'skipped' }]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('skipped'),
      expect.objectContaining({ subscription: sub.id, slot: SLOT, ageMinutes: 180, graceMinutes: 60 }),
    );
    await s.stop();
    const restarted = started(fakeScheduler(db, { now: at(SLOT, 190) }, [sender]));
    expect((await restarted.ready).map((r) => r.outcome)).toEqual(['taken']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(sender.sent).toHaveLength(0);
    expect(await listDigestSends(db, sub.id)).toMatchObject([{ slot: SLOT, status: 'skipped' }]);
    expect(await restarted.tick(at('2024-06-10T01:00:00.000Z'))).toMatchObject([{ outcome: 'sent' }]);
    expect(sender.sent).toHaveLength(1);
  });

  it('honours DIGEST_GRACE_MINUTES', async () => {
    vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const db = await open();
    await subscribe(db);
    const sender = new FakeSender();
    const s = started(
      fakeScheduler(db, { now: at(SLOT, 180) }, [sender], { config: loadConfig({ DIGEST_GRACE_MINUTES: '240' }) }),
    );
    expect((await s.ready).map((r) => r.outcome)).toEqual(['sent']);
  });

  it('two schedulers on one store file send each slot once', async () => {
    const path = pathOf();
    const a = await open(path);
    const b = await open(path);
    await subscribe(a);
    await subscribe(a, { schedule: '0 9 * * *', scheduleLabel: '每天 09:00' });
    const senderA = new FakeSender();
    const senderB = new FakeSender();
    const clock = { now: at(SLOT, 5) };
    const sa = started(fakeScheduler(a, clock, [senderA], { instanceId: 'a' }));
    const sb = started(fakeScheduler(b, clock, [senderB], { instanceId: 'b' }));
    const outcomes = [...(await sa.ready), ...(await sb.ready)].map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['sent', 'sent', 'taken', 'taken']);
    for (let i = 0; i < 5; i++) await Promise.all([sa.tick(at(SLOT, 6)), sb.tick(at(SLOT, 6)), sa.tick(at(SLOT, 7))]);
    const next = at('2024-06-04T01:00:00.000Z');
    const racing = await Promise.all([sa.tick(next), sb.tick(next), sb.tick(next), sa.tick(next)]);
    expect(racing.flat().filter((r) => r.outcome === 'sent')).toHaveLength(1);
    expect(senderA.sent.length + senderB.sent.length).toBe(3);
    expect((await listDigestSends(b, 2)).map((r) => [r.slot, r.status])).toEqual([
      [SLOT, 'sent'],
      ['2024-06-04T01:00:00.000Z', 'sent'],
    ]);
  });

  it('leaves chats of a transport this process does not run to the process that does', async () => {
    const db = await open();
    await subscribe(db, { chatKey: 'lark:oc_1' });
    const telegram = new FakeSender('telegram');
    const s = started(fakeScheduler(db, { now: at(SLOT, 1) }, [telegram]));
    expect(await s.ready).toEqual([]);
    const lark = new FakeSender('lark');
    const l = started(fakeScheduler(db, { now: at(SLOT, 1) }, [telegram, lark]));
    expect((await l.ready).map((r) => r.outcome)).toEqual(['sent']);
    expect([telegram.sent.length, lark.sent.length]).toEqual([0, 1]);
  });

  it('pauses a subscription whose chat removed the bot (403) and logs it', async () => {
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const db = await open();
    const sub = await subscribe(db);
    const sender = new FakeSender();
    sender.failures.push(
      new ChatGoneError(CHAT, { cause: new Error('403: Forbidden: bot was kicked from the group chat') }),
    );
    const s = started(fakeScheduler(db, { now: at(SLOT) }, [sender]));
    expect(await s.ready).toEqual([{ subscriptionId: sub.id, slot: SLOT, outcome: 'paused', attempts: 1 }]);
    expect(s.slept).toEqual([]);
    const row = await getDigestSubscription(db, sub.id);
    expect(row).toMatchObject({ paused: true, lastSlotSent: null });
    expect(row?.pausedReason).toContain('不再接受消息');
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('paused'),
      expect.objectContaining({ subscription: sub.id, chat: CHAT }),
    );
    expect(await s.tick(at('2024-06-10T01:00:00.000Z'))).toEqual([]);
    expect(sender.calls).toBe(1);
  });

  it('retries a failed send after 1 s and 5 s, then delivers', async () => {
    vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const db = await open();
    const sub = await subscribe(db);
    const sender = new FakeSender();
    sender.failures.push(new Error('ETIMEDOUT'), new Error('502 Bad Gateway'));
    const s = started(fakeScheduler(db, { now: at(SLOT) }, [sender]));
    expect(await s.ready).toEqual([{ subscriptionId: sub.id, slot: SLOT, outcome: 'sent', attempts: 3 }]);
    expect(s.slept).toEqual([1000, 5000]);
    expect(sender.sent).toHaveLength(1);
  });

  it('gives up after 3 retries, logs it and does not resend that slot', async () => {
    vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(log, 'error').mockImplementation(() => undefined);
    const db = await open();
    const sub = await subscribe(db);
    const sender = new FakeSender();
    sender.failures.push(...[1, 2, 3, 4].map((i) => new Error(`network down ${i}`)));
    const s = started(fakeScheduler(db, { now: at(SLOT) }, [sender]));
    expect(await s.ready).toEqual([{ subscriptionId: sub.id, slot: SLOT, outcome: 'failed', attempts: 4 }]);
    expect(s.slept).toEqual([1000, 5000, 30000]);
    expect(error).toHaveBeenCalledWith(
      'digest send failed',
      expect.objectContaining({ subscription: sub.id, attempts: 4 }),
    );
    expect(await listDigestSends(db, sub.id)).toMatchObject([
      { slot: SLOT, status: 'failed', attempts: 4, error: 'network down 4' },
    ]);
    expect((await s.tick(at(SLOT, 5))).map((r) => r.outcome)).toEqual(['taken']);
    expect(sender.calls).toBe(4);
  });
});

describe('digest images', () => {
  const isPng = (b: Buffer) => b.subarray(0, 8).toString('hex') === '89504e470d0a1a0a';

  it('sends one chart after the digest message: 支出结构 for 要点, 三公 bars for 三公', async () => {
    const db = await open();
    const a = await subscribe(db);
    const b = await subscribe(db, { content: { preset: '三公' } });
    const sender = new ImageSender();
    const s = started(fakeScheduler(db, { now: at(SLOT) }, [sender]));
    expect(await s.ready).toEqual([
      { subscriptionId: a.id, slot: SLOT, outcome: 'sent', attempts: 1, image: 'sent' },
      { subscriptionId: b.id, slot: SLOT, outcome: 'sent', attempts: 1, image: 'sent' },
    ]);
    expect(sender.sent).toHaveLength(2);
    expect(sender.images).toHaveLength(2);
    expect(sender.timeline[0]).toBe('message');
    const captions = sender.images.map((i) => i.caption);
    expect(captions).toEqual(
      expect.arrayContaining([
        expect.stringContaining('支出结构（万元）'),
        expect.stringContaining('“三公”经费（万元）'),
      ]),
    );
    for (const i of sender.images) {
      expect(i.chatKey).toBe(CHAT);
      expect(isPng(i.png)).toBe(true);
      expect([...i.caption].length).toBeLessThanOrEqual(1024);
    }
  });

  it('counts the slot as sent when the image fails, logs it, and neither retries nor resends', async () => {
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const db = await open();
    const sub = await subscribe(db);
    const sender = new ImageSender();
    sender.imageFailures.push(new Error('upload failed: 413'));
    const s = started(fakeScheduler(db, { now: at(SLOT) }, [sender]));
    expect(await s.ready).toEqual([
      { subscriptionId: sub.id, slot: SLOT, outcome: 'sent', attempts: 1, image: 'failed' },
    ]);
    expect(s.slept).toEqual([]);
    expect(sender.sent).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('digest image not sent'),
      expect.objectContaining({ subscription: sub.id, slot: SLOT }),
    );
    expect(await listDigestSends(db, sub.id)).toMatchObject([{ slot: SLOT, status: 'sent', attempts: 1 }]);
    expect((await getDigestSubscription(db, sub.id))?.lastSlotSent).toBe(SLOT);
    expect((await s.tick(at(SLOT, 5))).map((r) => r.outcome)).toEqual(['none']);
    expect(sender.calls).toBe(1);
  });

  it('sends the image only after its message went out', async () => {
    vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const db = await open();
    await subscribe(db);
    const sender = new ImageSender();
    sender.failures.push(new Error('ETIMEDOUT'));
    const s = started(fakeScheduler(db, { now: at(SLOT) }, [sender]));
    expect(await s.ready).toMatchObject([{ outcome: 'sent', attempts: 2, image: 'sent' }]);
    expect(sender.timeline).toEqual(['message', 'image']);
  });

  it('sends no image for a digest of questions', async () => {
    const db = await open();
    await subscribe(db, { content: { questions: ['三公经费执行率'] } });
    const sender = new ImageSender();
    const s = started(fakeScheduler(db, { now: at(SLOT) }, [sender]));
    expect(await s.ready).toMatchObject([{ outcome: 'sent', image: 'none' }]);
    expect(sender.images).toEqual([]);
  });
});

describe('digest scheduler with croner timers', () => {
  it('arms one timer per subscription, fires at the slot and re-arms on change', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(at(SLOT, -0.5));
    const db = await open();
    await subscribe(db);
    const sender = new FakeSender();
    const s = startDigestScheduler({
      db,
      lib: new Library(db),
      config: loadConfig({}),
      senders: [sender],
      reloadEveryMs: 0,
    });
    expect((await s.ready).map((r) => r.outcome)).toEqual(['none']);
    await subscribe(db, { schedule: '1 9 * * *', scheduleLabel: '每天 09:01' });
    notifyDigestChange();
    await s.reload();
    await vi.advanceTimersByTimeAsync(45_000);
    await vi.waitFor(() => expect(sender.sent).toHaveLength(1), { timeout: 5000, interval: 20 });
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(sender.sent).toHaveLength(2), { timeout: 5000, interval: 20 });
    await s.stop();
    expect((await listDigestSends(db, 1)).map((r) => r.slot)).toEqual([SLOT]);
    expect((await listDigestSends(db, 2)).map((r) => r.slot)).toEqual(['2024-06-03T01:01:00.000Z']);
    expect(sender.sent.map((x) => x.chatKey)).toEqual([CHAT, CHAT]);
  });
});

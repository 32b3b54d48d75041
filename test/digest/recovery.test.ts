import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { claimDigestSlot, listDigestSends, type DigestSubscription } from '../../db/store.js';
import { log } from '../../src/log.js';
import { at, copyStore, FakeSender, fakeScheduler, makeTemplate, SLOT, subscribe } from './harness.js';

// A process that dies while a digest is being sent leaves its slot `sending`. On the next start the slot is sent
// again once within the grace period (DIGEST_GRACE_MINUTES, 60 by default), or recorded failed; either way logged.

let store: Awaited<ReturnType<typeof makeTemplate>>;
beforeAll(async () => void (store = await makeTemplate()));
afterAll(() => store.cleanup());

const opened: Db[] = [];
const stops: (() => Promise<void>)[] = [];
let warn: MockInstance<typeof log.warn>;
beforeEach(() => {
  vi.spyOn(log, 'info').mockImplementation(() => undefined);
  warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  for (const db of opened.splice(0)) await db.close();
  vi.restoreAllMocks();
});
const open = async (path = copyStore(store.dir, store.template)) => {
  const db = await openDb(path);
  opened.push(db);
  return db;
};

/** The pid of a process that has exited: a process on this host that died. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

/** What a process does when it starts sending a slot, and then it dies: the claim, never finished. */
const diedWhileSending = (db: Db, sub: DigestSubscription, instanceId: string, claimedAt = at(SLOT, 0.1)) =>
  claimDigestSlot(db, {
    subscriptionId: sub.id,
    slot: SLOT,
    status: 'sending',
    instanceId,
    at: claimedAt.toISOString(),
  });

const started = <T extends { stop: () => Promise<void> }>(s: T): T => {
  stops.push(() => s.stop());
  return s;
};

const warned = (text: string) => warn.mock.calls.filter(([msg]) => String(msg).includes(text));

describe('digest slots left sending by a process that died', () => {
  it('sends the slot once on start, within the grace period, and logs it', async () => {
    const path = copyStore(store.dir, store.template);
    const db = await open(path);
    const sub = await subscribe(db);
    const dead = `${hostname()}#${deadPid()}#a1b2c3d4`;
    expect(await diedWhileSending(db, sub, dead)).toBe(true);
    const sender = new FakeSender();
    const s = started(fakeScheduler(db, { now: at(SLOT, 5) }, [sender], { instanceId: 'restarted' }));
    expect(await s.ready).toEqual([
      { subscriptionId: sub.id, slot: SLOT, outcome: 'sent', attempts: 1, recovered: true },
    ]);
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0].answer).toMatchObject({ title: expect.stringContaining('（2024-06-03）') });
    expect(warned('left sending by a process that died: sending it again')).toEqual([
      [expect.any(String), expect.objectContaining({ subscription: sub.id, slot: SLOT, deadInstance: dead })],
    ]);
    expect(await listDigestSends(db, sub.id)).toMatchObject([
      { slot: SLOT, status: 'sent', instanceId: 'restarted', recovered: true, attempts: 1 },
    ]);
    // a second restart owes nothing
    await s.stop();
    const again = started(fakeScheduler(db, { now: at(SLOT, 10) }, [sender], { instanceId: 'again' }));
    expect((await again.ready).map((r) => r.outcome)).toEqual(['none']);
    expect(sender.sent).toHaveLength(1);
  });

  it('does not touch a slot a live process is sending; elsewhere, takes the claimer for dead after 30 minutes', async () => {
    const db = await open();
    const sub = await subscribe(db);
    // the parent of this test process is alive, on this host
    await diedWhileSending(db, sub, `${hostname()}#${process.ppid}#live`, at(SLOT, 0.1));
    const sender = new FakeSender();
    const live = started(fakeScheduler(db, { now: at(SLOT, 5) }, [sender], { instanceId: 'second' }));
    expect((await live.ready).map((r) => r.outcome)).toEqual(['taken']);
    await live.stop();
    expect(sender.sent).toHaveLength(0);
    expect(await listDigestSends(db, sub.id)).toMatchObject([{ status: 'sending', recovered: false }]);

    // a claim of another host: its pid cannot be checked, so only its age counts
    const other = await open();
    const otherSub = await subscribe(other);
    await diedWhileSending(other, otherSub, 'another-host#4242#ffff0000', at(SLOT, 0.1));
    const early = started(fakeScheduler(other, { now: at(SLOT, 20) }, [sender], { instanceId: 'early' }));
    expect((await early.ready).map((r) => r.outcome)).toEqual(['taken']);
    await early.stop();
    const late = started(fakeScheduler(other, { now: at(SLOT, 40) }, [sender], { instanceId: 'late' }));
    expect(await late.ready).toMatchObject([{ outcome: 'sent', recovered: true }]);
    expect(sender.sent).toHaveLength(1);
  });

  it('records a slot missed by more than the grace period as failed, logged, not sent', async () => {
    const db = await open();
    const sub = await subscribe(db);
    await diedWhileSending(db, sub, `${hostname()}#${deadPid()}#old`);
    const sender = new FakeSender();
    const s = started(fakeScheduler(db, { now: at(SLOT, 90) }, [sender], { instanceId: 'late' }));
    expect(await s.ready).toEqual([{ subscriptionId: sub.id, slot: SLOT, outcome: 'failed', recovered: true }]);
    expect(sender.sent).toHaveLength(0);
    expect(warned('older than the grace period')).toHaveLength(1);
    expect(await listDigestSends(db, sub.id)).toMatchObject([
      { status: 'failed', error: expect.stringContaining('超过补发宽限') },
    ]);
  });

  it('retries once only: a slot left sending again after its retry is recorded failed, not sent a third time', async () => {
    const path = copyStore(store.dir, store.template);
    const db = await open(path);
    const sub = await subscribe(db);
    await diedWhileSending(db, sub, `${hostname()}#${deadPid()}#first`);
    // the retry dies too: its send never returns, and its process is gone before the next start
    const hung = { transport: 'telegram' as const, send: () => new Promise<void>(() => undefined) };
    const retrying = fakeScheduler(db, { now: at(SLOT, 5) }, [hung], {
      instanceId: `${hostname()}#${deadPid()}#second`,
    });
    await vi.waitFor(async () =>
      expect(await listDigestSends(db, sub.id)).toMatchObject([{ status: 'sending', recovered: true }]),
    );
    void retrying; // abandoned, like a killed process: never stopped
    const sender = new FakeSender();
    const s = started(fakeScheduler(db, { now: at(SLOT, 10) }, [sender], { instanceId: 'third' }));
    expect(await s.ready).toEqual([{ subscriptionId: sub.id, slot: SLOT, outcome: 'failed', recovered: true }]);
    expect(sender.sent).toHaveLength(0);
    expect(warned('again after its one retry')).toHaveLength(1);
    expect(await listDigestSends(db, sub.id)).toMatchObject([{ status: 'failed', recovered: true }]);
  });
});

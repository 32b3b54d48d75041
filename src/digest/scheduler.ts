import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { Cron } from 'croner';
import type { Db } from '../../db/client.js';
import { getDigestSubscription, listDigestSubscriptions } from '../../db/store.js';
import type { Sender } from '../chat/sender.js';
import type { Config } from '../config.js';
import { log } from '../log.js';
import type { Library } from '../query/ask.js';
import { onDigestChange } from './changes.js';
import { recoverAbandonedSlots, thisProcess, type ThisProcess } from './recovery.js';
import { runSubscription, senderFor, type RunnerDeps, type SlotResult } from './runner.js';
import { nextSlot } from './schedule.js';

export const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000];

export interface DigestSchedulerOptions {
  db: Db;
  lib: Library;
  config: Pick<Config, 'DIGEST_GRACE_MINUTES' | 'DIGEST_LOW_RATE' | 'DIGEST_HIGH_RATE'>;
  /** one per transport this process runs; subscriptions of other transports are left to the process that has them */
  senders: Sender[];
  now?: () => Date;
  /** names this process in digest_sends; default host#pid#random */
  instanceId?: string;
  retryDelaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
  /** false: arm no croner timers, for tests that drive tick() with a fake clock */
  timers?: boolean;
  /** re-read subscriptions this often to pick up changes made by another process; 0 turns it off */
  reloadEveryMs?: number;
  /** host and pid of this process, to tell whether another claim's process is gone (tests) */
  self?: Partial<ThisProcess>;
}

export interface DigestScheduler {
  /**
   * the start-up catch-up: slots left `sending` by a process that died (sent again once within the grace period),
   * then each subscription's latest unsent slot, sent if within the grace period
   */
  ready: Promise<SlotResult[]>;
  /** re-arm one croner job per active subscription after a change */
  reload(): Promise<void>;
  /** every active subscription's due slot at `now`, claimed and sent; what each timer does for its own */
  tick(now?: Date): Promise<SlotResult[]>;
  /** stops timers and retries, waits for sends under way */
  stop(): Promise<void>;
}

// CommandDeps carries no config, so /digest preview uses the thresholds of the scheduler this process started.
let thresholds = { lowRate: '80', highRate: '120' };
export const previewThresholds = (): { lowRate: string; highRate: string } => thresholds;

export function startDigestScheduler(opts: DigestSchedulerOptions): DigestScheduler {
  thresholds = { lowRate: opts.config.DIGEST_LOW_RATE, highRate: opts.config.DIGEST_HIGH_RATE };
  const now = opts.now ?? (() => new Date());
  const abort = new AbortController();
  const deps: RunnerDeps = {
    db: opts.db,
    lib: opts.lib,
    senders: opts.senders,
    instanceId: opts.instanceId ?? `${hostname()}#${process.pid}#${randomUUID().slice(0, 8)}`,
    graceMs: opts.config.DIGEST_GRACE_MINUTES * 60_000,
    lowRate: opts.config.DIGEST_LOW_RATE,
    highRate: opts.config.DIGEST_HIGH_RATE,
    retryDelaysMs: opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    sleep: opts.sleep ?? ((ms) => delay(ms, undefined, { signal: abort.signal })),
  };
  const timers = opts.timers ?? true;
  const jobs = new Map<number, { key: string; cron: Cron }>();
  const inflight = new Set<Promise<unknown>>();
  let stopped = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => undefined);
    return p;
  };

  const mine = async () =>
    (await listDigestSubscriptions(opts.db, { active: true })).filter((s) => senderFor(opts.senders, s.chatKey));

  const tick = (at: Date = now()): Promise<SlotResult[]> =>
    track(
      (async () => {
        if (stopped) return [];
        const subs = await mine();
        return Promise.all(subs.map((s) => runSubscription(deps, s, at)));
      })(),
    );

  const fire = (id: number) =>
    void track(
      (async () => {
        const sub = await getDigestSubscription(opts.db, id);
        if (stopped || !sub || sub.paused) return;
        await runSubscription(deps, sub, now(), { onTime: true });
      })().catch((e) => log.error('digest timer failed', { subscription: id, error: e })),
    );

  // One croner job per subscription, aimed at its next slot (computed zone-safe in schedule.ts) and re-aimed after
  // each firing; a change of schedule or time zone replaces it.
  const aim = (id: number, schedule: string, timezone: string, key: string) => {
    const next = nextSlot(schedule, timezone, now());
    if (!next || stopped) return void jobs.delete(id);
    const cron: Cron = new Cron(
      next,
      { utcOffset: 0, unref: true, catch: (e) => log.error('digest timer failed', { subscription: id, error: e }) },
      () => {
        fire(id);
        if (jobs.get(id)?.cron === cron) aim(id, schedule, timezone, key);
      },
    );
    jobs.set(id, { key, cron });
  };

  const arm = async () => {
    if (stopped || !timers) return;
    const subs = await mine();
    if (stopped) return;
    const want = new Map(subs.map((s) => [s.id, `${s.schedule}|${s.timezone}`]));
    for (const [id, job] of jobs) {
      if (want.get(id) === job.key) continue;
      job.cron.stop();
      jobs.delete(id);
    }
    for (const s of subs) {
      if (jobs.has(s.id)) continue;
      try {
        aim(s.id, s.schedule, s.timezone, want.get(s.id)!);
      } catch (e) {
        log.error('digest schedule not armed', { subscription: s.id, schedule: s.schedule, error: e });
      }
    }
  };

  // Serialised so two quick changes never arm the same subscription twice.
  let reloading: Promise<void> = Promise.resolve();
  const reload = (): Promise<void> => {
    const next = reloading.then(arm);
    reloading = next.catch((e) => log.error('digest reload failed', { error: e }));
    return track(next);
  };

  const unsubscribe = onDigestChange(() => void reload().catch(() => undefined));
  const poll =
    timers && (opts.reloadEveryMs ?? 60_000) > 0
      ? setInterval(() => void reload().catch(() => undefined), opts.reloadEveryMs ?? 60_000)
      : null;
  poll?.unref();

  // recovery first: the latest slot a dead process left `sending` is then taken, not reported twice
  const self = { ...thisProcess(deps.instanceId), ...opts.self, instanceId: deps.instanceId };
  const catchUp = async (): Promise<SlotResult[]> => {
    const at = now();
    const recovered = stopped
      ? []
      : await recoverAbandonedSlots(deps, at, self).catch((e: unknown) => {
          log.error('digest recovery of slots left sending failed', { error: e });
          return [];
        });
    const due = await tick(at);
    return [
      ...recovered,
      // the recovered slot is then taken (or, sent, leaves nothing due): reported once
      ...due.filter(
        (d) => !recovered.some((r) => r.subscriptionId === d.subscriptionId && (d.slot === r.slot || d.slot === null)),
      ),
    ];
  };
  const ready = track(reload().then(catchUp));
  ready.catch((e) => log.error('digest start-up catch-up failed', { error: e }));

  const stop = async () => {
    stopped = true;
    abort.abort();
    unsubscribe();
    if (poll) clearInterval(poll);
    for (const job of jobs.values()) job.cron.stop();
    jobs.clear();
    await Promise.allSettled([...inflight]);
  };

  return { ready, reload, tick, stop };
}

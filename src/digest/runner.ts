import type { Db } from '../../db/client.js';
import {
  claimDigestSlot,
  finishDigestSend,
  getChatSettings,
  setDigestPaused,
  type DigestSubscription,
} from '../../db/store.js';
import { ChatGoneError, type Sender } from '../chat/sender.js';
import { log } from '../log.js';
import type { Library } from '../query/ask.js';
import { buildDigest, buildDigestChart } from './content.js';
import { formatInZone, latestSlot } from './schedule.js';

const ON_TIME_MS = 5 * 60_000;
import { contentOf } from './spec.js';

export interface RunnerDeps {
  db: Db;
  lib: Library;
  senders: Sender[];
  instanceId: string;
  graceMs: number;
  lowRate: string;
  highRate: string;
  /** waits before each retry; its length is the number of retries */
  retryDelaysMs: number[];
  sleep: (ms: number) => Promise<void>;
}

export type SlotOutcome = 'none' | 'sent' | 'taken' | 'skipped' | 'failed' | 'paused' | 'no_sender';
/** image: only for a sender that can send images; its failure never changes the slot's outcome */
export interface SlotResult {
  subscriptionId: number;
  slot: string | null;
  outcome: SlotOutcome;
  attempts?: number;
  image?: 'sent' | 'none' | 'failed';
  /** a slot left `sending` by a process that died, handled at start (sent again once, or recorded failed) */
  recovered?: boolean;
}

export const senderFor = (senders: Sender[], chatKey: string): Sender | null =>
  senders.find((s) => s.transport === chatKey.split(':')[0]) ?? null;

/** Unit and year a subscription reports on: its own, else the chat's default unit and the latest year. */
async function scopeOf(
  deps: Pick<RunnerDeps, 'db' | 'lib'>,
  sub: DigestSubscription,
): Promise<{ unit: string | null; year: number | null }> {
  const unitId = sub.unitId ?? (await getChatSettings(deps.db, sub.chatKey))?.unitId ?? null;
  const views = (await deps.lib.directory()).reports;
  return { unit: unitId ? (views.find((v) => v.unitId === unitId)?.unitName ?? null) : null, year: sub.year };
}

export async function digestFor(
  deps: Pick<RunnerDeps, 'db' | 'lib' | 'lowRate' | 'highRate'>,
  sub: DigestSubscription,
  date: Date,
) {
  const scope = await scopeOf(deps, sub);
  return buildDigest(deps.lib, {
    ...scope,
    content: contentOf(sub.content),
    date,
    timezone: sub.timezone,
    lowRate: deps.lowRate,
    highRate: deps.highRate,
  });
}

/**
 * What one subscription owes at `now`: its latest slot after it became active and after the last slot sent.
 * Sent once if younger than the grace period, else recorded as skipped; either way claimed first, so a second
 * timer, process or restart sees it taken.
 */
export async function runSubscription(
  deps: RunnerDeps,
  sub: DigestSubscription,
  now: Date,
  opts: { onTime?: boolean } = {},
): Promise<SlotResult> {
  const base = { subscriptionId: sub.id };
  const sender = senderFor(deps.senders, sub.chatKey);
  if (!sender) return { ...base, slot: null, outcome: 'no_sender' };
  if (sub.paused) return { ...base, slot: null, outcome: 'none' };
  const from = [sub.activeSince, sub.lastSlotSent]
    .filter((x): x is string => !!x)
    .sort()
    .at(-1)!;
  const slotDate = latestSlot(sub.schedule, sub.timezone, new Date(from), now);
  if (!slotDate) return { ...base, slot: null, outcome: 'none' };
  const slot = slotDate.toISOString();
  const claim = { subscriptionId: sub.id, slot, instanceId: deps.instanceId, at: now.toISOString() };
  const ageMs = now.getTime() - slotDate.getTime();
  // A timer that fires late (busy event loop, suspended host) is still on time; the grace period is for catch-up.
  if (ageMs > (opts.onTime ? Math.max(deps.graceMs, ON_TIME_MS) : deps.graceMs)) {
    if (!(await claimDigestSlot(deps.db, { ...claim, status: 'skipped' }))) return { ...base, slot, outcome: 'taken' };
    log.warn('digest slot skipped: missed by more than the grace period', {
      subscription: sub.id,
      chat: sub.chatKey,
      slot,
      ageMinutes: Math.round(ageMs / 60000),
      graceMinutes: deps.graceMs / 60000,
    });
    return { ...base, slot, outcome: 'skipped' };
  }
  if (!(await claimDigestSlot(deps.db, { ...claim, status: 'sending' }))) return { ...base, slot, outcome: 'taken' };
  return deliver(deps, sub, slotDate, sender, now);
}

/** Builds and sends a claimed slot's digest with retries, and records how it ended. */
export async function deliver(
  deps: RunnerDeps,
  sub: DigestSubscription,
  slotDate: Date,
  sender: Sender,
  now: Date,
): Promise<SlotResult> {
  const slot = slotDate.toISOString();
  const fields = { subscription: sub.id, chat: sub.chatKey, slot };
  const finish = (status: 'sent' | 'failed', attempts: number, error: unknown = null) =>
    finishDigestSend(deps.db, {
      subscriptionId: sub.id,
      slot,
      status,
      attempts,
      error: error ? String(error instanceof Error ? error.message : error).slice(0, 500) : null,
    }).catch((e) => log.error('digest send result not recorded', { ...fields, error: e }));
  let attempts = 0;
  let lastError: unknown;
  try {
    const answer = await digestFor(deps, sub, slotDate);
    for (;;) {
      attempts++;
      try {
        await sender.send(sub.chatKey, answer);
        await finish('sent', attempts);
        log.info('digest sent', { ...fields, attempts });
        const image = sender.sendImage ? await sendChart(deps, sub, sender.sendImage.bind(sender), fields) : undefined;
        return { subscriptionId: sub.id, slot, outcome: 'sent', attempts, ...(image ? { image } : {}) };
      } catch (e) {
        if (e instanceof ChatGoneError) {
          const reason = `聊天不再接受消息（机器人被移出或被封禁），${formatInZone(now, sub.timezone)} 自动暂停`;
          await setDigestPaused(deps.db, sub.id, true, { reason });
          await finish('failed', attempts, e);
          log.warn('digest chat gone: subscription paused', { ...fields, error: e });
          return { subscriptionId: sub.id, slot, outcome: 'paused', attempts };
        }
        lastError = e;
        const delay = deps.retryDelaysMs[attempts - 1];
        if (delay === undefined) break;
        log.warn('digest send failed, will retry', { ...fields, attempt: attempts, retryInMs: delay, error: e });
        try {
          await deps.sleep(delay);
        } catch {
          break; // stopping: give up the remaining retries
        }
      }
    }
  } catch (e) {
    lastError = e;
  }
  await finish('failed', attempts, lastError);
  log.error('digest send failed', { ...fields, attempts, error: lastError });
  return { subscriptionId: sub.id, slot, outcome: 'failed', attempts };
}

/** After the slot is recorded as sent: at most one image, tried once; a failure is logged, the slot stays sent. */
async function sendChart(
  deps: RunnerDeps,
  sub: DigestSubscription,
  sendImage: NonNullable<Sender['sendImage']>,
  fields: Record<string, unknown>,
): Promise<'sent' | 'none' | 'failed'> {
  try {
    const chart = await buildDigestChart(deps.lib, { ...(await scopeOf(deps, sub)), content: contentOf(sub.content) });
    if (!chart) return 'none';
    await sendImage(sub.chatKey, chart.png, chart.caption);
    return 'sent';
  } catch (e) {
    log.warn('digest image not sent (the digest message was)', { ...fields, error: e });
    return 'failed';
  }
}

import { hostname } from 'node:os';
import {
  abandonDigestSlot,
  getDigestSubscription,
  listUnfinishedDigestSends,
  takeOverDigestSlot,
  type DigestSend,
} from '../../db/store.js';
import { log } from '../log.js';
import { deliver, senderFor, type RunnerDeps, type SlotResult } from './runner.js';

/** No live sender holds a slot this long (retries and their waits included): past it, its claimer is taken for dead. */
export const STALE_SENDING_MS = 30 * 60_000;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export interface ThisProcess {
  host: string;
  pid: number;
  instanceId: string;
  alive: (pid: number) => boolean;
}
export const thisProcess = (instanceId: string): ThisProcess => ({
  host: hostname(),
  pid: process.pid,
  instanceId,
  alive: isAlive,
});

/**
 * Whether the process that claimed a slot is gone. Instance ids are host#pid#random: on this host a pid that no
 * longer runs, or our own pid under another instance id (a restarted container), is certainly gone. Elsewhere (or
 * with a pid reused since) only time tells: a claim older than STALE_SENDING_MS.
 */
export function claimerGone(send: Pick<DigestSend, 'instanceId' | 'claimedAt'>, now: Date, self: ThisProcess): boolean {
  if (send.instanceId === self.instanceId) return false;
  const [host, pidText] = send.instanceId.split('#');
  const pid = Number(pidText);
  if (host === self.host && Number.isInteger(pid) && pid > 0 && (pid === self.pid || !self.alive(pid))) return true;
  return now.getTime() - new Date(send.claimedAt).getTime() > STALE_SENDING_MS;
}

/**
 * At start: the slots left `sending` by a process that died (killed, crashed, host restarted while the digest was
 * being sent). Each is sent again once if it is younger than the grace period, else recorded failed; one left
 * `sending` a second time is recorded failed. Each case is a log line. So a crash in the send window costs at most
 * one duplicate (the message went out, the crash came before it was recorded) and loses nothing within the grace.
 */
export async function recoverAbandonedSlots(deps: RunnerDeps, now: Date, self: ThisProcess): Promise<SlotResult[]> {
  const results: SlotResult[] = [];
  for (const send of await listUnfinishedDigestSends(deps.db)) {
    if (!claimerGone(send, now, self)) continue;
    const sub = await getDigestSubscription(deps.db, send.subscriptionId);
    const sender = sub && senderFor(deps.senders, sub.chatKey);
    // another transport's process recovers its own; a paused subscription owes nothing
    if (!sub || !sender || sub.paused) continue;
    const slotDate = new Date(send.slot);
    const ageMs = now.getTime() - slotDate.getTime();
    const fields = {
      subscription: sub.id,
      chat: sub.chatKey,
      slot: send.slot,
      deadInstance: send.instanceId,
      claimedAt: send.claimedAt,
    };
    const give = { subscriptionId: sub.id, slot: send.slot, fromInstance: send.instanceId, at: now.toISOString() };
    if (send.recovered || ageMs > deps.graceMs) {
      const why = send.recovered
        ? '发送中进程再次中断，不再重发'
        : `发送中进程中断，已超过补发宽限（${deps.graceMs / 60000} 分钟），不再重发`;
      if (!(await abandonDigestSlot(deps.db, { ...give, error: why }))) continue;
      log.warn(
        send.recovered
          ? 'digest slot left sending again after its one retry: recorded failed, not sent again'
          : 'digest slot left sending by a process that died, older than the grace period: recorded failed',
        { ...fields, ageMinutes: Math.round(ageMs / 60000), graceMinutes: deps.graceMs / 60000 },
      );
      results.push({ subscriptionId: sub.id, slot: send.slot, outcome: 'failed', recovered: true });
      continue;
    }
    if (!(await takeOverDigestSlot(deps.db, { ...give, instanceId: deps.instanceId }))) continue;
    log.warn('digest slot left sending by a process that died: sending it again, once', {
      ...fields,
      ageMinutes: Math.round(ageMs / 60000),
    });
    results.push({ ...(await deliver(deps, sub, slotDate, sender, now)), recovered: true });
  }
  return results;
}

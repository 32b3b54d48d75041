import { and, asc, eq, sql } from 'drizzle-orm';
import type { DigestContent } from '../../src/digest/spec.js';
import type { Db } from '../client.js';
import {
  digestSendsTable,
  digestSubscriptionsTable,
  type DigestSendRow,
  type DigestSubscriptionRow,
} from '../schema.js';
import { guard } from './guard.js';

export type DigestSubscription = DigestSubscriptionRow;
export type DigestSend = DigestSendRow;
export interface NewDigestSubscription {
  chatKey: string;
  schedule: string;
  scheduleLabel: string;
  timezone?: string;
  unitId?: number | null;
  year?: number | null;
  content: DigestContent;
  createdBy: string;
  createdAt?: string;
}

export async function addDigestSubscription(db: Db, input: NewDigestSubscription): Promise<DigestSubscription> {
  const createdAt = input.createdAt ?? new Date().toISOString();
  return guard('保存推送订阅', async () => {
    const [row] = await db.orm
      .insert(digestSubscriptionsTable)
      .values({
        ...input,
        unitId: input.unitId ?? null,
        year: input.year ?? null,
        createdAt,
        activeSince: createdAt,
        paused: false,
      })
      .returning();
    return row;
  });
}

/** Oldest first; `chatKey` limits to one chat, `active` to unpaused subscriptions. */
export async function listDigestSubscriptions(
  db: Db,
  filter: { chatKey?: string; active?: boolean } = {},
): Promise<DigestSubscription[]> {
  const where = and(
    filter.chatKey !== undefined ? eq(digestSubscriptionsTable.chatKey, filter.chatKey) : undefined,
    filter.active ? eq(digestSubscriptionsTable.paused, false) : undefined,
  );
  return guard('列出推送订阅', () =>
    db.orm.select().from(digestSubscriptionsTable).where(where).orderBy(asc(digestSubscriptionsTable.id)),
  );
}

export async function getDigestSubscription(db: Db, id: number): Promise<DigestSubscription | null> {
  return guard('读取推送订阅', async () => {
    const [row] = await db.orm.select().from(digestSubscriptionsTable).where(eq(digestSubscriptionsTable.id, id));
    return row ?? null;
  });
}

/** `chatKey` keeps one chat from touching another's subscriptions. */
export async function removeDigestSubscription(db: Db, id: number, chatKey?: string): Promise<boolean> {
  return guard('删除推送订阅', async () => {
    const rows = await db.orm
      .delete(digestSubscriptionsTable)
      .where(
        and(
          eq(digestSubscriptionsTable.id, id),
          chatKey !== undefined ? eq(digestSubscriptionsTable.chatKey, chatKey) : undefined,
        ),
      )
      .returning({ id: digestSubscriptionsTable.id });
    return rows.length > 0;
  });
}

/** Pausing records why; resuming clears it and restarts the "owed slots" clock at `at`. */
export async function setDigestPaused(
  db: Db,
  id: number,
  paused: boolean,
  opts: { reason?: string | null; chatKey?: string; at?: string } = {},
): Promise<DigestSubscription | null> {
  const at = opts.at ?? new Date().toISOString();
  const set = paused ? { paused, pausedReason: opts.reason ?? null } : { paused, pausedReason: null, activeSince: at };
  return guard('更新推送订阅', async () => {
    const [row] = await db.orm
      .update(digestSubscriptionsTable)
      .set(set)
      .where(
        and(
          eq(digestSubscriptionsTable.id, id),
          opts.chatKey !== undefined ? eq(digestSubscriptionsTable.chatKey, opts.chatKey) : undefined,
        ),
      )
      .returning();
    return row ?? null;
  });
}

/**
 * Claims one slot of an active subscription: true for the one caller whose insert lands, false for everyone else
 * (another timer, another process, a restart) and for a subscription removed or paused meanwhile.
 */
export async function claimDigestSlot(
  db: Db,
  claim: { subscriptionId: number; slot: string; status: 'sending' | 'skipped'; instanceId: string; at?: string },
): Promise<boolean> {
  const claimedAt = claim.at ?? new Date().toISOString();
  return guard('占用推送时段', () =>
    db.withTransaction(async (orm) => {
      const [sub] = await orm
        .select({ paused: digestSubscriptionsTable.paused })
        .from(digestSubscriptionsTable)
        .where(eq(digestSubscriptionsTable.id, claim.subscriptionId));
      if (!sub || sub.paused) return false;
      const rows = await orm
        .insert(digestSendsTable)
        .values({
          subscriptionId: claim.subscriptionId,
          slot: claim.slot,
          status: claim.status,
          instanceId: claim.instanceId,
          claimedAt,
        })
        .onConflictDoNothing({ target: [digestSendsTable.subscriptionId, digestSendsTable.slot] })
        .returning({ id: digestSendsTable.id });
      return rows.length > 0;
    }),
  );
}

/** Records how a claimed slot ended; a sent slot also becomes the subscription's last slot sent. */
export async function finishDigestSend(
  db: Db,
  done: {
    subscriptionId: number;
    slot: string;
    status: 'sent' | 'failed';
    attempts: number;
    error?: string | null;
    at?: string;
  },
): Promise<void> {
  const finishedAt = done.at ?? new Date().toISOString();
  return guard('记录推送结果', () =>
    db.withTransaction(async (orm) => {
      const key = and(eq(digestSendsTable.subscriptionId, done.subscriptionId), eq(digestSendsTable.slot, done.slot));
      await orm
        .update(digestSendsTable)
        .set({ status: done.status, attempts: done.attempts, error: done.error ?? null, finishedAt })
        .where(key);
      if (done.status !== 'sent') return;
      // ISO instants in UTC compare as text; a late finisher never moves last_slot_sent backwards.
      await orm
        .update(digestSubscriptionsTable)
        .set({ lastSlotSent: done.slot })
        .where(
          and(
            eq(digestSubscriptionsTable.id, done.subscriptionId),
            sql`coalesce(${digestSubscriptionsTable.lastSlotSent}, '') < ${done.slot}`,
          ),
        );
    }),
  );
}

export async function listDigestSends(db: Db, subscriptionId: number): Promise<DigestSend[]> {
  return guard('列出推送记录', () =>
    db.orm
      .select()
      .from(digestSendsTable)
      .where(eq(digestSendsTable.subscriptionId, subscriptionId))
      .orderBy(asc(digestSendsTable.slot)),
  );
}

/** Slots claimed for sending and not finished: being sent right now, or left by a process that died. */
export async function listUnfinishedDigestSends(db: Db): Promise<DigestSend[]> {
  return guard('列出未完成的推送', () =>
    db.orm
      .select()
      .from(digestSendsTable)
      .where(eq(digestSendsTable.status, 'sending'))
      .orderBy(asc(digestSendsTable.slot)),
  );
}

/**
 * Takes over a slot left `sending` by `fromInstance` (a process that died), once: true for the one caller whose
 * update lands; false when another process took it first, it was finished meanwhile, it was taken over before, or
 * its subscription was removed or paused.
 */
export async function takeOverDigestSlot(
  db: Db,
  t: { subscriptionId: number; slot: string; fromInstance: string; instanceId: string; at?: string },
): Promise<boolean> {
  const claimedAt = t.at ?? new Date().toISOString();
  return guard('接管推送时段', () =>
    db.withTransaction(async (orm) => {
      const [sub] = await orm
        .select({ paused: digestSubscriptionsTable.paused })
        .from(digestSubscriptionsTable)
        .where(eq(digestSubscriptionsTable.id, t.subscriptionId));
      if (!sub || sub.paused) return false;
      const rows = await orm
        .update(digestSendsTable)
        .set({ instanceId: t.instanceId, claimedAt, recovered: true })
        .where(
          and(
            eq(digestSendsTable.subscriptionId, t.subscriptionId),
            eq(digestSendsTable.slot, t.slot),
            eq(digestSendsTable.status, 'sending'),
            eq(digestSendsTable.instanceId, t.fromInstance),
            eq(digestSendsTable.recovered, false),
          ),
        )
        .returning({ id: digestSendsTable.id });
      return rows.length > 0;
    }),
  );
}

/** Records a slot left `sending` by a process that died as failed, with why it is not sent again. */
export async function abandonDigestSlot(
  db: Db,
  a: { subscriptionId: number; slot: string; fromInstance: string; error: string; at?: string },
): Promise<boolean> {
  return guard('记录放弃的推送', async () => {
    const rows = await db.orm
      .update(digestSendsTable)
      .set({ status: 'failed', error: a.error, finishedAt: a.at ?? new Date().toISOString() })
      .where(
        and(
          eq(digestSendsTable.subscriptionId, a.subscriptionId),
          eq(digestSendsTable.slot, a.slot),
          eq(digestSendsTable.status, 'sending'),
          eq(digestSendsTable.instanceId, a.fromInstance),
        ),
      )
      .returning({ id: digestSendsTable.id });
    return rows.length > 0;
  });
}

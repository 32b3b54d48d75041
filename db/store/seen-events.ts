import { lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { seenEventsTable } from '../schema.js';
import { guard } from './guard.js';

/**
 * Records the keys of one event (its event_id, its message_id) in one statement: true when none was seen before,
 * false when any was. One INSERT is atomic, so of two deliveries of the same event at once exactly one is first.
 */
export async function markEventSeen(db: Db, keys: string[], at: string): Promise<boolean> {
  if (keys.length === 0) return true;
  return guard('记录已处理事件', async () => {
    const inserted = await db.orm
      .insert(seenEventsTable)
      .values(keys.map((key) => ({ key, seenAt: at })))
      .onConflictDoNothing()
      .returning({ key: seenEventsTable.key });
    return inserted.length === keys.length;
  });
}

/** Forgets events seen before `before` (ISO instant); returns how many. */
export async function pruneSeenEvents(db: Db, before: string): Promise<number> {
  return guard('清理已处理事件', async () => {
    const rows = await db.orm
      .delete(seenEventsTable)
      .where(lt(seenEventsTable.seenAt, before))
      .returning({ key: seenEventsTable.key });
    return rows.length;
  });
}

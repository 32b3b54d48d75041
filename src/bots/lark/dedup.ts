import type { Db } from '../../../db/client.js';
import { markEventSeen, pruneSeenEvents } from '../../../db/store/seen-events.js';
import { log } from '../../log.js';
import { SeenSet } from './queue.js';

/** Lark re-sends an event not acknowledged within 3 s for hours (15 s, 5 min, 1 h, 6 h): remember keys a day. */
export const EVENT_DEDUP_TTL_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

/**
 * Which events were already taken, kept in the store so that a restart (or a second process on the same store)
 * does not answer a redelivered event again. Should the store fail, the keys this process saw still count.
 */
export class EventLedger {
  private readonly recent = new SeenSet(5000);
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = EVENT_DEDUP_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** True for the first delivery of an event (none of its keys seen before), false for a repeat. */
  async first(keys: string[]): Promise<boolean> {
    if (keys.some((k) => this.recent.has(k))) return false;
    for (const k of keys) this.recent.add(k);
    const at = this.now();
    try {
      if (at - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = at;
        await pruneSeenEvents(this.db, new Date(at - this.ttlMs).toISOString());
      }
      return await markEventSeen(this.db, keys, new Date(at).toISOString());
    } catch (e) {
      log.error('lark event de-duplication store failed; using this process memory', { error: e });
      return true;
    }
  }
}

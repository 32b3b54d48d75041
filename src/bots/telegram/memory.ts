import { randomBytes } from 'node:crypto';
import type { ButtonTarget } from '../../render/telegram.js';

/** What a button's token stands for, bound to the chat it was sent to. */
export type CallbackEntry = ButtonTarget & { chatKey: string };

/**
 * Button tokens → their targets, in memory: least recently used evicted first, each expiring after `ttlMs`.
 * A restart forgets them all; the bot then answers 「按钮已过期，请重新提问」.
 */
export class CallbackStore {
  private readonly map = new Map<string, { entry: CallbackEntry; expires: number }>();
  constructor(private readonly max = 500, private readonly ttlMs = 24 * 3600_000, private readonly now: () => number = Date.now) {}

  put(entry: CallbackEntry): string {
    let token = randomBytes(6).toString('base64url');
    while (this.map.has(token)) token = randomBytes(6).toString('base64url');
    this.map.set(token, { entry, expires: this.now() + this.ttlMs });
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
    return token;
  }

  get(token: string): CallbackEntry | null {
    const hit = this.map.get(token);
    if (!hit) return null;
    this.map.delete(token);
    if (hit.expires < this.now()) return null;
    this.map.set(token, hit);
    return hit.entry;
  }

  get size(): number { return this.map.size; }
}

/** Remembers the last `max` keys: `first(k)` is true only the first time k is seen. */
export class RecentKeys<K> {
  private readonly seen = new Set<K>();
  constructor(private readonly max = 2000) {}
  first(key: K): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > this.max) this.seen.delete(this.seen.values().next().value as K);
    return true;
  }
}

import { TokenStore } from '../../chat/tokens.js';
import type { ButtonTarget } from '../../render/telegram.js';

/** What a button's token stands for, bound to the chat it was sent to. */
export type CallbackEntry = ButtonTarget & { chatKey: string };

/** Telegram's button tokens (see TokenStore): the bot keeps them in the store under scope 'telegram'. */
export class CallbackStore extends TokenStore<CallbackEntry> {}

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

/**
 * Albums (several documents sent at once) arrive as one message per document sharing a media_group_id, the caption
 * only on the one the user wrote it on. A group whose captioned document was `/import` stays open for `ttlMs`: the
 * same user's later documents of it are imported too. Documents seen before the caption are held for as long, then
 * imported with it.
 */
export class MediaGroups<D> {
  private readonly groups = new Map<string, { expires: number; command: string | null; held: D[] }>();
  constructor(
    private readonly ttlMs = 60_000,
    private readonly max = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  private get(group: string, userId: string) {
    const key = `${group}\u0000${userId}`;
    const g = this.groups.get(key);
    if (g && g.expires >= this.now()) return g;
    const fresh = { expires: this.now() + this.ttlMs, command: null as string | null, held: [] as D[] };
    this.groups.delete(key);
    this.groups.set(key, fresh);
    // oldest first: drop the expired, and the oldest past `max`
    for (const [k, v] of this.groups)
      if (this.groups.size > this.max || v.expires < this.now()) this.groups.delete(k);
      else break;
    return fresh;
  }

  /** The caption's command opens the group; returns the documents held so far (now to be imported). */
  open(group: string, userId: string, command: string): D[] {
    const g = this.get(group, userId);
    g.command = command;
    return g.held.splice(0);
  }

  /** A document without a caption: the command to import it with when the group is open, else held (null). */
  follow(group: string, userId: string, doc: D): string | null {
    const g = this.get(group, userId);
    if (g.command !== null) return g.command;
    // an album holds at most 10 documents
    if (g.held.length < 20) g.held.push(doc);
    return null;
  }
}

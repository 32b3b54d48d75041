import { TokenStore } from '../../chat/tokens.js';
import type { ButtonTarget } from '../../render/telegram.js';

/** What a button's token stands for, bound to the chat it was sent to. */
export type CallbackEntry = ButtonTarget & { chatKey: string };

/** Telegram's button tokens (see TokenStore). */
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

/** What a user over the limit is told, in either chat. */
export const RATE_LIMITED = '提问太频繁了，请稍等几秒再问。';

/**
 * At most `limit` requests per user in any `windowMs` (a sliding window). Over it, the first refusal in a window is
 * to be told to the user ('tell'); the rest are dropped silently ('drop'), so a flood gets one reply, not one each.
 * Users seen least recently are forgotten past `maxUsers`.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly told = new Map<string, number>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxUsers = 10_000,
  ) {}

  take(user: string): 'ok' | 'tell' | 'drop' {
    const t = this.now();
    const recent = (this.hits.get(user) ?? []).filter((x) => t - x < this.windowMs);
    this.hits.delete(user);
    if (recent.length < this.limit) {
      recent.push(t);
      this.hits.set(user, recent);
      while (this.hits.size > this.maxUsers) this.hits.delete(this.hits.keys().next().value as string);
      return 'ok';
    }
    this.hits.set(user, recent);
    const last = this.told.get(user);
    if (last !== undefined && t - last < this.windowMs) return 'drop';
    this.told.set(user, t);
    if (this.told.size > this.maxUsers) this.told.delete(this.told.keys().next().value as string);
    return 'tell';
  }
}

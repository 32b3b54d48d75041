import { randomBytes } from 'node:crypto';

/**
 * Button tokens → their targets, in memory: least recently used evicted first, each expiring after `ttlMs`.
 * A restart forgets them all; the bots then answer 「按钮已过期，请重新提问」.
 */
export class TokenStore<E> {
  private readonly map = new Map<string, { entry: E; expires: number }>();
  constructor(
    private readonly max = 500,
    private readonly ttlMs = 24 * 3600_000,
    private readonly now: () => number = Date.now,
  ) {}

  put(entry: E): string {
    let token = randomBytes(6).toString('base64url');
    while (this.map.has(token)) token = randomBytes(6).toString('base64url');
    this.map.set(token, { entry, expires: this.now() + this.ttlMs });
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
    return token;
  }

  get(token: string): E | null {
    const hit = this.map.get(token);
    if (!hit) return null;
    this.map.delete(token);
    if (hit.expires < this.now()) return null;
    this.map.set(token, hit);
    return hit.entry;
  }

  get size(): number {
    return this.map.size;
  }
}

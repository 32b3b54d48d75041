import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import {
  type ButtonToken,
  loadButtonToken,
  pruneButtonTokens,
  saveButtonTokens,
} from '../../db/store/button-tokens.js';
import { log } from '../log.js';
import { decodeTarget, encodeTarget } from './token-codec.js';

/** How long a button works after it was sent. */
export const TOKEN_TTL_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

export interface TokenStoreOptions {
  /** tokens kept in memory (least recently used evicted first); the store keeps all until they expire */
  max?: number;
  ttlMs?: number;
  now?: () => number;
  /** the store table button_tokens under `scope` ('telegram', 'lark'): buttons keep working after a restart */
  persist?: { db: Db; scope: string };
}

/**
 * Button tokens → their targets (看图, 导出Excel, a clarify candidate's question, the pages of a long table): a button
 * carries only the short token (Telegram's callback_data is at most 64 bytes, a Lark card's value is kept small), the
 * target stays here. In memory, and with `persist` also in the store, so that a button pressed after a restart still
 * works; each expires after `ttlMs`, then the bots answer 「按钮已过期，请重新提问」.
 *
 * `put` is synchronous (renderers mint tokens while they lay a message out); its store write is queued, and `flush`
 * waits for it: transports flush before sending, so no button goes out before its target is stored.
 */
export class TokenStore<E> {
  private readonly map = new Map<string, { entry: E; expires: number }>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly persist?: { db: Db; scope: string };
  private pending: Promise<void> = Promise.resolve();
  /** tokens put whose store write has not started */
  private unsaved: ButtonToken[] = [];
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(opts: TokenStoreOptions = {}) {
    this.max = opts.max ?? 500;
    this.ttlMs = opts.ttlMs ?? TOKEN_TTL_MS;
    this.now = opts.now ?? Date.now;
    this.persist = opts.persist;
  }

  put(entry: E): string {
    // 72 random bits: unique across the week of tokens the store keeps
    let token = randomBytes(9).toString('base64url');
    while (this.map.has(token)) token = randomBytes(9).toString('base64url');
    const now = this.now();
    const expires = now + this.ttlMs;
    this.map.set(token, { entry, expires });
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
    if (this.persist) this.save(token, entry, now, expires);
    return token;
  }

  async get(token: string): Promise<E | null> {
    const hit = this.map.get(token);
    if (hit) {
      this.map.delete(token);
      if (hit.expires < this.now()) return null;
      this.map.set(token, hit);
      return hit.entry;
    }
    if (!this.persist) return null;
    try {
      await this.pending;
      const text = await loadButtonToken(
        this.persist.db,
        this.persist.scope,
        token,
        new Date(this.now()).toISOString(),
      );
      return text === null ? null : decodeTarget<E>(text);
    } catch (e) {
      log.error('button token not read from the store', { scope: this.persist.scope, error: e });
      return null;
    }
  }

  /** Resolves when every token put so far is in the store (failures are logged: those buttons live in memory only). */
  flush(): Promise<void> {
    return this.pending;
  }

  get size(): number {
    return this.map.size;
  }

  private save(token: string, entry: E, now: number, expires: number): void {
    const { db, scope } = this.persist!;
    this.unsaved.push({
      scope,
      token,
      payload: encodeTarget(entry),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(expires).toISOString(),
    });
    if (this.unsaved.length > 1) return; // a write is already queued: it takes this token too
    this.pending = this.pending
      .then(async () => {
        // every token put until this write starts goes in its one commit (an answer's buttons are minted together)
        const rows = this.unsaved;
        this.unsaved = [];
        const at = this.now();
        if (at - this.lastPrune >= PRUNE_EVERY_MS) {
          this.lastPrune = at;
          await pruneButtonTokens(db, new Date(at).toISOString());
        }
        await saveButtonTokens(db, rows);
      })
      .catch((e: unknown) => log.error('button token not saved to the store', { scope, error: e }));
  }
}

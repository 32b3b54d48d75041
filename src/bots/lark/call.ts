import { setTimeout as delay } from 'node:timers/promises';
import { CTenantAccessToken, type Client } from '@larksuiteoapi/node-sdk';
import { log } from '../../log.js';

/** The part of the SDK Client we call; tests pass the real Client with a stubbed httpInstance. */
export type LarkClient = Pick<Client, 'im' | 'request' | 'cache' | 'appId'>;

/** A Lark API answer with a non-zero `code` (HTTP 200 with an error body, or an axios error's body). */
export class LarkApiError extends Error {
  constructor(
    readonly code: number,
    msg: string,
    options?: { cause?: unknown },
  ) {
    super(`lark api error ${code}: ${msg}`, options);
    this.name = 'LarkApiError';
  }
}

type HttpFailure = { response?: { status?: unknown; data?: { code?: unknown }; headers?: Record<string, unknown> } };

/** The Lark error code of a failed call: our LarkApiError, or the body of the SDK's axios error. */
export function larkCode(e: unknown): number | null {
  if (e instanceof LarkApiError) return e.code;
  const body = (e as HttpFailure | null)?.response?.data;
  return typeof body?.code === 'number' ? body.code : null;
}

export const check = <T extends { code?: number; msg?: string } | null | undefined>(r: T): T => {
  if (r && typeof r.code === 'number' && r.code !== 0) throw new LarkApiError(r.code, r.msg ?? '');
  return r;
};

/**
 * Lark's frequency control: HTTP 429 (400 on older APIs) with code 99991400 (open.feishu.cn, 频控策略); 230020, a
 * message send over the per-chat frequency limit (im/v1 message docs).
 */
const RATE_LIMITED = new Set([99991400, 230020]);
/** The tenant token was refused (invalid, or expired before the SDK's cache thought). */
const TOKEN_REFUSED = 99991663;

export interface RateLimitRetry {
  /** retries after a rate-limited answer */
  retries: number;
  /** Lark asks for a longer wait than this (x-ogw-ratelimit-reset): give up rather than hold the chat's queue */
  maxWaitMs: number;
  /** the wait when Lark names none */
  defaultWaitMs: number;
}
export const RATE_LIMIT_RETRY: RateLimitRetry = { retries: 3, maxWaitMs: 60_000, defaultWaitMs: 1_000 };

const rateLimited = (e: unknown) =>
  RATE_LIMITED.has(larkCode(e) ?? -1) || (e as HttpFailure | null)?.response?.status === 429;

/** x-ogw-ratelimit-reset: seconds until the window reopens. */
const resetMs = (e: unknown): number | null => {
  const raw = (e as HttpFailure | null)?.response?.headers?.['x-ogw-ratelimit-reset'];
  const s = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(s) && s >= 0 ? Math.ceil(s * 1000) : null;
};

/** Drops the cached tenant token: the SDK fetches a new one for the next request. */
const forgetToken = (client: LarkClient) => client.cache.set(CTenantAccessToken, '', 1, { namespace: client.appId });

/**
 * One Lark API call. A rate-limited answer is retried after the wait Lark names (x-ogw-ratelimit-reset), at most
 * `retries` times and never sooner; a refused tenant token is dropped and the call made once more with a new one.
 * Anything else is thrown as it came. Each retry is a log line.
 */
export async function callLark<T>(
  client: LarkClient,
  what: string,
  call: () => Promise<T>,
  policy: RateLimitRetry = RATE_LIMIT_RETRY,
): Promise<T> {
  let tokenRenewed = false;
  for (let retries = 0; ; ) {
    try {
      return await call();
    } catch (e) {
      if (larkCode(e) === TOKEN_REFUSED && !tokenRenewed) {
        tokenRenewed = true;
        log.warn('lark tenant token refused, fetching a new one', { call: what });
        await forgetToken(client);
        continue;
      }
      if (!rateLimited(e) || retries >= policy.retries) throw e;
      const waitMs = resetMs(e) ?? policy.defaultWaitMs;
      if (waitMs > policy.maxWaitMs) throw e;
      retries++;
      log.warn('lark rate limit, retrying', { call: what, attempt: retries, retryInMs: waitMs });
      await delay(waitMs);
    }
  }
}

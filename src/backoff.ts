import { setTimeout as delay } from 'node:timers/promises';
import { log } from './log.js';

/** Waits between attempts: `minMs` after the first failure, doubling up to `maxMs`. */
export interface Backoff {
  minMs: number;
  maxMs: number;
}
export const DEFAULT_BACKOFF: Backoff = { minMs: 1_000, maxMs: 5 * 60_000 };

/** The wait after `failures` failures in a row, with up to 20% jitter so that restarted processes do not align. */
export const backoffDelay = (failures: number, b: Backoff, random: () => number = Math.random): number => {
  const base = Math.min(b.maxMs, b.minMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
};

export interface RetryOptions {
  backoff?: Backoff;
  /** aborted: no more attempts, resolves null */
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Runs `attempt` until it succeeds, waiting longer after each failure; each failure is a log line naming `what`, the
 * attempt and the wait (the error redacted like every log line). Never rejects: resolves with the result, or null
 * once `signal` aborts.
 */
export async function retryWithBackoff<T>(
  what: string,
  attempt: () => Promise<T>,
  opts: RetryOptions = {},
): Promise<T | null> {
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const sleep = opts.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  for (let failures = 0; !opts.signal?.aborted; ) {
    try {
      return await attempt();
    } catch (e) {
      if (opts.signal?.aborted) break;
      failures++;
      const waitMs = backoffDelay(failures, backoff);
      log.warn(`${what} failed, retrying`, { attempt: failures, retryInMs: waitMs, error: e });
      try {
        await sleep(waitMs, opts.signal);
      } catch {
        break; // aborted while waiting
      }
    }
  }
  return null;
}

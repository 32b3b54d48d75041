import { Client, DefaultCache, type HttpInstance, LoggerLevel } from '@larksuiteoapi/node-sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchBotOpenId } from '../../src/bots/lark/api.js';
import { callLark, LarkApiError, type RateLimitRetry } from '../../src/bots/lark/call.js';
import { quiet } from './lark-harness.js';

// One Lark API call: a rate limit waited out as Lark says and retried (bounded), a refused tenant token renewed once,
// anything else thrown as it came. The waits here are 0 s (Lark's header), so nothing is timed.

afterEach(() => vi.restoreAllMocks());
const silence = () => vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

/** An axios error as the SDK throws it for a non-2xx answer. */
const httpError = (status: number, code: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`Request failed with status code ${status}`), {
    response: { status, data: { code, msg: 'x' }, headers },
  });
const limited = (reset?: string) =>
  httpError(429, 99991400, reset === undefined ? {} : { 'x-ogw-ratelimit-reset': reset });

/** Fails with `errors` in turn, then answers 'ok'. */
const failing = (...errors: unknown[]) => {
  let calls = 0;
  const call = vi.fn(async () => {
    const e = errors[calls++];
    if (e) throw e;
    return 'ok';
  });
  return call;
};

const client = () =>
  new Client({ appId: 'cli_0123456789abcdef', appSecret: 's', cache: new DefaultCache(), logger: quiet });
const policy: RateLimitRetry = { retries: 3, maxWaitMs: 60_000, defaultWaitMs: 0 };

describe('callLark', () => {
  it.each([
    ['HTTP 429 with the reset header', [limited('0')], 2],
    ['code 99991400 on HTTP 400 (older APIs), no header', [httpError(400, 99991400)], 2],
    ['code 99991400 in an HTTP 200 body', [new LarkApiError(99991400, 'request trigger frequency limit')], 2],
    ['three in a row', [limited('0'), limited('0'), limited('0')], 4],
    ['code 230020, the per-chat message frequency limit', [new LarkApiError(230020, 'frequency limit')], 2],
  ])('retries a rate limit: %s', async (_, errors, calls) => {
    const log = silence();
    const call = failing(...errors);
    expect(await callLark(client(), 'message reply', call, policy)).toBe('ok');
    expect(call).toHaveBeenCalledTimes(calls);
    expect(log.mock.calls.filter(([l]) => String(l).includes('lark rate limit, retrying'))).toHaveLength(calls - 1);
  });

  it.each([
    ['a fourth rate limit', [limited('0'), limited('0'), limited('0'), limited('0')], 4],
    ['a wait past the bound (Lark asks for 61 s)', [limited('61')], 1],
    ['a permission error (99991672)', [httpError(400, 99991672)], 1],
    ['a server error', [httpError(500, 1)], 1],
    ['no answer at all', [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })], 1],
  ])('throws, as it came: %s', async (_, errors, calls) => {
    silence();
    const call = failing(...errors);
    await expect(callLark(client(), 'message reply', call, policy)).rejects.toBe(errors.at(-1));
    expect(call).toHaveBeenCalledTimes(calls);
  });

  it('renews a refused tenant token once: the SDK fetches a new one and the call is made with it', async () => {
    silence();
    const issued: string[] = [];
    const seen: string[] = [];
    const request = async (o: { url?: string; headers?: Record<string, string> }) => {
      if (o.url?.endsWith('/tenant_access_token/internal')) {
        issued.push(`t-${issued.length + 1}`);
        return { code: 0, tenant_access_token: issued.at(-1), expire: 7200 };
      }
      const token = String(o.headers?.Authorization).replace('Bearer ', '');
      seen.push(token);
      // the first token is refused, as Lark refuses a token it no longer accepts
      if (token === 't-1') throw httpError(400, 99991663);
      return { code: 0, bot: { open_id: 'ou_bot' } };
    };
    const http = {
      request,
      post: (url: string, _data: unknown, o: object = {}) => request({ ...o, url }),
    } as unknown as HttpInstance;
    const lark = new Client({
      appId: 'cli_0123456789abcdef',
      appSecret: 's',
      cache: new DefaultCache(),
      httpInstance: http,
      logger: quiet,
      loggerLevel: LoggerLevel.error,
    });
    expect(await fetchBotOpenId(lark)).toBe('ou_bot');
    expect(issued).toEqual(['t-1', 't-2']);
    expect(seen).toEqual(['t-1', 't-2']);
  });

  it('renews the token only once: a second refusal is thrown', async () => {
    silence();
    const call = failing(httpError(400, 99991663), httpError(400, 99991663));
    await expect(callLark(client(), 'bot info', call, policy)).rejects.toMatchObject({
      response: { data: { code: 99991663 } },
    });
    expect(call).toHaveBeenCalledTimes(2);
  });
});

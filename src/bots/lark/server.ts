import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type EventDispatcher, generateChallenge } from '@larksuiteoapi/node-sdk';
import { log } from '../../log.js';
import { checkTimestamp, readLimitedBody, signatureValid } from './webhook-request.js';

/** Request URLs to enter in the developer console: events, and card callbacks. */
export const EVENT_PATH = '/webhook/event';
export const CARD_PATH = '/webhook/card';
const PATHS = new Set([EVENT_PATH, CARD_PATH]);

export interface WebhookOptions {
  dispatcher: EventDispatcher;
  /** LARK_ENCRYPT_KEY: decrypts bodies and signs requests */
  encryptKey: string;
  /** a body past this is answered 413 and not read further */
  maxBodyBytes: number;
  /** a request dated further than this from now is refused */
  maxSkewSeconds: number;
  now?: () => number;
}

const answer = (res: ServerResponse, status: number, body: unknown, close = false) => {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(body === undefined ? '' : JSON.stringify(body));
};

/**
 * Webhook mode: one dispatcher serves both URLs (callbacks of schema 2.0 are dispatched by type like events).
 * Nothing unauthenticated is read whole: the body is limited before it is parsed (413, and the connection closed
 * so the rest is never read), a request whose signed timestamp is outside the window is refused before its body is
 * read, and the signature is checked before the dispatcher sees the event. The url_verification challenge, which
 * Lark sends encrypted with the encrypt key while the URL is being configured, is answered without a signature.
 */
export function createWebhookServer(opts: WebhookOptions): Server {
  const now = opts.now ?? Date.now;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '';
    if (req.method !== 'POST' || !PATHS.has(path)) {
      req.resume();
      return answer(res, 404, undefined);
    }
    const where = { path, from: req.socket.remoteAddress };
    const time = checkTimestamp(req.headers, now(), opts.maxSkewSeconds);
    if (!time.ok && time.reason === 'stale') {
      log.warn('lark webhook refused: request timestamp outside the window', {
        ...where,
        skewSeconds: time.skewSeconds,
        windowSeconds: opts.maxSkewSeconds,
      });
      return answer(res, 401, { msg: 'stale request' }, true);
    }
    const body = await readLimitedBody(req, opts.maxBodyBytes);
    if (body === 'too_large') {
      log.warn('lark webhook refused: body too large', { ...where, maxBytes: opts.maxBodyBytes });
      return answer(res, 413, { msg: 'request body too large' }, true);
    }
    let parsed: Record<string, unknown>;
    try {
      const v: unknown = JSON.parse(body.toString('utf8'));
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      parsed = v as Record<string, unknown>;
    } catch {
      return answer(res, 400, { msg: 'bad request body' });
    }
    // the SDK reads headers off the data's prototype (not serialised into the signed body)
    const data = Object.assign(Object.create({ headers: req.headers }) as object, parsed);
    let challenge: ReturnType<typeof generateChallenge>;
    try {
      challenge = generateChallenge(data, { encryptKey: opts.encryptKey });
    } catch {
      return answer(res, 400, { msg: 'cannot decrypt' });
    }
    if (challenge.isChallenge) return answer(res, 200, challenge.challenge);
    if (!time.ok) {
      log.warn('lark webhook refused: no request timestamp', where);
      return answer(res, 401, { msg: 'unsigned request' });
    }
    if (!signatureValid(req.headers, parsed, opts.encryptKey)) {
      log.warn('lark webhook refused: bad signature', where);
      return answer(res, 401, { msg: 'bad signature' });
    }
    answer(res, 200, await opts.dispatcher.invoke(data));
  };
  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.error('lark webhook failed', { path: req.url, error: e });
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * Reads a request body of at most `maxBytes`. A declared Content-Length over the limit is refused before a byte is
 * read; a body that grows past it (chunked, or longer than declared) is refused at that chunk, and the stream is
 * paused: what was read is dropped, the rest is never read.
 */
export function readLimitedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.pause();
    return Promise.resolve('too_large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        req.pause();
        chunks.length = 0;
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onError = (e: Error) => {
      stop();
      reject(e);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export type TimestampCheck = { ok: true } | { ok: false; reason: 'missing' | 'stale'; skewSeconds?: number };

/**
 * X-Lark-Request-Timestamp (Unix seconds, covered by the signature) within `maxSkewSeconds` of `nowMs`: an old signed
 * request replayed later is refused even though its signature is still valid.
 */
export function checkTimestamp(headers: IncomingHttpHeaders, nowMs: number, maxSkewSeconds: number): TimestampCheck {
  const raw = header(headers, 'x-lark-request-timestamp');
  if (!raw || !/^\d{1,12}$/.test(raw)) return { ok: false, reason: 'missing' };
  const skewSeconds = Math.round(nowMs / 1000 - Number(raw));
  return Math.abs(skewSeconds) <= maxSkewSeconds ? { ok: true } : { ok: false, reason: 'stale', skewSeconds };
}

/**
 * X-Lark-Signature = sha256(timestamp + nonce + encrypt key + body), the body as the SDK re-serialises it (the SDK's
 * own check in EventDispatcher.invoke computes the same; it is done here first to answer 401 instead of 200).
 */
export function signatureValid(headers: IncomingHttpHeaders, body: unknown, encryptKey: string): boolean {
  const ts = header(headers, 'x-lark-request-timestamp') ?? '';
  const nonce = header(headers, 'x-lark-request-nonce') ?? '';
  const given = header(headers, 'x-lark-signature') ?? '';
  const want = createHash('sha256')
    .update(ts + nonce + encryptKey + JSON.stringify(body))
    .digest('hex');
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Client, DefaultCache, LoggerLevel, type HttpInstance, type HttpRequestOptions } from '@larksuiteoapi/node-sdk';
import type { LarkCard } from '../../src/render/lark.js';

export const REPORT = 'test/fixtures/reports/yanggu-zfb-2020-juesuan.txt';
export const BOT = 'ou_bot';
export const ADMIN = 'ou_admin';
export const USER = 'ou_user';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

export interface Call {
  method: string;
  url: string;
  params?: Record<string, unknown>;
  data?: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

/** The SDK's real Client over a fake HTTP layer: records every request, answers like the Lark API. */
export function fakeLark(
  opts: {
    file?: Buffer;
    files?: Record<string, Buffer>;
    failSend?: { status: number; code: number; msg: string };
    failDownload?: boolean;
    failImage?: boolean;
    failUpload?: boolean;
  } = {},
) {
  const calls: Call[] = [];
  const request = async (o: HttpRequestOptions<unknown>): Promise<unknown> => {
    const call: Call = {
      method: (o.method ?? 'GET').toUpperCase(),
      url: o.url ?? '',
      params: o.params,
      data: o.data as Record<string, unknown>,
      headers: o.headers,
    };
    calls.push(call);
    const path = new URL(call.url).pathname;
    if (path === '/open-apis/auth/v3/tenant_access_token/internal')
      return { code: 0, tenant_access_token: 't-test', expire: 7200 };
    if (path === '/open-apis/bot/v3/info') return { code: 0, msg: 'ok', bot: { open_id: BOT, app_name: '决算问数' } };
    if (path.includes('/resources/')) {
      if (opts.failDownload)
        throw Object.assign(new Error('Request failed with status code 500'), {
          response: { status: 500, data: { code: 1, msg: 'internal error' } },
        });
      const file = opts.files?.[path.split('/').pop()!] ?? opts.file ?? Buffer.alloc(0);
      return { data: Readable.from([file]), headers: { 'content-length': String(file.length) } };
    }
    if (path === '/open-apis/im/v1/images') {
      if (opts.failImage)
        throw Object.assign(new Error('Request failed with status code 400'), {
          response: { status: 400, data: { code: 234001, msg: 'Invalid request param.' } },
        });
      return { code: 0, msg: 'success', data: { image_key: `img_v3_test_${calls.length}` } };
    }
    if (path === '/open-apis/im/v1/files') {
      if (opts.failUpload)
        throw Object.assign(new Error('Request failed with status code 400'), {
          response: { status: 400, data: { code: 234006, msg: 'The file size exceed the max value.' } },
        });
      return { code: 0, msg: 'success', data: { file_key: `file_v3_test_${calls.length}` } };
    }
    if (opts.failSend && (path.endsWith('/reply') || path === '/open-apis/im/v1/messages')) {
      const { status, code, msg } = opts.failSend;
      throw Object.assign(new Error(`Request failed with status code ${status}`), {
        response: { status, data: { code, msg } },
      });
    }
    if (path.endsWith('/reply') || path === '/open-apis/im/v1/messages')
      return { code: 0, msg: 'success', data: { message_id: `om_sent_${calls.length}` } };
    throw new Error(`unexpected request ${call.method} ${call.url}`);
  };
  const http: HttpInstance = {
    request: request as HttpInstance['request'],
    get: ((url: string, o?: HttpRequestOptions<unknown>) =>
      request({ ...o, url, method: 'GET' })) as HttpInstance['get'],
    delete: ((url: string, o?: HttpRequestOptions<unknown>) =>
      request({ ...o, url, method: 'DELETE' })) as HttpInstance['delete'],
    head: ((url: string, o?: HttpRequestOptions<unknown>) =>
      request({ ...o, url, method: 'HEAD' })) as HttpInstance['head'],
    options: ((url: string, o?: HttpRequestOptions<unknown>) =>
      request({ ...o, url, method: 'OPTIONS' })) as HttpInstance['options'],
    post: ((url: string, data?: unknown, o?: HttpRequestOptions<unknown>) =>
      request({ ...o, url, data, method: 'POST' })) as HttpInstance['post'],
    put: ((url: string, data?: unknown, o?: HttpRequestOptions<unknown>) =>
      request({ ...o, url, data, method: 'PUT' })) as HttpInstance['put'],
    patch: ((url: string, data?: unknown, o?: HttpRequestOptions<unknown>) =>
      request({ ...o, url, data, method: 'PATCH' })) as HttpInstance['patch'],
  };
  const client = new Client({
    appId: 'cli_0123456789abcdef',
    appSecret: 'secret-for-tests',
    httpInstance: http,
    cache: new DefaultCache(),
    logger: quiet,
    loggerLevel: LoggerLevel.error,
  });
  const replies = () => calls.filter((c) => c.url.endsWith('/reply'));
  const cards = () =>
    replies()
      .filter((c) => c.data?.msg_type === 'interactive')
      .map((c) => JSON.parse(String(c.data?.content)) as LarkCard);
  const images = () => calls.filter((c) => c.url.endsWith('/open-apis/im/v1/images'));
  const uploads = () => calls.filter((c) => c.url.endsWith('/open-apis/im/v1/files'));
  const fileReplies = () => replies().filter((c) => c.data?.msg_type === 'file');
  return { client, calls, replies, cards, images, uploads, fileReplies };
}

let seq = 0;
export const nextId = () => `${Date.now().toString(16)}${(++seq).toString().padStart(6, '0')}`;

export interface Msg {
  chatId?: string;
  chatType?: 'p2p' | 'group';
  openId?: string;
  text?: string;
  file?: { key: string; name: string };
  mentions?: { key: string; openId: string; name: string }[];
  eventId?: string;
  messageId?: string;
}
/** `im.message.receive_v1` as Lark sends it (schema 2.0: header + event). */
export const messageEvent = (m: Msg) => ({
  schema: '2.0',
  header: {
    event_id: m.eventId ?? `ev${nextId()}`,
    token: 'vtoken',
    create_time: '1700000000000',
    event_type: 'im.message.receive_v1',
    tenant_key: 'tk',
    app_id: 'cli_0123456789abcdef',
  },
  event: {
    sender: {
      sender_id: { open_id: m.openId ?? USER, union_id: 'on_x', user_id: 'u1' },
      sender_type: 'user',
      tenant_key: 'tk',
    },
    message: {
      message_id: m.messageId ?? `om_${nextId()}`,
      root_id: '',
      parent_id: '',
      create_time: '1700000000000',
      update_time: '1700000000000',
      chat_id: m.chatId ?? 'oc_p2p',
      chat_type: m.chatType ?? 'p2p',
      message_type: m.file ? 'file' : 'text',
      content: JSON.stringify(m.file ? { file_key: m.file.key, file_name: m.file.name } : { text: m.text ?? '' }),
      mentions: (m.mentions ?? []).map((x) => ({
        key: x.key,
        id: { open_id: x.openId, union_id: 'on_y', user_id: 'u2' },
        name: x.name,
        tenant_key: 'tk',
      })),
    },
  },
});

/** `card.action.trigger` as Lark sends it. */
export const cardEvent = (value: unknown, o: { chatId?: string; openId?: string; eventId?: string } = {}) => ({
  schema: '2.0',
  header: {
    event_id: o.eventId ?? `ev${nextId()}`,
    token: 'vtoken',
    create_time: '1700000000000000',
    event_type: 'card.action.trigger',
    tenant_key: 'tk',
    app_id: 'cli_0123456789abcdef',
  },
  event: {
    operator: { open_id: o.openId ?? USER, union_id: 'on_x', tenant_key: 'tk' },
    token: 'c-token',
    action: { value, tag: 'button' },
    host: 'im_message',
    context: { open_message_id: 'om_card', open_chat_id: o.chatId ?? 'oc_p2p' },
  },
});

export const atBot = { key: '@_user_1', openId: BOT, name: '决算问数' };
export const cardText = (c: LarkCard) => JSON.stringify(c);
/** Webhook mode: the encrypt key the tests configure. */
export const ENCRYPT_KEY = 'encrypt-key-for-tests';

/** A body as Lark sends it with an encrypt key set: `{ encrypt: base64(iv + AES-256-CBC(sha256(key), json)) }`. */
export const encrypt = (body: unknown, key = ENCRYPT_KEY) => {
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', createHash('sha256').update(key).digest(), iv);
  return { encrypt: Buffer.concat([iv, c.update(JSON.stringify(body), 'utf8'), c.final()]).toString('base64') };
};

/** The X-Lark-* headers of a request signed at `ts` (Unix seconds; default now); 'bad' signs wrongly. */
export function larkHeaders(raw: string, o: { ts?: number; sign?: 'good' | 'bad' | 'none'; key?: string } = {}) {
  const ts = String(o.ts ?? Math.floor(Date.now() / 1000));
  const nonce = 'n0nce';
  const sig = createHash('sha256')
    .update(ts + nonce + (o.key ?? ENCRYPT_KEY) + raw)
    .digest('hex');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.sign !== 'none')
    Object.assign(headers, {
      'x-lark-request-timestamp': ts,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': o.sign === 'bad' ? 'f'.repeat(64) : sig,
    });
  return headers;
}

/** POSTs a JSON body to the local webhook server, signed as Lark signs it. */
export async function postSigned(
  port: number,
  path: string,
  body: unknown,
  o: { ts?: number; sign?: 'good' | 'bad' | 'none' } = {},
): Promise<{ status: number; text: string }> {
  const raw = JSON.stringify(body);
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: larkHeaders(raw, o),
    body: raw,
  });
  return { status: res.status, text: await res.text() };
}

/** A port nobody listens on right now: bound by the OS (port 0), then released. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { BOT, cardEvent, ENCRYPT_KEY, encrypt, messageEvent, type Msg, postSigned } from '../bots/lark-harness.js';
import { readBody } from './read-body.js';

// A local Lark open platform for the real program (LARK_DOMAIN=http://127.0.0.1:PORT), speaking the wire protocol the
// SDK speaks: tenant token, bot info, message reply/create/patch, resource download, image/file upload. Every request
// is recorded; errors can be planned per route; the server can go away and come back on the same port (forgetting the
// tokens it issued, as a token it did not issue is refused). It also plays Lark's side of the webhook: signed and
// encrypted (with the harness's ENCRYPT_KEY) events and card callbacks POSTed to the bot.

export type Route = 'token' | 'bot' | 'reply' | 'create' | 'patch' | 'download' | 'image' | 'file';

export interface Recorded {
  route: Route | 'unknown';
  method: string;
  path: string;
  query: URLSearchParams;
  /** the bearer token sent, if any */
  token: string | null;
  /** a JSON body parsed; for a multipart upload, its size */
  body: Record<string, unknown>;
  /** the message id in the path (reply, patch, download) */
  messageId?: string;
  /** what the fake answered: its HTTP status and JSON body (a download: its size) */
  status: number;
  response: Record<string, unknown>;
  at: number;
}

export interface Fault {
  status: number;
  code: number;
  msg: string;
  headers?: Record<string, string>;
}

/** HTTP 429 with Lark's rate-limit code and the wait it names (频控策略). */
export const rateLimit = (resetSeconds: number): Fault => ({
  status: 429,
  code: 99991400,
  msg: 'request trigger frequency limit',
  headers: { 'x-ogw-ratelimit-limit': '5', 'x-ogw-ratelimit-reset': String(resetSeconds) },
});
/** The app lacks a scope (HTTP 400, 99991672 Access denied). */
export const noPermission: Fault = {
  status: 400,
  code: 99991672,
  msg: 'Access denied. One of the following scopes is required: [im:message, im:message:send_as_bot].',
};

const ROUTES: [Route, string, RegExp][] = [
  ['token', 'POST', /^\/open-apis\/auth\/v3\/tenant_access_token\/internal$/],
  ['bot', 'GET', /^\/open-apis\/bot\/v3\/info$/],
  ['reply', 'POST', /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/],
  ['create', 'POST', /^\/open-apis\/im\/v1\/messages$/],
  ['patch', 'PATCH', /^\/open-apis\/im\/v1\/messages\/([^/]+)$/],
  ['download', 'GET', /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/],
  ['image', 'POST', /^\/open-apis\/im\/v1\/images$/],
  ['file', 'POST', /^\/open-apis\/im\/v1\/files$/],
];

export class FakeLark {
  readonly requests: Recorded[] = [];
  /** tokens issued in this life of the server; a restart forgets them */
  private tokens = new Set<string>();
  private readonly faults = new Map<Route, Fault[]>();
  private readonly files = new Map<string, Buffer>();
  private readonly events = new EventEmitter();
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private sent = 0;
  port = 0;
  /** the bot's webhook port (PORT), where Lark's events go */
  botPort = 0;

  constructor(private readonly app: { appId: string; appSecret: string }) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens (again) on its port, or on a free one the first time. */
  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.port, '127.0.0.1', resolve));
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
    return this;
  }

  /** Goes away: no longer listens, open connections cut. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Comes back on the same port as a new process would: the tokens issued before are no longer known. */
  async restart(): Promise<void> {
    await this.stop();
    this.tokens = new Set();
    await this.start();
  }

  /** The next `times` requests to `route` are answered with `fault`. */
  fail(route: Route, fault: Fault, times = 1): void {
    this.faults.set(route, [...(this.faults.get(route) ?? []), ...Array<Fault>(times).fill(fault)]);
  }

  /** A file a message carries, served by the resource endpoint. */
  addFile(fileKey: string, bytes: Buffer): void {
    this.files.set(fileKey, bytes);
  }

  /** The first request (already made or still to come) that `match` accepts. */
  waitFor(match: (r: Recorded) => boolean, what: string, timeoutMs = 30_000): Promise<Recorded> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('request', onRequest);
        reject(new Error(`fake Lark: no ${what} within ${timeoutMs} ms; got ${this.summary()}`));
      }, timeoutMs);
      const onRequest = (r: Recorded) => {
        if (!match(r)) return;
        clearTimeout(timer);
        this.events.off('request', onRequest);
        resolve(r);
      };
      this.events.on('request', onRequest);
    });
  }

  /** The first successful reply to a message, with its card parsed. */
  async reply(messageId: string, timeoutMs?: number): Promise<{ request: Recorded; card: Record<string, unknown> }> {
    const request = await this.waitFor(
      (r) => r.route === 'reply' && r.messageId === messageId && r.status === 200,
      `reply to ${messageId}`,
      timeoutMs,
    );
    return { request, card: JSON.parse(String(request.body.content)) as Record<string, unknown> };
  }

  of(route: Route): Recorded[] {
    return this.requests.filter((r) => r.route === route);
  }

  private summary(): string {
    return this.requests.map((r) => `${r.route}:${r.messageId ?? ''}:${r.status}`).join(' ') || 'nothing';
  }

  // --- Lark's side of the webhook ---

  /** `im.message.receive_v1`, signed and encrypted, POSTed to the bot's /webhook/event. */
  async sendMessage(m: Msg): Promise<string> {
    const event = messageEvent(m);
    const res = await postSigned(this.botPort, '/webhook/event', encrypt(event, ENCRYPT_KEY));
    if (res.status !== 200) throw new Error(`the bot answered the event with ${res.status}: ${res.text}`);
    return event.event.message.message_id;
  }

  /** `card.action.trigger` POSTed to the bot's /webhook/card; resolves with the callback's response body. */
  async pressButton(
    value: unknown,
    o: { chatId: string; openId: string; messageId: string },
  ): Promise<Record<string, unknown>> {
    const event = cardEvent(value, o);
    event.event.context.open_message_id = o.messageId;
    const res = await postSigned(this.botPort, '/webhook/card', encrypt(event, ENCRYPT_KEY));
    if (res.status !== 200) throw new Error(`the bot answered the callback with ${res.status}: ${res.text}`);
    return JSON.parse(res.text || '{}') as Record<string, unknown>;
  }

  // --- the open API ---

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const found = ROUTES.map(([route, method, re]) => ({ route, method, m: re.exec(url.pathname) })).find(
      (x) => x.m && x.method === req.method,
    );
    const route = found?.route ?? 'unknown';
    const type = req.headers['content-type'] ?? '';
    const body: Record<string, unknown> =
      type.includes('application/json') && raw.length ? JSON.parse(raw.toString('utf8')) : { bytes: raw.length };
    const auth = req.headers.authorization ?? '';
    const record: Recorded = {
      route,
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      token: auth.startsWith('Bearer ') ? auth.slice(7) : null,
      body,
      ...(found?.m?.[1] ? { messageId: found.m[1] } : {}),
      status: 0,
      response: {},
      at: Date.now(),
    };
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      record.response = Buffer.isBuffer(payload) ? { bytes: payload.length } : (payload as Record<string, unknown>);
      this.requests.push(record);
      if (Buffer.isBuffer(payload)) {
        res.writeHead(status, {
          'content-type': 'application/octet-stream',
          'content-length': payload.length,
          ...headers,
        });
        res.end(payload);
      } else {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(payload));
      }
      this.events.emit('request', record);
    };
    if (route === 'unknown') return send(404, { code: 404, msg: 'page not found' });
    if (route === 'token') {
      if (body.app_id !== this.app.appId || body.app_secret !== this.app.appSecret)
        return send(200, { code: 10014, msg: 'app secret invalid' });
      const token = `t-${randomBytes(20).toString('hex')}`;
      this.tokens.add(token);
      return send(200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 });
    }
    if (!record.token || !this.tokens.has(record.token))
      return send(400, {
        code: 99991663,
        msg: 'Invalid access token for authorization. Please make a request with token attached.',
      });
    const fault = this.faults.get(route)?.shift();
    if (fault) return send(fault.status, { code: fault.code, msg: fault.msg }, fault.headers);
    const messageId = () => `om_fake_${++this.sent}`;
    switch (route) {
      case 'bot':
        return send(200, { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: '决算问数', open_id: BOT } });
      case 'reply':
      case 'create':
        return send(200, { code: 0, msg: 'success', data: { message_id: messageId(), msg_type: body.msg_type } });
      case 'patch':
        return send(200, { code: 0, msg: 'success', data: {} });
      case 'download': {
        const file = this.files.get(found?.m?.[2] ?? '');
        if (url.searchParams.get('type') !== 'file' || !file)
          return send(400, { code: 234003, msg: 'File not in msg.' });
        return send(200, file, { 'content-disposition': `attachment; filename="${found?.m?.[2]}"` });
      }
      case 'image':
        return send(200, { code: 0, msg: 'success', data: { image_key: `img_v3_fake_${++this.sent}` } });
      case 'file':
        return send(200, { code: 0, msg: 'success', data: { file_key: `file_v3_fake_${++this.sent}` } });
    }
  }
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { takeFailure, type FailRule } from './fail-rules.js';
import { parseMultipart } from './multipart.js';
import { UpdateQueue, type Chat, type User } from './telegram-updates.js';
import { readBody } from './read-body.js';

/** A Bot API method the bot called: its payload (JSON or multipart), the files it uploaded, what it was answered. */
export interface ApiCall {
  method: string;
  payload: Record<string, any>;
  /** multipart uploads by field (document, photo): the file name and size as sent */
  files: Record<string, { name: string; size: number }>;
  /** HTTP status the fake answered with */
  status: number;
  /** the result returned (a Message for sendMessage, sendDocument …) */
  result?: any;
  at: number;
}

export const BOT_USER = { id: 7000000001, is_bot: true, first_name: '决算问数', username: 'juesuan_bot' } as const;

/** JSON values of a multipart body: grammY sends objects as JSON text and numbers as digits. */
const fieldValue = (v: string): unknown => {
  if (/^-?\d{1,15}$/.test(v)) return Number(v);
  if (/^[[{]/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
};

/**
 * A local Telegram Bot API server speaking the wire protocol grammY uses: POST /bot<token>/<method> with JSON or
 * multipart bodies, long-polled getUpdates with offsets, file downloads at /file/bot<token>/<path>. Tests queue
 * updates through `updates`, read what the bot called in `calls`, make methods fail, and take the server away.
 */
export async function startFakeTelegram(opts: { token: string; port?: number }) {
  const calls: ApiCall[] = [];
  const listeners = new Set<() => void>();
  const rules: FailRule[] = [];
  const updates = new UpdateQueue(BOT_USER);
  let messageId = 100_000;

  const sentMessage = (p: Record<string, any>, extra: Record<string, unknown>) => {
    const chatId = Number(p.chat_id);
    return {
      message_id: ++messageId,
      date: Math.floor(Date.now() / 1000),
      chat: updates.chatOf(chatId),
      from: BOT_USER,
      ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
      ...(p.reply_parameters ? { reply_to_message: { message_id: p.reply_parameters.message_id } } : {}),
      ...extra,
    };
  };

  const results: Record<string, (p: Record<string, any>, call: ApiCall) => unknown> = {
    getMe: () => ({ ...BOT_USER, can_join_groups: true, can_read_all_group_messages: false }),
    deleteWebhook: () => true,
    setMyCommands: () => true,
    answerCallbackQuery: () => true,
    sendChatAction: () => true,
    sendMessage: (p) => sentMessage(p, { text: p.text }),
    editMessageText: (p) => ({ ...sentMessage(p, { text: p.text }), message_id: p.message_id }),
    sendDocument: (p, c) =>
      sentMessage(p, {
        document: { file_id: `doc${messageId}`, file_unique_id: `u${messageId}`, file_name: c.files.document?.name },
        caption: p.caption,
      }),
    sendPhoto: (p, c) =>
      sentMessage(p, {
        photo: [{ file_id: `ph${messageId}`, file_unique_id: `u${messageId}`, file_size: c.files.photo?.size }],
        caption: p.caption,
      }),
    getFile: (p) => {
      const f = updates.file(String(p.file_id));
      if (!f) return undefined;
      return { file_id: p.file_id, file_unique_id: `u-${p.file_id}`, file_size: f.bytes.length, file_path: f.path };
    },
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const record = (call: ApiCall) => {
    calls.push(call);
    for (const l of [...listeners]) l();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file && req.method === 'GET') {
      const bytes = file[1] === opts.token ? updates.download(decodeURIComponent(file[2])) : undefined;
      if (!bytes) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      return void res.end(bytes);
    }
    const api = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!api) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (api[1] !== opts.token) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = api[2];
    const body = await readBody(req);
    const type = req.headers['content-type'] ?? '';
    const call: ApiCall = { method, payload: {}, files: {}, status: 200, at: Date.now() };
    if (type.startsWith('multipart/form-data')) {
      const form = parseMultipart(body, type);
      for (const [k, v] of Object.entries(form.fields)) {
        const attached = /^attach:\/\/(.+)$/.exec(v)?.[1];
        const part = attached ? form.files[attached] : undefined;
        if (part) call.files[k] = { name: part.name, size: part.size };
        call.payload[k] = part ? { file: part.name, size: part.size } : fieldValue(v);
      }
    } else if (body.length) call.payload = JSON.parse(body.toString('utf8'));
    if (method === 'getUpdates') return getUpdates(call, res);
    const rule = takeFailure(rules, method, call.payload.chat_id);
    if (rule) {
      const { error_code, description, parameters } = rule;
      call.status = error_code;
      record(call);
      return send(res, error_code, { ok: false, error_code, description, ...(parameters ? { parameters } : {}) });
    }
    const answer = results[method];
    call.result = answer ? answer(call.payload, call) : undefined;
    if (call.result === undefined) {
      call.status = 400;
      record(call);
      return send(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${method} not understood` });
    }
    record(call);
    send(res, 200, { ok: true, result: call.result });
  };

  // long polling: answered at once when updates wait, else held until one is queued or the timeout passes
  const getUpdates = (call: ApiCall, res: ServerResponse) => {
    const offset = Number(call.payload.offset ?? 0);
    const limit = Math.min(Number(call.payload.limit ?? 100), 100);
    const timeoutMs = Number(call.payload.timeout ?? 0) * 1000;
    updates.confirm(offset);
    record(call);
    const answer = () => {
      clearTimeout(timer);
      updates.offWaiting(answer);
      send(res, 200, { ok: true, result: updates.deliver(limit) });
    };
    const timer = setTimeout(answer, timeoutMs);
    if (updates.pending() > 0 || timeoutMs === 0) return answer();
    updates.onWaiting(answer);
    res.on('close', () => {
      clearTimeout(timer);
      updates.offWaiting(answer);
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { ok: false, error_code: 500, description: String(e) }));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(opts.port ?? 0);

  /** The first call from index `from` on that `test` accepts; rejects after `timeoutMs`. */
  const waitFor = (test: (c: ApiCall) => boolean, timeoutMs = 15_000, from = 0, what = 'a matching call') =>
    new Promise<ApiCall>((resolve, reject) => {
      const check = () => {
        const hit = calls.slice(from).find(test);
        if (!hit) return false;
        clearTimeout(timer);
        listeners.delete(check);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`fake Telegram: waited ${timeoutMs} ms for ${what}`));
      }, timeoutMs);
      if (!check()) listeners.add(check);
    });

  return {
    port,
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    updates,
    waitFor,
    /** the bot's next successful sendMessage to `chatId` (from index `from` of calls) */
    nextMessage: (chatId: number, from = 0, timeoutMs = 15_000) =>
      waitFor(
        (c) => c.method === 'sendMessage' && c.status === 200 && Number(c.payload.chat_id) === chatId,
        timeoutMs,
        from,
        `sendMessage to ${chatId}`,
      ),
    fail: (rule: FailRule) => void rules.push({ ...rule }),
    clearFailures: () => void rules.splice(0),
    /** stops listening and drops every connection, a held getUpdates too: the bot gets connection errors */
    goAway: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    /** listens again on the same port */
    comeBack: () => listen(port).then(() => undefined),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type FakeTelegram = Awaited<ReturnType<typeof startFakeTelegram>>;
export type { Chat, User };

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Update, UserFromGetMe } from 'grammy/types';
import { openDb, type Db } from '../../db/client.js';
import { createTelegramBot, type TelegramBotOptions } from '../../src/bots/telegram/bot.js';
import type { ChatEnv } from '../../src/chat/dispatch.js';
import { loadConfig } from '../../src/config.js';
import { importFile } from '../../src/ingest/import-file.js';
import { Library } from '../../src/query/ask.js';

export const TOKEN = '123:ABC';
export const YANGGU_FILE = fileURLToPath(new URL('../fixtures/reports/yanggu-zfb-2020-juesuan.txt', import.meta.url));
export const BOT: UserFromGetMe = {
  id: 999,
  is_bot: true,
  first_name: '决算问数',
  username: 'juesuan_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};
export const ADMIN = { id: 1, is_bot: false, first_name: '管理员' };
export const USER = { id: 7, is_bot: false, first_name: '张三' };
export const GROUP = { id: -100123, type: 'supergroup' as const, title: '财务群' };

export interface Call {
  method: string;
  payload: Record<string, any>;
}

/** One store with the 阳谷 report per file: the tests only read it (the import test opens its own). */
let shared: Promise<Db> | null = null;
export const yangguDb = (): Promise<Db> =>
  (shared ??= openDb(':memory:').then(async (db) => {
    await importFile(db, YANGGU_FILE);
    return db;
  }));

/**
 * A bot from the factory with the network replaced: an API transformer records every call and returns
 * real-shaped results; `fail` makes one method answer with a Bot API error.
 */
export async function harness(
  o: {
    db?: Db;
    env?: Record<string, string>;
    lib?: Library;
    opts?: TelegramBotOptions;
    fail?: Record<string, { error_code: number; description: string }>;
    filePaths?: Record<string, string>;
  } = {},
) {
  const db = o.db ?? (await yangguDb());
  const env: ChatEnv = { db, lib: o.lib ?? new Library(db), config: loadConfig({ ADMINS: 'telegram:1', ...o.env }) };
  const tg = createTelegramBot(env, {
    token: TOKEN,
    botInfo: BOT,
    rateLimit: { timeFrame: 60_000, limit: 1000 },
    ...o.opts,
  });
  const calls: Call[] = [];
  let messageId = 5000;
  tg.bot.api.config.use(async (_prev, method, payload) => {
    const p = (payload ?? {}) as Record<string, any>;
    calls.push({ method, payload: p });
    const err = o.fail?.[method];
    if (err) return { ok: false, ...err } as any;
    if (method === 'getFile')
      return {
        ok: true,
        result: {
          file_id: p.file_id,
          file_unique_id: 'u1',
          file_size: 1000,
          file_path: o.filePaths?.[p.file_id] ?? 'documents/file_7.txt',
        },
      } as any;
    if (method === 'sendMessage')
      return {
        ok: true,
        result: {
          message_id: ++messageId,
          date: 1_700_000_000,
          chat: { id: p.chat_id, type: p.chat_id < 0 ? 'supergroup' : 'private' },
          from: BOT,
          text: p.text,
        },
      } as any;
    if (method === 'getUpdates') {
      await new Promise((r) => setTimeout(r, 20));
      return { ok: true, result: [] } as any;
    }
    return { ok: true, result: true } as any;
  });
  const sent = () => calls.filter((c) => c.method === 'sendMessage');
  return { tg, env, calls, sent, push: (u: Update) => tg.bot.handleUpdate(u) };
}

let nextUpdate = 1;
const base = () => {
  const n = nextUpdate++;
  return { update_id: n, message_id: n * 10, date: 1_700_000_000 };
};

type From = typeof USER;
interface MsgOpts {
  from?: From;
  chat?: { id: number; type: 'private' | 'group' | 'supergroup'; title?: string };
  entities?: unknown[];
  reply_to_message?: unknown;
  document?: unknown;
  caption?: string;
  caption_entities?: unknown[];
  media_group_id?: string;
}

/** A message update as Telegram sends it; `/cmd` texts carry their bot_command entity. */
export function message(text: string | undefined, o: MsgOpts = {}): Update {
  const { update_id, message_id, date } = base();
  const from = o.from ?? USER;
  const chat = o.chat ?? { id: from.id, type: 'private' as const, first_name: from.first_name };
  const cmd = text ? /^\/\S+/.exec(text) : null;
  const entities = o.entities ?? (cmd ? [{ type: 'bot_command', offset: 0, length: cmd[0].length }] : undefined);
  const msg: Record<string, unknown> = { message_id, date, chat, from };
  if (text !== undefined) msg.text = text;
  if (entities) msg.entities = entities;
  for (const k of ['reply_to_message', 'document', 'caption', 'caption_entities', 'media_group_id'] as const)
    if (o[k] !== undefined) msg[k] = o[k];
  return { update_id, message: msg } as unknown as Update;
}

/** "@juesuan_bot 问题" in the group, with its mention entity. */
export const mention = (question: string, from: From = USER): Update =>
  message(`@${BOT.username} ${question}`, {
    from,
    chat: GROUP,
    entities: [{ type: 'mention', offset: 0, length: BOT.username.length + 1 }],
  });

export function press(
  data: string,
  msg: { message_id: number; chat: { id: number; type: string } },
  from: From = USER,
): Update {
  const { update_id } = base();
  return {
    update_id,
    callback_query: {
      id: `cq${update_id}`,
      from,
      chat_instance: 'ci',
      data,
      message: { ...msg, date: 1_700_000_000, from: BOT, text: '…' },
    },
  } as unknown as Update;
}

/** The message a sendMessage call created, as the fake API numbered it. */
export const sentMessage = (calls: Call[], call: Call) => ({
  message_id: 5001 + calls.filter((c) => c.method === 'sendMessage').indexOf(call),
  chat: { id: call.payload.chat_id as number, type: (call.payload.chat_id as number) < 0 ? 'supergroup' : 'private' },
});

export const document = (name: string, size = 1000, fileId = 'F1') => ({
  file_id: fileId,
  file_unique_id: `U${fileId}`,
  file_name: name,
  mime_type: name.endsWith('.zip') ? 'application/zip' : 'text/plain',
  file_size: size,
});

/** A fetch for downloadDocument serving `bytes[file_path]` (the path getFile returned), recording each URL. */
export function fileServer(bytes: Record<string, Uint8Array>) {
  const fetched: string[] = [];
  const fetch = async (url: string) => {
    fetched.push(url);
    const b = bytes[url.split(`/file/bot${TOKEN}/`)[1] ?? ''];
    if (!b) return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
    return {
      ok: true,
      status: 200,
      arrayBuffer: async () => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer,
    };
  };
  return { fetch, fetched };
}

export const yangguBytes = () => new Uint8Array(readFileSync(YANGGU_FILE));

import type { Server } from 'node:http';
import { Client, Domain, EventDispatcher, LoggerLevel } from '@larksuiteoapi/node-sdk';
import { type Backoff, DEFAULT_BACKOFF, retryWithBackoff } from '../../backoff.js';
import {
  GENERIC_ERROR,
  handleIncoming,
  isAdmin,
  isAllowedChat,
  splitCommand,
  type ChatEnv,
} from '../../chat/dispatch.js';
import { chartReply } from '../../chat/chart-reply.js';
import { exportReply } from '../../chat/export-reply.js';
import { ChatGoneError, type Sender } from '../../chat/sender.js';
import { RATE_LIMITED, RateLimiter } from '../../chat/rate-limit.js';
import { TokenStore } from '../../chat/tokens.js';
import { isUserError } from '../../errors.js';
import { log } from '../../log.js';
import { type Answer, chartHintOf, isExportable } from '../../query/answer.js';
import { larkCardForAnswer, larkHelpCard, type LarkCard, type LarkCardOptions } from '../../render/lark.js';
import {
  downloadFile,
  fetchBotOpenId,
  isChatGone,
  replyCard,
  replyFile,
  sdkLogger,
  sendCard,
  uploadFile,
  uploadImage,
  type LarkClient,
} from './api.js';
import { handleCardAction, type CardActionResponse } from './card-action.js';
import { keepLongConnection } from './connection.js';
import { EventLedger } from './dedup.js';
import { parseReceive, type CardActionEvent, type ReceiveEvent } from './events.js';
import { SeenSet, TaskQueue } from './queue.js';
import { createWebhookServer } from './server.js';

export interface LarkAppOptions {
  /** an SDK Client (tests: one with a stubbed httpInstance); default: built from LARK_APP_ID / LARK_APP_SECRET */
  client?: LarkClient;
  /** the bot's open_id; default: fetched once from /open-apis/bot/v3/info */
  botOpenId?: string;
  /** how long a button press may wait for its answer before it goes out as a reply instead (Lark allows 3 s) */
  cardAnswerBudgetMs?: number;
  /** per user: at most `limit` messages or button presses in `timeFrame` ms (as the Telegram bot) */
  rateLimit?: { timeFrame: number; limit: number };
  /** waits between attempts to reach Lark (bot info, the long connection); default 1 s doubling to 5 min */
  backoff?: Backoff;
}

export interface LarkApp {
  eventDispatcher: EventDispatcher;
  /** `card.action.trigger`: also registered on eventDispatcher */
  cardActionHandler: (d: CardActionEvent) => Promise<CardActionResponse>;
  /**
   * Webhook mode: listens (a bad configuration or a port in use rejects). Both modes: reaches Lark in the background,
   * retrying with backoff while it cannot (no network, Lark down): never rejects for that.
   */
  start(): Promise<void>;
  /** resolves with the bot's open_id once Lark answered, or null if stopped first */
  connected(): Promise<string | null>;
  stop(): Promise<void>;
  sender: Sender;
  /** resolves when the work queued so far is done (tests, shutdown) */
  idle(): Promise<void>;
}

const IMPORT_WINDOW_MS = 10 * 60 * 1000;

/** What a Lark button's token stands for: the answer under 看图 / 导出Excel, or a clarify candidate's question. */
type LarkButtonTarget = { chatKey: string; answer: Answer } | { chatKey: string; question: string };

/** Help and start get the help card (registry + example buttons); everything else its answer card. */
export const cardFor = (text: string, a: Answer, opts: LarkCardOptions = {}): LarkCard => {
  const name = splitCommand(text)?.name;
  return (name === 'help' || name === 'start') && a.kind === 'message' ? larkHelpCard(a) : larkCardForAnswer(a, opts);
};

/** A digest image's card title: its caption up to the colon. */
const titleOfCaption = (caption: string): string => caption.split('：')[0] || '图表';

const refusal = (chatId: string): Answer => ({
  kind: 'message',
  title: '本会话暂未开通',
  text: `抱歉，决算问数尚未对本会话开放。如需使用，请联系管理员把会话 ID ${chatId} 加入 ALLOWED_CHATS。`,
  table: null,
});

export function createLarkApp(env: ChatEnv, opts: LarkAppOptions = {}): LarkApp {
  const { config } = env;
  const domain =
    config.LARK_DOMAIN === 'lark' ? Domain.Lark : config.LARK_DOMAIN === 'feishu' ? Domain.Feishu : config.LARK_DOMAIN;
  const creds = () => {
    if (!config.LARK_APP_ID || !config.LARK_APP_SECRET)
      throw new Error('环境变量 LARK_APP_ID 和 LARK_APP_SECRET 须同时设置');
    return { appId: config.LARK_APP_ID, appSecret: config.LARK_APP_SECRET };
  };
  const client: LarkClient =
    opts.client ?? new Client({ ...creds(), domain, logger: sdkLogger, loggerLevel: LoggerLevel.warn });
  const queue = new TaskQueue((e) => log.error('lark task failed', { error: e }));
  // event_id / message_id already taken: in the store, so a restart does not answer a redelivered event again
  const events = new EventLedger(env.db);
  const rate = opts.rateLimit ?? { timeFrame: 10_000, limit: 5 };
  const limiter = new RateLimiter(rate.limit, rate.timeFrame);
  const refused = new SeenSet(10_000);
  // private chats seen in messages: a button press says only its chat id, and an admin's privilege to use the bot
  // outside ALLOWED_CHATS holds in a private chat only
  const privateChats = new SeenSet(10_000);
  /** `@bot /import` in a group: until when that admin's files there are imported, and with which options */
  const importing = new Map<string, { expires: number; command: string }>();
  let botId: Promise<string> | null = opts.botOpenId ? Promise.resolve(opts.botOpenId) : null;
  const botOpenId = () =>
    (botId ??= fetchBotOpenId(client).catch((e: unknown) => {
      botId = null;
      throw e;
    }));
  const allowed = (chatKey: string, userId: string, p2p: boolean) =>
    isAllowedChat(config, chatKey) || (p2p && isAdmin(config, userId));

  const reply = (messageId: string, card: LarkCard, uuid: string) =>
    replyCard(client, messageId, card, uuid).catch((e: unknown) =>
      log.error('lark reply failed', { message: messageId, error: e }),
    );

  // button tokens, for this chat: 看图 and 导出Excel → the answer they sit under, a clarify button → its question;
  // in the store, so that a button pressed after a restart still works (until it expires)
  const buttons = new TokenStore<LarkButtonTarget>({ persist: { db: env.db, scope: 'lark' } });
  const answerOf = async (chatKey: string, token: string) => {
    const e = await buttons.get(token);
    return e && e.chatKey === chatKey && 'answer' in e ? e.answer : null;
  };
  const questionOf = async (chatKey: string, token: string) => {
    const e = await buttons.get(token);
    return e && e.chatKey === chatKey && 'question' in e ? e.question : null;
  };
  const upload = (png: Buffer) =>
    uploadImage(client, png).catch((e: unknown) => {
      log.error('lark image upload failed', { error: e });
      return null;
    });

  /**
   * The answer's card: a chart answer with its image uploaded, an answer with a chart form or a table with its
   * buttons, a clarify with one button per candidate; the buttons' targets are stored before the card is returned.
   */
  async function render(chatKey: string, a: Answer, text = ''): Promise<LarkCard> {
    if (a.kind === 'chart') {
      const key = await upload(a.png);
      return larkCardForAnswer(a, key ? { image: { key, alt: a.title } } : {});
    }
    let card: LarkCard;
    if (chartHintOf(a) || isExportable(a)) {
      const token = buttons.put({ chatKey, answer: a });
      card = larkCardForAnswer(a, { chartToken: token, exportToken: token });
    } else card = cardFor(text, a, { askToken: (question) => buttons.put({ chatKey, question }) });
    await buttons.flush();
    return card;
  }

  /**
   * Sends an answer back: an exported table as a file message (uploaded first; if that fails, a card saying so),
   * anything else as its card. In reply to `messageId` when there is one.
   */
  async function deliver(
    chatKey: string,
    target: { messageId?: string; chatId: string },
    a: Answer,
    uuid: string,
    text = '',
  ): Promise<void> {
    if (a.kind === 'file') {
      try {
        return await replyFile(client, target, await uploadFile(client, a), uuid);
      } catch (e) {
        log.error('lark file send failed', { chat: chatKey, error: e });
      }
    }
    const card = await render(chatKey, a, text);
    if (target.messageId) return reply(target.messageId, card, uuid);
    await sendCard(client, target.chatId, card);
  }

  /** 看图: the pressed answer again, its chart uploaded above the table. */
  async function chartCard(a: Answer): Promise<LarkCard> {
    const drawn = await chartReply(env.lib, a);
    if (drawn.kind !== 'chart') return larkCardForAnswer(drawn);
    const key = await upload(drawn.png);
    return key ? larkCardForAnswer(a, { image: { key, alt: drawn.title } }) : larkCardForAnswer(drawn);
  }

  async function processMessage(d: ReceiveEvent): Promise<void> {
    const m = parseReceive(d);
    if (!m.fromUser || m.kind === 'other') return;
    const chatKey = `lark:${m.chatId}`;
    const userId = `lark:${m.openId}`;
    const admin = isAdmin(config, userId);
    if (m.p2p) privateChats.add(chatKey);
    const waitKey = `${chatKey} ${userId}`;
    let text = m.text;
    if (m.kind === 'text' && !m.p2p) {
      const me = await botOpenId().catch((e: unknown) => {
        log.error('lark bot open_id unavailable', { error: e });
        return null;
      });
      if (!me || !m.mentions.includes(me)) return;
    }
    if (m.kind === 'file') {
      // a group: every file the admin sends within the window after `@bot /import` (several files, or a zip);
      // a private chat: every file
      const wait = importing.get(waitKey);
      if (wait && wait.expires < Date.now()) importing.delete(waitKey);
      const open = wait && wait.expires >= Date.now() ? wait : null;
      if (!m.p2p && !open) return;
      text = open?.command ?? '/import';
    }
    if (!allowed(chatKey, userId, m.p2p)) {
      log.warn('lark chat not allowed', { chat: chatKey, user: userId });
      if (refused.add(chatKey)) await reply(m.messageId, larkCardForAnswer(refusal(m.chatId)), `x${m.messageId}`);
      return;
    }
    // a file an admin sends to import is not a question: several may come at once
    if (m.kind !== 'file') {
      const turn = limiter.take(userId);
      if (turn !== 'ok') {
        log.warn('lark user rate-limited', { chat: chatKey, user: userId, told: turn === 'tell' });
        if (turn === 'tell')
          await reply(m.messageId, larkCardForAnswer({ kind: 'error', message: RATE_LIMITED }), `l${m.messageId}`);
        return;
      }
    }
    let answer: Answer;
    try {
      const file =
        m.file && admin
          ? {
              name: m.file.name,
              bytes: await downloadFile(client, m.messageId, m.file, config.MAX_IMPORT_MB * 1024 * 1024),
            }
          : undefined;
      answer = await handleIncoming(env, { chatKey, userId, text: text || '/help', file });
      if (!file && admin && splitCommand(text)?.name === 'import')
        importing.set(waitKey, { expires: Date.now() + IMPORT_WINDOW_MS, command: text });
    } catch (e) {
      if (!isUserError(e)) log.error('lark message failed', { chat: chatKey, error: e });
      answer = { kind: 'error', message: isUserError(e) ? e.message : GENERIC_ERROR };
    }
    await deliver(chatKey, { messageId: m.messageId, chatId: m.chatId }, answer, `r${m.messageId}`, text || '/help');
  }

  /** Acknowledge at once (Lark re-sends what is not handled within 3 s); the work runs in the queue. */
  async function onMessage(d: ReceiveEvent): Promise<void> {
    const messageId = d?.message?.message_id;
    if (!messageId) return;
    const keys = [`m:${messageId}`, ...(d.event_id ? [`e:${d.event_id}`] : [])];
    if (!(await events.first(keys))) return;
    queue.run(`lark:${d.message.chat_id}`, () => processMessage(d));
  }

  const cardActionHandler = (d: CardActionEvent) =>
    handleCardAction(d, {
      env,
      firstTime: (keys) => events.first(keys),
      queue,
      allowed: (chatKey, userId) => allowed(chatKey, userId, privateChats.has(chatKey)),
      limited: (userId) => limiter.take(userId) !== 'ok',
      reply,
      send: (chatId, card) => sendCard(client, chatId, card),
      render: (chatKey, a) => render(chatKey, a),
      deliver: (chatKey, target, a, uuid) => deliver(chatKey, target, a, uuid),
      answerOf,
      questionOf,
      chartCard,
      exportFile: (a) => exportReply(env.lib, a, 'xlsx'),
      budgetMs: opts.cardAnswerBudgetMs ?? 2000,
    });

  const eventDispatcher = new EventDispatcher({
    encryptKey: config.LARK_ENCRYPT_KEY,
    verificationToken: config.LARK_VERIFICATION_TOKEN,
    logger: sdkLogger,
    loggerLevel: LoggerLevel.warn,
  }).register<{
    'card.action.trigger': (d: CardActionEvent) => Promise<CardActionResponse>;
  }>({
    'im.message.receive_v1': onMessage,
    'card.action.trigger': cardActionHandler,
  });

  const gone =
    (chatKey: string) =>
    (e: unknown): never => {
      throw isChatGone(e) ? new ChatGoneError(chatKey, { cause: e }) : e;
    };
  const sender: Sender = {
    transport: 'lark',
    send: async (chatKey, answer) =>
      sendCard(client, chatKey.replace(/^lark:/, ''), await render(chatKey, answer)).catch(gone(chatKey)),
    /** uploaded first: a failed upload fails the image, the caller decides what that means */
    sendImage: async (chatKey, png, caption) => {
      const key = await uploadImage(client, png);
      // a card shows the image at its own size: width and height are not needed here
      const a: Answer = { kind: 'chart', title: titleOfCaption(caption), caption, png, width: 0, height: 0 };
      await sendCard(
        client,
        chatKey.replace(/^lark:/, ''),
        larkCardForAnswer(a, { image: { key, alt: a.title } }),
      ).catch(gone(chatKey));
    },
  };

  let connection: { close(): void } | null = null;
  let server: Server | null = null;
  const stopping = new AbortController();
  let connected: Promise<string | null> = Promise.resolve(null);
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  return {
    eventDispatcher,
    cardActionHandler,
    sender,
    idle: () => queue.idle(),
    connected: () => connected,
    async start() {
      if (config.LARK_MODE === 'webhook') {
        // the SDK checks signatures only with an encrypt key; without one anybody could post events
        if (!config.LARK_ENCRYPT_KEY)
          throw new Error('LARK_MODE=webhook 须设置 LARK_ENCRYPT_KEY（飞书用它为每个请求签名）');
        server = createWebhookServer({
          dispatcher: eventDispatcher,
          encryptKey: config.LARK_ENCRYPT_KEY,
          maxBodyBytes: config.LARK_WEBHOOK_MAX_KB * 1024,
          maxSkewSeconds: config.LARK_WEBHOOK_MAX_SKEW_SECONDS,
        });
        await new Promise<void>((resolve, reject) => server!.once('error', reject).listen(config.PORT, resolve));
        log.info('lark webhook listening', { port: config.PORT });
      } else {
        connection = keepLongConnection({ ...creds(), domain, eventDispatcher, backoff });
      }
      // the bot's identity (to recognise @mentions in groups), fetched now so that an unreachable Lark or a wrong
      // app secret shows in the log at start; the first request also fetches the tenant token
      connected = retryWithBackoff('lark bot info (/open-apis/bot/v3/info, tenant token)', botOpenId, {
        backoff,
        signal: stopping.signal,
      });
      void connected.then((me) => me && log.info('lark bot connected', { bot: me }));
    },
    async stop() {
      stopping.abort();
      connection?.close();
      if (server)
        await new Promise<void>((resolve) => {
          server!.close(() => resolve());
          server!.closeIdleConnections();
        });
      await queue.close();
    },
  };
}

import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { type RunnerHandle, run, sequentialize } from '@grammyjs/runner';
import { Bot, GrammyError, type BotError, type Context, type NextFunction } from 'grammy';
import type { Document, Message, UserFromGetMe } from 'grammy/types';
import {
  GENERIC_ERROR,
  handleIncoming,
  isAdmin,
  isAllowedChat,
  splitCommand,
  type ChatEnv,
} from '../../chat/dispatch.js';
import { chartReply } from '../../chat/chart-reply.js';
import { RATE_LIMITED } from '../../chat/rate-limit.js';
import { exportReply } from '../../chat/export-reply.js';
import type { Sender } from '../../chat/sender.js';
import { log, registerSecret } from '../../log.js';
import { pageKeyboard, parseCallbackData } from '../../render/telegram.js';
import { downloadDocument, sizeProblem, TELEGRAM_API_ROOT, type FetchLike } from './files.js';
import { addressedText } from './incoming.js';
import { CallbackStore, MediaGroups, RecentKeys } from './memory.js';
import { commandMenus } from './menu.js';
import { chatKeyOf, sendAnswer, telegramSender } from './send.js';

export { RATE_LIMITED };

export const BUTTON_EXPIRED = '按钮已过期，请重新提问';
export const CHART_WAIT = '正在生成图表…';
export const EXPORT_WAIT = '正在生成 Excel 文件…';
/** how long stop() waits for the updates being handled (an import, a chart) before shutting down regardless */
const STOP_WAIT_MS = 30_000;
/** how long the documents of an album are taken as part of its /import */
export const ALBUM_WINDOW_MS = 60_000;
export const refusalText = (chatId: number): string =>
  `抱歉，本机器人只在授权的会话中回答问题。如需开通，请联系管理员把本会话（ID：${chatId}）加入 ALLOWED_CHATS。`;

export interface TelegramBotOptions {
  /** defaults to TELEGRAM_BOT_TOKEN */
  token?: string;
  /** skips getMe (tests) */
  botInfo?: UserFromGetMe;
  /** downloads of imported files; defaults to global fetch */
  fetch?: FetchLike;
  apiRoot?: string;
  /** per user: at most `limit` updates in `timeFrame` ms */
  rateLimit?: { timeFrame: number; limit: number };
  callbacks?: CallbackStore;
}

export interface TelegramBot {
  bot: Bot;
  sender: Sender;
  /** sets the command menus, then long-polls; resolves once polling runs */
  start(): Promise<void>;
  /** resolves when the command menus set at start are done (they are set in the background) */
  menus(): Promise<void>;
  /** stops polling after the updates in hand are handled */
  stop(): Promise<void>;
}

export function createTelegramBot(env: ChatEnv, opts: TelegramBotOptions = {}): TelegramBot {
  const token = opts.token ?? env.config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('环境变量 TELEGRAM_BOT_TOKEN 未设置');
  registerSecret(token);
  const apiRoot = opts.apiRoot ?? env.config.TELEGRAM_API_ROOT ?? TELEGRAM_API_ROOT;
  const fetchFn: FetchLike = opts.fetch ?? ((url) => fetch(url));
  // in the store: a button pressed after a restart still works (until it expires)
  const store = opts.callbacks ?? new CallbackStore({ persist: { db: env.db, scope: 'telegram' } });
  const rate = opts.rateLimit ?? { timeFrame: 10_000, limit: 5 };
  const bot = new Bot(token, { botInfo: opts.botInfo, client: { apiRoot } });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 300 }));

  // chats are answered side by side (polling by @grammyjs/runner), each chat's updates in order: one chat's PDF import
  // or chart does not hold up another chat's question
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  // getUpdates failures are logged here, redacted (the runner's own logging, silenced, would print the token's URL)
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (e) {
      if (method === 'getUpdates' && !signal?.aborted) log.warn('telegram getUpdates failed', { error: e });
      throw e;
    }
  });

  // the same update delivered twice (webhook retries, restarts) is answered once
  const seen = new RecentKeys<number>(2000);
  bot.use((ctx, next) => (seen.first(ctx.update.update_id) ? next() : undefined));

  const warned = new Map<number, number>();
  const limiter = limit<Context, never>({
    timeFrame: rate.timeFrame,
    limit: rate.limit,
    alwaysReply: true,
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    onLimitExceeded: (ctx) => {
      if (ctx.callbackQuery) return void ctx.answerCallbackQuery({ text: RATE_LIMITED }).catch(() => undefined);
      const id = ctx.from!.id;
      const now = Date.now();
      if (now - (warned.get(id) ?? -Infinity) < rate.timeFrame) return;
      if (warned.size > 10_000) warned.clear();
      warned.set(id, now);
      void ctx.reply(RATE_LIMITED).catch((e) => log.warn('telegram rate-limit reply failed', { error: e }));
    },
  });

  const refused = new Set<string>();
  const access = async (ctx: Context, next: NextFunction) => {
    const chat = ctx.chat;
    if (!chat) return;
    const chatKey = chatKeyOf(chat.id);
    if (isAllowedChat(env.config, chatKey)) return next();
    if (ctx.callbackQuery) return void (await ctx.answerCallbackQuery({ text: '本会话未获授权' }));
    if (refused.has(chatKey)) return;
    refused.add(chatKey);
    log.warn('telegram chat not allowed, refused once', { chat: chatKey, type: chat.type, user: ctx.from?.id });
    await ctx.reply(refusalText(chat.id));
  };

  /** /import with an admin's document: refused over the size limit before downloading, else fetched and imported. */
  const importDocument = async (
    ctx: Context,
    chatId: number,
    userId: string,
    command: string,
    doc: Document,
    replyTo: number | undefined,
  ) => {
    const problem = sizeProblem(doc, env.config.MAX_IMPORT_MB * 1024 * 1024);
    if (problem) return sendAnswer(ctx.api, chatId, { kind: 'error', message: problem }, store, replyTo);
    await ctx.replyWithChatAction('typing').catch(() => undefined);
    const file = await downloadDocument(ctx.api, token, doc, fetchFn, apiRoot);
    const answer = await handleIncoming(env, { chatKey: chatKeyOf(chatId), userId, text: command, file });
    await sendAnswer(ctx.api, chatId, answer, store, replyTo);
  };

  // albums: `/import` on one document of a media group imports every document of it; one reply per document,
  // quoting it, so that each file's result (or failure) stands under that file as soon as it is known
  const albums = new MediaGroups<{ doc: Document; messageId: number }>(ALBUM_WINDOW_MS);
  const albumKey = (msg: Message) => `${msg.chat.id}:${msg.media_group_id}`;

  const onMessage = async (ctx: Context) => {
    const msg = ctx.msg!;
    const req = addressedText(msg, ctx.me)!;
    const userId = `telegram:${ctx.from!.id}`;
    const replyTo = req.quote || msg.media_group_id ? msg.message_id : undefined;
    const doc = msg.document ?? msg.reply_to_message?.document;
    const isImport = splitCommand(req.text)?.name === 'import';
    const admin = isAdmin(env.config, userId);
    // a private chat's album document whose caption is no command: part of an open /import album, if there is one
    if (msg.document && msg.media_group_id && !splitCommand(req.text) && admin) {
      const command = albums.follow(albumKey(msg), userId, { doc: msg.document, messageId: msg.message_id });
      if (command) return importDocument(ctx, msg.chat.id, userId, command, msg.document, msg.message_id);
    }
    // only an admin's file is fetched; for anyone else the dispatcher refuses /import
    if (doc && isImport && admin) {
      // the album is open before this document is fetched: its other documents are imported as they come
      const held = msg.document && msg.media_group_id ? albums.open(albumKey(msg), userId, req.text) : [];
      await importDocument(ctx, msg.chat.id, userId, req.text, doc, replyTo);
      // documents of the album that came before the caption
      for (const h of held) {
        try {
          await importDocument(ctx, msg.chat.id, userId, req.text, h.doc, h.messageId);
        } catch (e) {
          log.error('telegram handler failed', {
            update: ctx.update.update_id,
            chat: chatKeyOf(msg.chat.id),
            error: e,
          });
          await ctx
            .reply(GENERIC_ERROR, { reply_parameters: { message_id: h.messageId, allow_sending_without_reply: true } })
            .catch(() => undefined);
        }
      }
      return;
    }
    const answer = await handleIncoming(env, { chatKey: chatKeyOf(msg.chat.id), userId, text: req.text });
    await sendAnswer(ctx.api, msg.chat.id, answer, store, replyTo);
  };

  /** An album document without a caption for the bot: imported when its album's /import came, held until it does. */
  const onAlbumDocument = async (ctx: Context) => {
    const msg = ctx.msg!;
    const userId = `telegram:${ctx.from!.id}`;
    const command = albums.follow(albumKey(msg), userId, { doc: msg.document!, messageId: msg.message_id });
    if (command) await importDocument(ctx, msg.chat.id, userId, command, msg.document!, msg.message_id);
  };

  const onButton = async (ctx: Context) => {
    const cq = ctx.callbackQuery!;
    const parsed = parseCallbackData(cq.data ?? '');
    const chat = ctx.chat;
    const entry = parsed ? await store.get(parsed.token) : null;
    if (!parsed || !entry || !chat || entry.chatKey !== chatKeyOf(chat.id))
      return void (await ctx.answerCallbackQuery({ text: BUTTON_EXPIRED }));
    if (parsed.kind === 'page' && entry.kind === 'pages' && parsed.page < entry.pages.length) {
      await ctx.answerCallbackQuery();
      const reply_markup = pageKeyboard(parsed.token, parsed.page, entry.pages.length, entry.extra);
      await ctx
        .editMessageText(entry.pages[parsed.page], {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          reply_markup,
        })
        .catch((e) => {
          // a double tap asks for the page already shown
          if (!(e instanceof GrammyError && /message is not modified/i.test(e.description))) throw e;
        });
      return;
    }
    if (parsed.kind === 'chart' && entry.kind === 'chart') {
      await ctx.answerCallbackQuery({ text: CHART_WAIT });
      await ctx.replyWithChatAction('upload_photo').catch(() => undefined);
      await sendAnswer(ctx.api, chat.id, await chartReply(env.lib, entry.answer), store, cq.message?.message_id);
      return;
    }
    if (parsed.kind === 'export' && entry.kind === 'export') {
      await ctx.answerCallbackQuery({ text: EXPORT_WAIT });
      await ctx.replyWithChatAction('upload_document').catch(() => undefined);
      await sendAnswer(
        ctx.api,
        chat.id,
        await exportReply(env.lib, entry.answer, 'xlsx'),
        store,
        cq.message?.message_id,
      );
      return;
    }
    if (parsed.kind !== 'ask' || entry.kind !== 'ask')
      return void (await ctx.answerCallbackQuery({ text: BUTTON_EXPIRED }));
    await ctx.answerCallbackQuery();
    const answer = await handleIncoming(env, {
      chatKey: entry.chatKey,
      userId: `telegram:${cq.from.id}`,
      text: entry.question,
    });
    await sendAnswer(ctx.api, chat.id, answer, store, cq.message?.message_id);
  };

  // a failing handler: the user gets the short generic reply, the log gets the cause
  const onError = async (err: BotError<Context>) => {
    const ctx = err.ctx;
    log.error('telegram handler failed', {
      update: ctx.update.update_id,
      chat: ctx.chat ? chatKeyOf(ctx.chat.id) : null,
      error: err.error,
    });
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: GENERIC_ERROR }).catch(() => undefined);
    if (ctx.chat) await ctx.reply(GENERIC_ERROR).catch((e) => log.error('telegram error reply failed', { error: e }));
  };

  const fenced = bot.errorBoundary(onError);
  fenced.on('message').filter((ctx) => addressedText(ctx.msg, ctx.me) !== null, limiter, access, onMessage);
  // not through the limiter: an album of ten documents is one request
  const albumDocument = (ctx: Context & { msg: Message }) =>
    ctx.msg.media_group_id !== undefined &&
    !ctx.msg.from?.is_bot &&
    isAdmin(env.config, `telegram:${ctx.msg.from?.id}`) &&
    addressedText(ctx.msg, ctx.me) === null;
  fenced.on('message:document').filter(albumDocument, access, onAlbumDocument);
  fenced.on('callback_query:data', limiter, access, onButton);
  bot.catch((err) => log.error('telegram update failed', { update: err.ctx.update.update_id, error: err.error }));

  const setCommands = async () => {
    for (const m of commandMenus(env.config)) {
      await bot.api
        .setMyCommands(m.commands, { scope: m.scope })
        .catch((e) => log.warn('telegram setMyCommands failed', { scope: m.scope.type, error: e }));
    }
  };

  let menus: Promise<void> = Promise.resolve();
  let runner: RunnerHandle | undefined;
  return {
    bot,
    sender: telegramSender(bot.api, store),
    menus: () => menus,
    async start() {
      // menus are a nicety: an unreachable API must not hold up polling (auto-retry backs off for minutes)
      menus = setCommands();
      await bot.init(); // getMe: rejects while Telegram is unreachable (main retries start with backoff)
      await bot.api.deleteWebhook();
      runner = run(bot, {
        runner: {
          fetch: { allowed_updates: ['message', 'callback_query'] },
          // auto-retry already backs off inside getUpdates; the runner tries again each second after that, for ever
          retryInterval: 1000,
          maxRetryTime: Number.MAX_SAFE_INTEGER,
          silent: true,
        },
      });
      void runner.task()?.catch((e) => log.error('telegram polling stopped', { error: e }));
      log.info('telegram bot polling', { username: bot.botInfo.username });
    },
    async stop() {
      if (!runner?.isRunning()) return;
      // stop() ends polling and waits for the updates in hand, at most STOP_WAIT_MS (what is cut off then is lost with
      // the process, as any work in flight)
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_WAIT_MS)));
      const done = await Promise.race([runner.stop().then(() => 'done' as const), late]).finally(() =>
        clearTimeout(timer),
      );
      if (done === 'late') log.warn('telegram stop: updates still being handled were cut off');
    },
  };
}

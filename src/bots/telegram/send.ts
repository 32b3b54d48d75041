import { GrammyError, InputFile, type Api } from 'grammy';
import { clampCaption } from '../../chart/index.js';
import { ChatGoneError, type Sender } from '../../chat/sender.js';
import type { Answer } from '../../query/answer.js';
import { telegramMessages } from '../../render/telegram.js';
import type { CallbackStore } from './memory.js';

export const chatKeyOf = (chatId: number): string => `telegram:${chatId}`;

export function chatIdOf(chatKey: string): number {
  const m = /^telegram:(-?\d+)$/.exec(chatKey);
  if (!m) throw new Error(`not a telegram chat key: ${chatKey}`);
  return Number(m[1]);
}

const quoting = (replyTo?: number) =>
  replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {};

/** sendPhoto of a PNG from memory; the caption is plain text, at most 1,024 characters. */
export async function sendPng(api: Api, chatId: number, png: Buffer, caption: string, replyTo?: number): Promise<void> {
  await api.sendPhoto(chatId, new InputFile(png, 'chart.png'), { caption: clampCaption(caption), ...quoting(replyTo) });
}

/** sendDocument of an exported table from memory (≤ 50 MB), named as the file says what it is. */
export async function sendFile(
  api: Api,
  chatId: number,
  file: Extract<Answer, { kind: 'file' }>,
  replyTo?: number,
): Promise<void> {
  await api.sendDocument(chatId, new InputFile(file.bytes, file.fileName), {
    caption: clampCaption(file.caption),
    ...quoting(replyTo),
  });
}

/**
 * Renders and sends an answer (a chart as a photo, an export as a document); button tokens are bound to this chat.
 * The first message quotes `replyTo`.
 */
export async function sendAnswer(
  api: Api,
  chatId: number,
  answer: Answer,
  store: CallbackStore,
  replyTo?: number,
): Promise<void> {
  if (answer.kind === 'chart') return sendPng(api, chatId, answer.png, answer.caption, replyTo);
  if (answer.kind === 'file') return sendFile(api, chatId, answer, replyTo);
  const chatKey = chatKeyOf(chatId);
  const msgs = telegramMessages(answer, (target) => store.put({ ...target, chatKey }));
  // the buttons' targets are stored before any button can be pressed
  await store.flush();
  for (const [i, m] of msgs.entries()) {
    const { text, ...rest } = m;
    await api.sendMessage(chatId, text, { ...rest, ...(i === 0 ? quoting(replyTo) : {}) });
  }
}

/** 403: the bot was kicked or blocked; 400 "chat not found": the chat is gone. */
export const isChatGone = (e: unknown): boolean =>
  e instanceof GrammyError && (e.error_code === 403 || (e.error_code === 400 && /chat not found/i.test(e.description)));

/** Pushes (digests) through the same renderer; a chat that no longer takes the bot's messages becomes ChatGoneError. */
export function telegramSender(api: Api, store: CallbackStore): Sender {
  const gone =
    (chatKey: string) =>
    (e: unknown): never => {
      throw isChatGone(e) ? new ChatGoneError(chatKey, { cause: e }) : e;
    };
  return {
    transport: 'telegram',
    send: (chatKey, answer) => sendAnswer(api, chatIdOf(chatKey), answer, store).catch(gone(chatKey)),
    sendImage: (chatKey, png, caption) => sendPng(api, chatIdOf(chatKey), png, caption).catch(gone(chatKey)),
  };
}

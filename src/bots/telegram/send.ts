import { GrammyError, type Api } from 'grammy';
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

/** Renders and sends an answer; button tokens are bound to this chat. The first message quotes `replyTo`. */
export async function sendAnswer(api: Api, chatId: number, answer: Answer, store: CallbackStore, replyTo?: number): Promise<void> {
  const chatKey = chatKeyOf(chatId);
  const msgs = telegramMessages(answer, (target) => store.put({ ...target, chatKey }));
  for (const [i, m] of msgs.entries()) {
    const { text, ...rest } = m;
    await api.sendMessage(chatId, text, { ...rest, ...(i === 0 && replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}) });
  }
}

/** 403: the bot was kicked or blocked; 400 "chat not found": the chat is gone. */
export const isChatGone = (e: unknown): boolean =>
  e instanceof GrammyError && (e.error_code === 403 || (e.error_code === 400 && /chat not found/i.test(e.description)));

/** Pushes (digests) through the same renderer; a chat that no longer takes the bot's messages becomes ChatGoneError. */
export function telegramSender(api: Api, store: CallbackStore): Sender {
  return {
    transport: 'telegram',
    async send(chatKey, answer) {
      try {
        await sendAnswer(api, chatIdOf(chatKey), answer, store);
      } catch (e) {
        if (isChatGone(e)) throw new ChatGoneError(chatKey, { cause: e });
        throw e;
      }
    },
  };
}

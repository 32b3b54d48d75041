import { z } from 'zod';
import { GENERIC_ERROR, handleIncoming, type ChatEnv } from '../../chat/dispatch.js';
import { log } from '../../log.js';
import type { Answer } from '../../query/answer.js';
import { larkCardForAnswer, type LarkCard } from '../../render/lark.js';
import type { CardActionEvent } from './events.js';
import type { SeenSet, TaskQueue } from './queue.js';

/** The callback response: a toast, and optionally the card that replaces the pressed one. */
export interface CardActionResponse {
  toast?: { type: 'info' | 'success'; content: string };
  card?: { type: 'raw'; data: LarkCard };
}

/** A button's value comes back from the client: check it before use. */
const askValue = z.object({ a: z.literal('ask'), q: z.string().trim().min(1).max(200) });

export interface CardActionDeps {
  env: ChatEnv;
  seen: SeenSet;
  queue: TaskQueue;
  allowed: (chatKey: string, userId: string) => boolean;
  reply: (messageId: string, card: LarkCard, uuid: string) => Promise<void>;
  send: (chatId: string, card: LarkCard) => Promise<void>;
  budgetMs: number;
}

const within = <T>(p: Promise<T>, ms: number): Promise<T | null> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(null), ms);
    p.then((v) => { clearTimeout(timer); resolve(v); }, (e: unknown) => { clearTimeout(timer); reject(e); });
  });

const toast = (type: 'info' | 'success', content: string): CardActionResponse => ({ toast: { type, content } });

/**
 * A button press answers the candidate's question. Lark wants the response within 3 s: an answer ready within
 * the budget replaces the pressed card; a slower one is sent as a reply when ready, and the toast says so.
 */
export async function handleCardAction(d: CardActionEvent, deps: CardActionDeps): Promise<CardActionResponse> {
  try {
    if (d.event_id && !deps.seen.add(`e:${d.event_id}`)) return {};
    const value = askValue.safeParse(d.action?.value);
    const chatId = d.context?.open_chat_id ?? d.open_chat_id;
    const messageId = d.context?.open_message_id ?? d.open_message_id;
    const openId = d.operator?.open_id;
    if (!value.success || !chatId || !openId) return toast('info', '无法识别的操作');
    const chatKey = `lark:${chatId}`;
    const userId = `lark:${openId}`;
    if (!deps.allowed(chatKey, userId)) {
      log.warn('lark chat not allowed', { chat: chatKey, user: userId });
      return toast('info', '本会话暂未开通决算问数');
    }
    const work: Promise<Answer> = handleIncoming(deps.env, { chatKey, userId, text: value.data.q });
    const quick = await within(work, deps.budgetMs);
    if (quick) return { ...toast('success', '已查询'), card: { type: 'raw', data: larkCardForAnswer(quick) } };
    deps.queue.run(chatKey, async () => {
      const card = larkCardForAnswer(await work);
      if (messageId) await deps.reply(messageId, card, `c${d.event_id ?? messageId}`);
      else await deps.send(chatId, card);
    });
    return toast('info', '正在查询，结果稍后回复');
  } catch (e) {
    log.error('lark card action failed', { error: e });
    return toast('info', GENERIC_ERROR);
  }
}

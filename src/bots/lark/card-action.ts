import { z } from 'zod';
import { GENERIC_ERROR, handleIncoming, type ChatEnv } from '../../chat/dispatch.js';
import { log } from '../../log.js';
import type { Answer } from '../../query/answer.js';
import type { LarkCard } from '../../render/lark.js';
import type { CardActionEvent } from './events.js';
import type { SeenSet, TaskQueue } from './queue.js';

/** The callback response: a toast, and optionally the card that replaces the pressed one. */
export interface CardActionResponse {
  toast?: { type: 'info' | 'success'; content: string };
  card?: { type: 'raw'; data: LarkCard };
}

/** A button's value comes back from the client: check it before use. */
const buttonValue = z.discriminatedUnion('a', [
  z.object({ a: z.literal('ask'), q: z.string().trim().min(1).max(200) }),
  z.object({ a: z.literal('chart'), t: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/) }),
]);

export const BUTTON_EXPIRED = '按钮已过期，请重新提问';
export const CHART_WAIT = '正在生成图表，稍后发送';

export interface CardActionDeps {
  env: ChatEnv;
  seen: SeenSet;
  queue: TaskQueue;
  allowed: (chatKey: string, userId: string) => boolean;
  reply: (messageId: string, card: LarkCard, uuid: string) => Promise<void>;
  send: (chatId: string, card: LarkCard) => Promise<void>;
  /** an answer's card for this chat: 看图 minted, a chart answer's image uploaded */
  render: (chatKey: string, answer: Answer) => Promise<LarkCard>;
  /** the answer a 看图 token stands for, if it was sent to this chat and is still remembered */
  chartOf: (chatKey: string, token: string) => Answer | null;
  /** the answer's card with its chart uploaded above the table */
  chartCard: (answer: Answer) => Promise<LarkCard>;
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
 * 看图 always answers with a toast at once: drawing and uploading the chart runs in the queue, then a reply.
 */
export async function handleCardAction(d: CardActionEvent, deps: CardActionDeps): Promise<CardActionResponse> {
  try {
    if (d.event_id && !deps.seen.add(`e:${d.event_id}`)) return {};
    const value = buttonValue.safeParse(d.action?.value);
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
    const answerBack = (card: LarkCard) => (messageId ? deps.reply(messageId, card, `c${d.event_id ?? messageId}`) : deps.send(chatId, card));
    if (value.data.a === 'chart') {
      const answer = deps.chartOf(chatKey, value.data.t);
      if (!answer) return toast('info', BUTTON_EXPIRED);
      deps.queue.run(chatKey, async () => answerBack(await deps.chartCard(answer)));
      return toast('info', CHART_WAIT);
    }
    const work: Promise<LarkCard> = handleIncoming(deps.env, { chatKey, userId, text: value.data.q }).then((a) => deps.render(chatKey, a));
    const quick = await within(work, deps.budgetMs);
    if (quick) return { ...toast('success', '已查询'), card: { type: 'raw', data: quick } };
    deps.queue.run(chatKey, async () => answerBack(await work));
    return toast('info', '正在查询，结果稍后回复');
  } catch (e) {
    log.error('lark card action failed', { error: e });
    return toast('info', GENERIC_ERROR);
  }
}

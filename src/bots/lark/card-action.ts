import { z } from 'zod';
import { GENERIC_ERROR, handleIncoming, type ChatEnv } from '../../chat/dispatch.js';
import { RATE_LIMITED } from '../../chat/rate-limit.js';
import { log } from '../../log.js';
import type { Answer } from '../../query/answer.js';
import type { LarkCard } from '../../render/lark.js';
import type { CardActionEvent } from './events.js';
import type { TaskQueue } from './queue.js';

/** The callback response: a toast, and optionally the card that replaces the pressed one. */
export interface CardActionResponse {
  toast?: { type: 'info' | 'success'; content: string };
  card?: { type: 'raw'; data: LarkCard };
}

/** A button's value comes back from the client: check it before use. */
const token = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/);
const buttonValue = z.union([
  // a clarify candidate: the question is kept by token
  z.object({ a: z.literal('ask'), t: token }),
  // a fixed example question (help card), or a card sent before questions were kept by token
  z.object({ a: z.literal('ask'), q: z.string().trim().min(1).max(200) }),
  z.object({ a: z.literal('chart'), t: token }),
  z.object({ a: z.literal('export'), t: token }),
]);

export const BUTTON_EXPIRED = '按钮已过期，请重新提问';
export const CHART_WAIT = '正在生成图表，稍后发送';
export const EXPORT_WAIT = '正在生成 Excel 文件，稍后发送';

export interface CardActionDeps {
  env: ChatEnv;
  /** true for the first delivery of an event with these keys (kept across restarts) */
  firstTime: (keys: string[]) => Promise<boolean>;
  queue: TaskQueue;
  allowed: (chatKey: string, userId: string) => boolean;
  /** this user pressed or asked too often just now */
  limited: (userId: string) => boolean;
  reply: (messageId: string, card: LarkCard, uuid: string) => Promise<void>;
  send: (chatId: string, card: LarkCard) => Promise<void>;
  /** an answer's card for this chat: 看图 minted, a chart answer's image uploaded */
  render: (chatKey: string, answer: Answer) => Promise<LarkCard>;
  /** sends an answer back: a file answer as a file message, anything else as its card */
  deliver: (
    chatKey: string,
    target: { messageId?: string; chatId: string },
    answer: Answer,
    uuid: string,
  ) => Promise<void>;
  /** the answer a 看图 or 导出Excel token stands for, if it was sent to this chat and has not expired */
  answerOf: (chatKey: string, token: string) => Promise<Answer | null>;
  /** the question a clarify button's token stands for, if it was sent to this chat and has not expired */
  questionOf: (chatKey: string, token: string) => Promise<string | null>;
  /** the answer's card with its chart uploaded above the table */
  chartCard: (answer: Answer) => Promise<LarkCard>;
  /** the answer's table as a workbook (a file answer), or why not */
  exportFile: (answer: Answer) => Promise<Answer>;
  budgetMs: number;
}

const within = <T>(p: Promise<T>, ms: number): Promise<T | null> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(null), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });

const toast = (type: 'info' | 'success', content: string): CardActionResponse => ({ toast: { type, content } });

/**
 * A button press answers the candidate's question. Lark wants the response within 3 s: an answer ready within
 * the budget replaces the pressed card; a slower one is sent as a reply when ready, and the toast says so.
 * 看图 and 导出Excel always answer with a toast at once: drawing or writing and uploading runs in the queue, then a reply.
 * An answer that is a file (a question ending in 导出) is always sent as a file message, never in place of the card.
 */
export async function handleCardAction(d: CardActionEvent, deps: CardActionDeps): Promise<CardActionResponse> {
  try {
    if (d.event_id && !(await deps.firstTime([`e:${d.event_id}`]))) return {};
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
    if (deps.limited(userId)) return toast('info', RATE_LIMITED);
    const uuid = `c${d.event_id ?? messageId}`;
    const answerBack = (card: LarkCard) => (messageId ? deps.reply(messageId, card, uuid) : deps.send(chatId, card));
    const target = { messageId, chatId };
    const v = value.data;
    if (v.a === 'chart' || v.a === 'export') {
      const answer = await deps.answerOf(chatKey, v.t);
      if (!answer) return toast('info', BUTTON_EXPIRED);
      if (v.a === 'chart') deps.queue.run(chatKey, async () => answerBack(await deps.chartCard(answer)));
      else deps.queue.run(chatKey, async () => deps.deliver(chatKey, target, await deps.exportFile(answer), uuid));
      return toast('info', v.a === 'chart' ? CHART_WAIT : EXPORT_WAIT);
    }
    const question = 'q' in v ? v.q : await deps.questionOf(chatKey, v.t);
    if (!question) return toast('info', BUTTON_EXPIRED);
    const asked = handleIncoming(deps.env, { chatKey, userId, text: question });
    const work: Promise<LarkCard | Answer> = asked.then((a): Promise<LarkCard | Answer> | Answer =>
      a.kind === 'file' ? a : deps.render(chatKey, a),
    );
    const quick = await within(work, deps.budgetMs);
    if (quick && !('kind' in quick)) return { ...toast('success', '已查询'), card: { type: 'raw', data: quick } };
    deps.queue.run(chatKey, async () => {
      const done = await work;
      return 'kind' in done ? deps.deliver(chatKey, target, done, uuid) : answerBack(done);
    });
    return toast('info', quick ? '正在发送文件' : '正在查询，结果稍后回复');
  } catch (e) {
    log.error('lark card action failed', { error: e });
    return toast('info', GENERIC_ERROR);
  }
}

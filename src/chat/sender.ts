import type { Answer } from '../query/answer.js';

/**
 * Pushes an Answer to a chat without an incoming message (scheduled digests). Each transport implements it
 * with its own renderer; `chatKey` is "telegram:<chat id>" or "lark:<chat id>".
 */
export interface Sender {
  transport: 'telegram' | 'lark' | 'console';
  send(chatKey: string, answer: Answer): Promise<void>;
  /** a PNG with a one-line caption (a digest's chart); transports that cannot show images leave it out */
  sendImage?(chatKey: string, png: Buffer, caption: string): Promise<void>;
}

/** Thrown by a Sender when the chat no longer accepts the bot (removed, blocked): the caller pauses. */
export class ChatGoneError extends Error {
  constructor(
    readonly chatKey: string,
    options?: { cause?: unknown },
  ) {
    super(`chat ${chatKey} no longer accepts messages`, options);
    this.name = 'ChatGoneError';
  }
}

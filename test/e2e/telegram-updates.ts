export interface User {
  id: number;
  is_bot: false;
  first_name: string;
}

export type Chat =
  | { id: number; type: 'private'; first_name: string }
  | { id: number; type: 'group' | 'supergroup'; title: string };

export const user = (id: number, name = `用户${id}`): User => ({ id, is_bot: false, first_name: name });
export const privateChat = (u: User): Chat => ({ id: u.id, type: 'private', first_name: u.first_name });
export const group = (id: number, title = `群${-id}`): Chat => ({ id, type: 'supergroup', title });

/** An update the fake holds: `deliveries` counts the getUpdates answers it was in. */
interface Queued {
  update: { update_id: number } & Record<string, unknown>;
  queuedAt: number;
  deliveries: number;
}

/** What a test gets back for an update it queued: the message it carried, to match the bot's reply to it. */
export interface Sent {
  updateId: number;
  messageId: number;
  chat: Chat;
  queuedAt: number;
}

/**
 * The updates a fake Bot API server holds for the bot, as Telegram does: numbered in order, kept until the bot
 * confirms them (getUpdates with a higher offset), files sent in them downloadable by their file_path.
 */
export class UpdateQueue {
  private queue: Queued[] = [];
  private nextUpdate = 1;
  private nextMessage = 1;
  private readonly files = new Map<string, { path: string; bytes: Buffer }>();
  private readonly chats = new Map<number, Chat>();
  private readonly waiting = new Set<() => void>();
  /** every update ever queued, by id: how often each was delivered */
  readonly delivered = new Map<number, number>();

  constructor(private readonly bot: { id: number; username: string }) {}

  chatOf(id: number): Chat {
    return this.chats.get(id) ?? (id < 0 ? group(id) : { id, type: 'private', first_name: String(id) });
  }

  /** A text message; commands get their bot_command entity, `@bot` its mention entity (offsets in UTF-16). */
  message(from: User, chat: Chat, text: string, extra: Record<string, unknown> = {}): Sent {
    const entities = [];
    const cmd = /^\/\S+/.exec(text);
    if (cmd) entities.push({ type: 'bot_command', offset: 0, length: cmd[0].length });
    const at = text.indexOf(`@${this.bot.username}`);
    if (at >= 0 && !cmd) entities.push({ type: 'mention', offset: at, length: this.bot.username.length + 1 });
    return this.push(from, chat, { text, ...(entities.length ? { entities } : {}), ...extra });
  }

  /** A document with a caption; its bytes are served at /file/bot<token>/documents/<name>. */
  document(from: User, chat: Chat, file: { name: string; bytes: Buffer; mime?: string }, caption?: string): Sent {
    const fileId = `file${this.files.size + 1}`;
    const path = `documents/file_${this.files.size + 1}${/\.\w+$/.exec(file.name)?.[0] ?? ''}`;
    this.files.set(fileId, { path, bytes: file.bytes });
    const cmd = caption ? /^\/\S+/.exec(caption) : null;
    return this.push(from, chat, {
      document: {
        file_id: fileId,
        file_unique_id: `u${fileId}`,
        file_name: file.name,
        mime_type: file.mime ?? 'application/octet-stream',
        file_size: file.bytes.length,
      },
      ...(caption ? { caption } : {}),
      ...(cmd ? { caption_entities: [{ type: 'bot_command', offset: 0, length: cmd[0].length }] } : {}),
    });
  }

  /** A press of a button under a message the bot sent (the result of its sendMessage). */
  press(from: User, message: { message_id: number; chat: Chat } & Record<string, unknown>, data: string): number {
    this.chats.set(message.chat.id, message.chat);
    const id = this.nextUpdate++;
    this.add({
      update_id: id,
      callback_query: { id: `cq${id}`, from, message, chat_instance: `ci${message.chat.id}`, data },
    });
    return id;
  }

  file(fileId: string): { path: string; bytes: Buffer } | undefined {
    return this.files.get(fileId);
  }

  download(path: string): Buffer | undefined {
    return [...this.files.values()].find((f) => f.path === path)?.bytes;
  }

  /** getUpdates with this offset: updates below it are confirmed and forgotten. */
  confirm(offset: number): void {
    if (offset > 0) this.queue = this.queue.filter((q) => q.update.update_id >= offset);
  }

  pending(): number {
    return this.queue.length;
  }

  /** The updates not yet confirmed, oldest first: a bot that does not confirm them gets them again. */
  deliver(limit: number): unknown[] {
    const out = this.queue.slice(0, limit);
    for (const q of out) {
      q.deliveries++;
      this.delivered.set(q.update.update_id, q.deliveries);
    }
    return out.map((q) => q.update);
  }

  onWaiting(f: () => void): void {
    this.waiting.add(f);
  }

  offWaiting(f: () => void): void {
    this.waiting.delete(f);
  }

  private push(from: User, chat: Chat, content: Record<string, unknown>): Sent {
    this.chats.set(chat.id, chat);
    const updateId = this.nextUpdate++;
    const messageId = this.nextMessage++;
    const date = Math.floor(Date.now() / 1000);
    const queuedAt = this.add({
      update_id: updateId,
      message: { message_id: messageId, date, chat, from, ...content },
    });
    return { updateId, messageId, chat, queuedAt };
  }

  private add(update: Queued['update']): number {
    const queuedAt = Date.now();
    this.queue.push({ update, queuedAt, deliveries: 0 });
    this.delivered.set(update.update_id, 0);
    for (const f of [...this.waiting]) f();
    return queuedAt;
  }
}

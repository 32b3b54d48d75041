import type { Message, MessageEntity, UserFromGetMe } from 'grammy/types';
import { COMMANDS } from '../../../commands/index.js';

export interface Addressed {
  /** the question or command, mention of the bot removed */
  text: string;
  /** group chats quote the message they answer */
  quote: boolean;
}

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?=\s|$)/;

/** Removes every mention of the bot (by @username or as a text mention) and tidies the spaces left behind. */
export function stripMentions(
  text: string,
  entities: MessageEntity[],
  me: UserFromGetMe,
): { text: string; mentioned: boolean } {
  const name = `@${me.username.toLowerCase()}`;
  const hits = entities
    .filter(
      (e) =>
        (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === name) ||
        (e.type === 'text_mention' && e.user.id === me.id),
    )
    .sort((a, b) => b.offset - a.offset);
  let out = text;
  // offsets are UTF-16 code units, as JS string indices are
  for (const e of hits) out = `${out.slice(0, e.offset)} ${out.slice(e.offset + e.length)}`;
  return { text: hits.length ? out.replace(/[ \t\u3000]+/g, ' ').trim() : text.trim(), mentioned: hits.length > 0 };
}

/**
 * Is this message for the bot, and with what text? Private chats: every text or caption. Groups: commands
 * (ours, or unaddressed ones the registry knows), @mentions of the bot and replies to its messages.
 */
export function addressedText(msg: Message, me: UserFromGetMe): Addressed | null {
  const raw = msg.text ?? msg.caption;
  if (raw === undefined || msg.from?.is_bot) return null;
  const { text, mentioned } = stripMentions(raw, msg.entities ?? msg.caption_entities ?? [], me);
  const cmd = COMMAND.exec(text);
  if (cmd?.[2] && cmd[2].toLowerCase() !== me.username.toLowerCase()) return null;
  if (msg.chat.type === 'private') return { text: text || '/help', quote: false };
  if (msg.chat.type === 'channel') return null;
  const ours = cmd ? Boolean(cmd[2]) || cmd[1].toLowerCase() in COMMANDS : false;
  const replyToBot = msg.reply_to_message?.from?.id === me.id;
  if (!ours && !mentioned && !replyToBot) return null;
  return { text: text || '/help', quote: true };
}

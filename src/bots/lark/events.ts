import type { EventHandles } from '@larksuiteoapi/node-sdk';

/** `im.message.receive_v1` after the SDK flattened header and event into one object. */
export type ReceiveEvent = Parameters<NonNullable<EventHandles['im.message.receive_v1']>>[0];

/** `card.action.trigger` (schema 2.0), flattened the same way; not in the SDK's typings. */
export interface CardActionEvent {
  event_id?: string;
  operator?: { open_id?: string };
  action?: { value?: unknown; tag?: string };
  context?: { open_message_id?: string; open_chat_id?: string };
  /** older callback shapes carry these at the top */
  open_message_id?: string;
  open_chat_id?: string;
}

export interface Inbound {
  messageId: string;
  chatId: string;
  p2p: boolean;
  openId: string;
  fromUser: boolean;
  /** text with every @mention placeholder removed */
  text: string;
  file: { key: string; name: string } | null;
  mentions: string[];
  kind: 'text' | 'file' | 'other';
}

const parseContent = (content: string): Record<string, unknown> => {
  try {
    const v: unknown = JSON.parse(content);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** "@_user_1 三公经费执行率" → "三公经费执行率": placeholders are the mention keys (and @_all). */
export function stripMentions(text: string, keys: string[]): string {
  const known = [...keys].sort((a, b) => b.length - a.length).reduce((t, k) => t.split(k).join(' '), text);
  return known
    .replace(/@_user_\d+|@_all/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseReceive(d: ReceiveEvent): Inbound {
  const m = d.message;
  const content = parseContent(m.content ?? '');
  const mentions = m.mentions ?? [];
  const kind = m.message_type === 'text' ? 'text' : m.message_type === 'file' ? 'file' : 'other';
  const fileKey = typeof content.file_key === 'string' ? content.file_key : null;
  return {
    messageId: m.message_id,
    chatId: m.chat_id,
    p2p: m.chat_type === 'p2p',
    openId: d.sender?.sender_id?.open_id ?? '',
    fromUser: d.sender?.sender_type === 'user',
    text:
      kind === 'text' && typeof content.text === 'string'
        ? stripMentions(
            content.text,
            mentions.map((x) => x.key),
          )
        : '',
    file:
      kind === 'file' && fileKey
        ? { key: fileKey, name: typeof content.file_name === 'string' ? content.file_name : 'report' }
        : null,
    mentions: mentions.map((x) => x.id?.open_id ?? '').filter(Boolean),
    kind,
  };
}

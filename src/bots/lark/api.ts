import { UserError } from '../../errors.js';
import { log } from '../../log.js';
import type { LarkCard } from '../../render/lark.js';
import { callLark, check, type LarkClient, larkCode } from './call.js';

export type { LarkClient } from './call.js';

/**
 * The chat no longer takes our messages. 230002: the bot is not in the group; 230027: lacks permission
 * (im/v1 message docs); 230017: what the SDK's own LarkChannel treats as "target revoked". Not 230020, which the SDK
 * also lists: the message docs give it as the per-chat frequency limit, so it is retried (call.ts), and a digest
 * throttled by it is not paused.
 */
const CHAT_GONE = new Set([230002, 230017, 230027]);
export const isChatGone = (e: unknown): boolean => CHAT_GONE.has(larkCode(e) ?? -1);

/** GET /open-apis/bot/v3/info → the bot's own open_id, to recognise @mentions of it. */
export async function fetchBotOpenId(client: LarkClient): Promise<string> {
  const r = await callLark(client, 'bot info', async () =>
    check(
      await client.request<{ code?: number; msg?: string; bot?: { open_id?: string } }>({
        url: '/open-apis/bot/v3/info',
        method: 'GET',
      }),
    ),
  );
  const id = r?.bot?.open_id;
  if (!id) throw new Error('bot/v3/info returned no open_id');
  return id;
}

/** `uuid` makes Lark drop a repeated send for an hour: a redelivered event answered twice sends once. */
export async function replyCard(client: LarkClient, messageId: string, card: LarkCard, uuid?: string): Promise<void> {
  await callLark(client, 'message reply', async () =>
    check(
      await client.im.message.reply({
        path: { message_id: messageId },
        data: { msg_type: 'interactive', content: JSON.stringify(card), ...(uuid ? { uuid: uuid.slice(0, 50) } : {}) },
      }),
    ),
  );
}

export async function sendCard(client: LarkClient, chatId: string, card: LarkCard): Promise<void> {
  await callLark(client, 'message create', async () =>
    check(
      await client.im.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: chatId, msg_type: 'interactive', content: JSON.stringify(card) },
      }),
    ),
  );
}

/** im.image.create (image_type message) → the image_key a card's `img` element shows. The SDK unwraps `data`. */
export async function uploadImage(client: LarkClient, png: Buffer): Promise<string> {
  const r = await callLark(client, 'image upload', () =>
    client.im.image.create({ data: { image_type: 'message', image: png } }),
  );
  if (!r?.image_key) throw new Error('im.image.create returned no image_key');
  return r.image_key;
}

/**
 * im.file.create (≤ 30 MB, not empty) → the file_key a file message sends. Lark's file types name xls for
 * spreadsheets (.xlsx included); a CSV is a plain `stream`. The SDK unwraps `data`.
 */
export async function uploadFile(
  client: LarkClient,
  file: { bytes: Buffer; fileName: string; format: 'xlsx' | 'csv' },
): Promise<string> {
  const r = await callLark(client, 'file upload', () =>
    client.im.file.create({
      data: { file_type: file.format === 'xlsx' ? 'xls' : 'stream', file_name: file.fileName, file: file.bytes },
    }),
  );
  if (!r?.file_key) throw new Error('im.file.create returned no file_key');
  return r.file_key;
}

/** A file message (`msg_type: file`, content {file_key}) in reply to a message, or into a chat when there is none. */
export async function replyFile(
  client: LarkClient,
  target: { messageId?: string; chatId: string },
  fileKey: string,
  uuid?: string,
): Promise<void> {
  const data = {
    msg_type: 'file',
    content: JSON.stringify({ file_key: fileKey }),
    ...(uuid ? { uuid: uuid.slice(0, 50) } : {}),
  };
  await callLark(client, target.messageId ? 'message reply' : 'message create', async () =>
    check(
      target.messageId
        ? await client.im.message.reply({ path: { message_id: target.messageId }, data })
        : await client.im.message.create({
            params: { receive_id_type: 'chat_id' },
            data: { receive_id: target.chatId, ...data },
          }),
    ),
  );
}

const tooLarge = (name: string, max: number) =>
  new UserError('E_TOO_LARGE', `「${name}」超过 ${Math.round(max / 1048576)} MB 上限，无法导入。`);

/** Downloads a file sent in a message, stopping as soon as it passes `maxBytes`. */
export async function downloadFile(
  client: LarkClient,
  messageId: string,
  file: { key: string; name: string },
  maxBytes: number,
): Promise<Uint8Array> {
  const res = await callLark(client, 'file download', () =>
    client.im.messageResource.get({
      params: { type: 'file' },
      path: { message_id: messageId, file_key: file.key },
    }),
  );
  const declared = Number((res.headers as Record<string, unknown> | undefined)?.['content-length'] ?? 0);
  if (declared > maxBytes) throw tooLarge(file.name, maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.getReadableStream() as AsyncIterable<Buffer | string>) {
    const b = Buffer.from(chunk);
    size += b.length;
    if (size > maxBytes) throw tooLarge(file.name, maxBytes);
    chunks.push(b);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** The SDK logs whole axios errors (request headers carry the tenant token): keep messages and Lark codes only. */
const brief = (x: unknown): string => {
  if (typeof x === 'string') return x;
  if (x instanceof Error) return `${x.name}: ${x.message}${larkCode(x) !== null ? ` (code ${larkCode(x)})` : ''}`;
  if (Array.isArray(x)) return x.map(brief).join('; ');
  if (x && typeof x === 'object') {
    const o = x as { message?: unknown; code?: unknown; msg?: unknown };
    return (
      [o.message, o.code, o.msg]
        .filter((v) => v !== undefined)
        .map(String)
        .join(' ') || '[object]'
    );
  }
  return String(x);
};
const sdkLine =
  (level: 'info' | 'warn' | 'error') =>
  (...msg: unknown[]) =>
    log[level]('lark sdk', { detail: msg.map(brief).join(' ') });
export const sdkLogger = {
  error: sdkLine('error'),
  warn: sdkLine('warn'),
  info: sdkLine('info'),
  debug: () => {},
  trace: () => {},
};

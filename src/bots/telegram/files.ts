import type { Api } from 'grammy';
import type { Document } from 'grammy/types';

/** Bot API getFile serves files up to 20 MB. */
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;
export const TELEGRAM_API_ROOT = 'https://api.telegram.org';

export type FetchLike = (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;

/** The refusal for a file over the import limit or Telegram's download limit, or null when it may be fetched. */
export function sizeProblem(doc: Document, maxImportBytes: number): string | null {
  const limit = Math.min(maxImportBytes, TELEGRAM_DOWNLOAD_LIMIT);
  if (doc.file_size === undefined || doc.file_size <= limit) return null;
  const why = maxImportBytes > TELEGRAM_DOWNLOAD_LIMIT ? '（Telegram 机器人只能下载 20 MB 以内的文件）' : '';
  return `文件过大（${mb(doc.file_size)}），上限 ${mb(limit)}${why}。`;
}

/** getFile, then the file URL; the URL holds the bot token, so it never goes into an error message. */
export async function downloadDocument(
  api: Api,
  token: string,
  doc: Document,
  fetchFn: FetchLike,
  apiRoot = TELEGRAM_API_ROOT,
): Promise<{ name: string; bytes: Uint8Array }> {
  const file = await api.getFile(doc.file_id);
  if (!file.file_path) throw new Error('getFile returned no file_path');
  let res: Awaited<ReturnType<FetchLike>>;
  try {
    res = await fetchFn(`${apiRoot}/file/bot${token}/${file.file_path}`);
  } catch (e) {
    throw new Error('telegram file download failed', { cause: e instanceof Error ? e.message : String(e) });
  }
  if (!res.ok) throw new Error(`telegram file download failed: HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > TELEGRAM_DOWNLOAD_LIMIT) throw new Error('telegram file larger than announced');
  return { name: doc.file_name ?? file.file_path.split('/').pop() ?? 'report', bytes };
}

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { UserError } from '../errors.js';

/** what is read at a time from a file that turned out longer than its size said */
const CHUNK = 1024 * 1024;

/**
 * The bytes of the regular file at `path`, of at most `maxBytes`. The file is opened without blocking (a FIFO would
 * wait for a writer) and checked through the open handle, so what is read is what was checked: a device, pipe or
 * folder — /dev/zero, <(…), a symlink to either — is refused before a byte is read. At most maxBytes + 1 bytes are
 * read: a file past the limit, or growing past it while read, gets `tooLarge(bytes seen)`.
 */
export async function readRegularFile(
  path: string,
  maxBytes: number,
  tooLarge: (size: number) => UserError,
): Promise<Uint8Array> {
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((e: NodeJS.ErrnoException) => {
    const missing = e.code === 'ENOENT' || e.code === 'ENOTDIR';
    throw new UserError('E_BAD_FILE', missing ? `找不到文件「${path}」` : `无法打开文件「${path}」（${e.code}）`, {
      cause: e,
    });
  });
  try {
    const info = await file.stat();
    if (!info.isFile())
      throw new UserError('E_BAD_FILE', `「${basename(path)}」不是普通文件（设备、管道或目录），无法导入。`);
    if (info.size > maxBytes) throw tooLarge(info.size);
    const parts: Uint8Array[] = [];
    let total = 0;
    // one byte more than the size said, so that a file grown since is noticed and read on
    for (let want = info.size + 1; ; want = CHUNK) {
      const buf = new Uint8Array(Math.min(want, maxBytes + 1 - total));
      let n = 0;
      for (let got = -1; got !== 0 && n < buf.length; n += got) {
        got = (await file.read(buf, n, buf.length - n, null)).bytesRead;
      }
      total += n;
      if (total > maxBytes) throw tooLarge(total);
      parts.push(buf.subarray(0, n));
      if (n < buf.length) return parts.length === 1 ? parts[0] : new Uint8Array(Buffer.concat(parts));
    }
  } finally {
    await file.close();
  }
}

import { extname } from 'node:path';
import { crc32 } from 'node:zlib';
import { Inflate } from 'fflate';
import { UserError } from '../errors.js';
import { formatSize } from './extract.js';

/**
 * Zip archives of reports, read in memory. The central directory is read here (names as raw bytes, flags, declared
 * sizes) so that every limit is checked before anything is inflated; fflate's streaming Inflate does the inflating,
 * fed in small slices so that it stops as soon as an entry grows past the size the directory declared.
 */

/** Report files: what a folder walk or an archive imports. */
export const REPORT_EXT = new Set(['.pdf', '.txt', '.text', '.doc', '.docx', '.html', '.htm', '.xlsx']);

/** Office and OpenDocument files are zips too, but not archives of reports: they are refused as files. */
const ZIP_BASED_DOCUMENTS = new Set(['.docx', '.xlsx', '.pptx', '.odt', '.ods', '.odp', '.epub', '.jar', '.apk']);

export interface ZipLimits {
  /** report files (PDF, text) in one archive */
  maxEntries: number;
  /** records of any kind in the central directory: folders, __MACOSX, other files */
  maxRecords: number;
  /** every report file's declared uncompressed size added up */
  maxTotalBytes: number;
  /** one report file, uncompressed (the MAX_IMPORT_MB limit of a single file) */
  maxEntryBytes: number;
}

export const MAX_ZIP_ENTRIES = 500;
export const MAX_ZIP_RECORDS = 2000;
/** the uncompressed total of an archive may be this many times the single-file limit */
export const ZIP_TOTAL_FACTOR = 4;

export const zipLimits = (maxEntryBytes: number): ZipLimits => ({
  maxEntries: MAX_ZIP_ENTRIES,
  maxRecords: MAX_ZIP_RECORDS,
  maxTotalBytes: maxEntryBytes * ZIP_TOTAL_FACTOR,
  maxEntryBytes,
});

export interface ZipEntry {
  /** path inside the archive, "/"-separated, decoded (UTF-8, or GBK when the archive says nothing) */
  path: string;
  /** the last part of the path */
  name: string;
  /** uncompressed size as the central directory declares it */
  size: number;
  /** inflates the entry: its bytes, or a UserError for this entry alone */
  read(): Uint8Array;
}

export interface ZipListing {
  entries: ZipEntry[];
  /** files that are not reports (other extensions, nested archives); folders, __MACOSX/ and dotfiles are not listed */
  skipped: string[];
}

/** A local file header at the start: "PK\x03\x04". */
export const isZip = (bytes: Uint8Array): boolean =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** An upload to unpack: zip bytes that are not a .docx or similar. */
export const isZipArchive = (name: string, bytes: Uint8Array): boolean =>
  isZip(bytes) && !ZIP_BASED_DOCUMENTS.has(extname(name).toLowerCase());

const SIG_EOCD = 0x06054b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8 = 0x800;
const EXTRA_UNICODE_PATH = 0x7075;
/** compressed bytes per push: deflate expands at most ~1,032×, so one push yields at most ~16 MB */
const SLICE = 16 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gbk = new TextDecoder('gb18030');
const latin1 = new TextDecoder('latin1');

/**
 * Names without the UTF-8 flag: Chinese Windows writes GBK, macOS's Archive Utility writes UTF-8 without saying so.
 * An Info-ZIP Unicode Path field wins; bytes that are valid UTF-8 are read as UTF-8 (GBK Chinese almost never
 * is); anything else as GB 18030, a superset of GBK.
 */
function decodeName(raw: Uint8Array, flags: number, extra: Uint8Array): string {
  if (flags & FLAG_UTF8) return new TextDecoder('utf-8').decode(raw);
  const unicode = unicodePathField(raw, extra);
  if (unicode !== null) return unicode;
  if (raw.every((b) => b < 0x80)) return latin1.decode(raw);
  try {
    return utf8.decode(raw);
  } catch {
    return gbk.decode(raw);
  }
}

function unicodePathField(raw: Uint8Array, extra: Uint8Array): string | null {
  const v = view(extra);
  for (let p = 0; p + 4 <= extra.length; ) {
    const id = v.getUint16(p, true);
    const len = v.getUint16(p + 2, true);
    if (
      id === EXTRA_UNICODE_PATH &&
      len >= 5 &&
      p + 4 + len <= extra.length &&
      extra[p + 4] === 1 &&
      v.getUint32(p + 5, true) === crc32(raw)
    ) {
      try {
        return utf8.decode(extra.subarray(p + 9, p + 4 + len));
      } catch {
        return null;
      }
    }
    p += 4 + len;
  }
  return null;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Folders, macOS resource forks and dotfiles (.DS_Store, ._x.pdf, .git/…) are no one's report. */
const hidden = (path: string): boolean => path.split('/').some((s) => s === '__MACOSX' || s.startsWith('.'));

/** Paths in the order a folder walk takes: part by part, so a folder's files come where the folder sorts. */
const byPath = (a: string, b: string): number => {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = x[i].localeCompare(y[i]);
    if (c !== 0) return c;
  }
  return x.length - y.length;
};

/**
 * The report files of an archive, checked against the limits from the central directory alone: too many records,
 * too many reports, or too large a declared total refuse the whole archive before anything is inflated.
 */
export function listZip(archive: string, bytes: Uint8Array, limits: ZipLimits): ZipListing {
  const bad = (why: string) => new UserError('E_BAD_FILE', `「${archive}」：${why}，无法导入。`);
  const refuse = (why: string) =>
    new UserError('E_TOO_LARGE', `「${archive}」：${why}；为安全起见，整个压缩包未导入任何文件。`);
  const v = view(bytes);
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 0xffff); p--) {
    if (v.getUint32(p, true) === SIG_EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw bad('压缩包不完整或已损坏（找不到文件目录）');
  const disk = v.getUint16(eocd + 4, true);
  const cdDisk = v.getUint16(eocd + 6, true);
  const records = v.getUint16(eocd + 10, true);
  const cdSize = v.getUint32(eocd + 12, true);
  const cdOffset = v.getUint32(eocd + 16, true);
  if (disk !== 0 || cdDisk !== 0) throw bad('是分卷压缩包，请合并成一个 zip 文件');
  if (records === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff)
    throw refuse('是 ZIP64 格式（超过 65,535 个条目或 4 GB），超过导入上限');
  if (records > limits.maxRecords) throw refuse(`有 ${records} 个条目，超过上限 ${limits.maxRecords} 个`);
  if (cdOffset + cdSize > eocd) throw bad('压缩包不完整或已损坏（文件目录越界）');

  const entries: ZipEntry[] = [];
  const skipped: string[] = [];
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < records; i++) {
    if (p + 46 > eocd || v.getUint32(p, true) !== SIG_CENTRAL) throw bad('压缩包不完整或已损坏（文件目录有误）');
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    const crc = v.getUint32(p + 16, true);
    const csize = v.getUint32(p + 20, true);
    const usize = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    const local = v.getUint32(p + 42, true);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > eocd) throw bad('压缩包不完整或已损坏（文件目录有误）');
    const raw = bytes.subarray(p + 46, p + 46 + nameLen);
    const path = decodeName(raw, flags, bytes.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen))
      .replace(/\\/g, '/')
      .replace(/^\/+/, '');
    p = end;
    if (path === '' || path.endsWith('/') || hidden(path)) continue;
    if (!REPORT_EXT.has(extname(path).toLowerCase())) {
      skipped.push(path);
      continue;
    }
    if (csize === 0xffffffff || usize === 0xffffffff || local === 0xffffffff)
      throw refuse('是 ZIP64 格式（单个文件超过 4 GB），超过导入上限');
    total += usize;
    const name = path.split('/').pop()!;
    entries.push({
      path,
      name,
      size: usize,
      read: () => readEntry(bytes, name, { flags, method, crc, csize, usize, local }, limits.maxEntryBytes),
    });
  }
  if (entries.length > limits.maxEntries)
    throw refuse(`有 ${entries.length} 个报告文件，超过上限 ${limits.maxEntries} 个，请分成几个压缩包导入`);
  if (total > limits.maxTotalBytes)
    throw refuse(
      `内的报告文件解压后共 ${formatSize(total)}，超过上限 ${formatSize(limits.maxTotalBytes)}（单个文件上限的 ${ZIP_TOTAL_FACTOR} 倍）`,
    );
  entries.sort((a, b) => byPath(a.path, b.path));
  return { entries, skipped };
}

interface Central {
  flags: number;
  method: number;
  crc: number;
  csize: number;
  usize: number;
  local: number;
}

class TooLarge extends Error {}

function readEntry(bytes: Uint8Array, name: string, e: Central, maxBytes: number): Uint8Array {
  const fail = (why: string) => new UserError('E_BAD_FILE', `「${name}」：${why}，无法导入。`);
  if (e.usize > maxBytes)
    throw new UserError(
      'E_TOO_LARGE',
      `「${name}」：解压后大小 ${formatSize(e.usize)}，超过上限 ${formatSize(maxBytes)}，无法导入。`,
    );
  if (e.flags & FLAG_ENCRYPTED) throw fail('文件已加密（设了密码）');
  if (e.method !== 0 && e.method !== 8)
    throw fail(`压缩方式不受支持（方式 ${e.method}），请用常见的 zip（Deflate）格式重新压缩`);
  const v = view(bytes);
  if (e.local + 30 > bytes.length || v.getUint32(e.local, true) !== SIG_LOCAL)
    throw fail('压缩包已损坏（找不到文件数据）');
  const start = e.local + 30 + v.getUint16(e.local + 26, true) + v.getUint16(e.local + 28, true);
  if (start + e.csize > bytes.length) throw fail('压缩包已损坏（文件数据不完整）');
  const data = bytes.subarray(start, start + e.csize);
  let out: Uint8Array;
  if (e.method === 0) {
    if (e.csize !== e.usize) throw fail('压缩包已损坏（文件大小不符）');
    out = data;
  } else {
    out = new Uint8Array(e.usize);
    let n = 0;
    const inflate = new Inflate((chunk) => {
      // past the declared size: stop at once, whatever the rest would inflate to
      if (n + chunk.length > e.usize) throw new TooLarge();
      out.set(chunk, n);
      n += chunk.length;
    });
    try {
      if (data.length === 0) inflate.push(data, true);
      for (let i = 0; i < data.length; i += SLICE) inflate.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
    } catch (err) {
      if (err instanceof TooLarge)
        throw new UserError(
          'E_TOO_LARGE',
          `「${name}」：解压后的内容超过压缩包声明的大小 ${formatSize(e.usize)}，压缩包可能已损坏或被改动过，已停止解压，无法导入。`,
        );
      throw fail('压缩数据已损坏，无法解压');
    }
    if (n !== e.usize) throw fail('压缩包已损坏（解压后大小与声明不符）');
  }
  if (crc32(out) >>> 0 !== e.crc) throw fail('压缩包已损坏（校验和不符）');
  return out;
}

import { crc32 } from 'node:zlib';
import { deflateSync } from 'fflate';

/** One entry of a test archive: a name as text (UTF-8, flagged) or raw bytes (no flag, e.g. GBK). */
export interface ZipSpec {
  name: string | Uint8Array;
  data?: Uint8Array | string;
  /** 0: stored, 8: deflate (default) */
  method?: 0 | 8;
  /** what the central directory claims the entry inflates to (default: the truth) */
  declaredSize?: number;
  flags?: number;
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/**
 * A zip archive written byte by byte, as Windows, macOS or Info-ZIP write one: local headers, data, central directory,
 * end record. Unlike a library's writer it can write GBK names without the UTF-8 flag and lie about sizes.
 */
export function makeZip(specs: ZipSpec[]): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const s of specs) {
    const utf8 = typeof s.name === 'string';
    const name = Buffer.from(typeof s.name === 'string' ? Buffer.from(s.name, 'utf8') : s.name);
    const data = typeof s.data === 'string' ? Buffer.from(s.data, 'utf8') : Buffer.from(s.data ?? new Uint8Array(0));
    const method = s.method ?? 8;
    const body = method === 8 ? Buffer.from(deflateSync(data)) : data;
    const flags = (s.flags ?? 0) | (utf8 && /[^\x00-\x7f]/.test(s.name as string) ? 0x800 : 0);
    const crc = crc32(data);
    const size = s.declaredSize ?? data.length;
    const common = [
      u16(20),
      u16(flags),
      u16(method),
      u16(0),
      u16(0x5a21),
      u32(crc),
      u32(body.length),
      u32(size),
      u16(name.length),
      u16(0),
    ];
    const local = Buffer.concat([u32(0x04034b50), ...common, name, body]);
    central.push(
      Buffer.concat([u32(0x02014b50), u16(0x031e), ...common, u16(0), u16(0), u16(0), u32(0), u32(offset), name]),
    );
    locals.push(local);
    offset += local.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(specs.length),
    u16(specs.length),
    u32(cd.length),
    u32(offset),
    u16(0),
  ]);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

/** 阳谷县政府办决算.txt in GBK, as Chinese Windows names files in a zip. */
export const GBK_NAME = Buffer.from('d1f4b9c8cfd8d5feb8aeb0ecbef6cbe32e747874', 'hex');
export const GBK_NAME_TEXT = '阳谷县政府办决算.txt';

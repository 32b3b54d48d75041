export interface FilePart {
  name: string;
  size: number;
  bytes: Buffer;
}

export interface Multipart {
  fields: Record<string, string>;
  files: Record<string, FilePart>;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * A multipart/form-data body as the Bot API reads it. grammY writes `content-disposition:form-data;name="x";
 * filename=y` (no spaces, the file name unquoted and in UTF-8), browsers and curl the quoted form: both are read.
 */
export function parseMultipart(body: Buffer, contentType: string): Multipart {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw new Error(`no multipart boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const out: Multipart = { fields: {}, files: {} };
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    // the part lies between the CRLF after the delimiter and the CRLF before the next one
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf(CRLF2);
    const head = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + CRLF2.length);
    const name = /\bname="([^"]*)"/i.exec(head)?.[1];
    const fileName = /\bfilename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(head);
    if (name !== undefined) {
      if (fileName) out.files[name] = { name: fileName[1] ?? fileName[2], size: content.length, bytes: content };
      else out.fields[name] = content.toString('utf8');
    }
    at = next;
  }
  return out;
}

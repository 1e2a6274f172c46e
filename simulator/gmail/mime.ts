/**
 * Just enough RFC 822 / MIME to answer messages.get like Gmail does: header lookup, the
 * `payload` part tree of format=full (bodies transfer-decoded, base64url), and a snippet.
 */
export interface Header { readonly name: string; readonly value: string }

export interface MessagePart {
  readonly partId: string;
  readonly mimeType: string;
  readonly filename: string;
  readonly headers: readonly Header[];
  readonly body: { readonly size: number; readonly data?: string };
  readonly parts?: readonly MessagePart[];
}

export function splitMessage(raw: Buffer): { headers: Header[]; body: Buffer } {
  const text = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  const headerText = match ? text.slice(0, match.index) : text;
  const body = match ? raw.subarray(match.index + match[0].length) : Buffer.alloc(0);
  const headers: Header[] = [];
  for (const line of headerText.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      const last = headers.pop()!;
      headers.push({ name: last.name, value: `${last.value} ${line.trim()}` });
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return { headers: headers.map((h) => ({ name: h.name, value: decodeWords(Buffer.from(h.value, 'latin1').toString('utf8')) })), body };
}

export function headerValue(headers: readonly Header[], name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value ?? null;
}

export function parsePart(raw: Buffer, partId = ''): MessagePart {
  const { headers, body } = splitMessage(raw);
  const contentType = headerValue(headers, 'Content-Type') ?? 'text/plain';
  const mimeType = contentType.split(';')[0]!.trim().toLowerCase();
  const filename = param(headerValue(headers, 'Content-Disposition') ?? '', 'filename') ?? param(contentType, 'name') ?? '';
  const boundary = param(contentType, 'boundary');
  if (mimeType.startsWith('multipart/') && boundary) {
    const parts = splitMultipart(body, boundary).map((p, i) => parsePart(p, partId === '' ? String(i) : `${partId}.${i}`));
    return { partId, mimeType, filename, headers, body: { size: 0 }, parts };
  }
  const decoded = toUtf8(decodeTransfer(body, headerValue(headers, 'Content-Transfer-Encoding')), mimeType, param(contentType, 'charset'));
  return { partId, mimeType, filename, headers, body: { size: decoded.length, data: decoded.toString('base64url') } };
}

/** Gmail's snippet: the start of the plain text (or HTML stripped of tags), whitespace collapsed. */
export function snippetOf(part: MessagePart): string {
  const text = findText(part, 'text/plain') ?? findText(part, 'text/html')?.replace(/<[^>]*>/g, ' ') ?? '';
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function findText(part: MessagePart, mimeType: string): string | null {
  if (part.mimeType === mimeType && part.filename === '' && part.body.data !== undefined) return Buffer.from(part.body.data, 'base64url').toString('utf8');
  for (const child of part.parts ?? []) {
    const found = findText(child, mimeType);
    if (found !== null) return found;
  }
  return null;
}

function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const parts: Buffer[] = [];
  let index = text.indexOf(delimiter);
  while (index !== -1) {
    const start = text.indexOf('\n', index);
    if (start === -1 || text.startsWith(`${delimiter}--`, index)) break;
    const next = text.indexOf(`\n${delimiter}`, start);
    const end = next === -1 ? text.length : next;
    parts.push(Buffer.from(text.slice(start + 1, text[end - 1] === '\r' ? end - 1 : end), 'latin1'));
    index = next === -1 ? -1 : next + 1;
  }
  return parts;
}

function param(headerVal: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}\\*?=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(headerVal);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function decodeTransfer(body: Buffer, encoding: string | null): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable':
      return Buffer.from(
        body.toString('latin1').replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      );
    default:
      return body;
  }
}

function toUtf8(bytes: Buffer, mimeType: string, charset: string | null): Buffer {
  if (!mimeType.startsWith('text/') || !charset || /^(utf-?8|us-ascii)$/i.test(charset)) return bytes;
  try {
    return Buffer.from(new TextDecoder(charset).decode(bytes), 'utf8');
  } catch {
    return bytes;
  }
}

/** RFC 2047 encoded words (=?charset?B|Q?text?=) in header values. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_m, charset: string, kind: string, text: string) => {
    const bytes = kind.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      return bytes.toString('utf8');
    }
  });
}

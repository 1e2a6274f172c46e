/**
 * MIME parsing with postal-mime (charsets via TextDecoder incl. ISO-8859-1/Windows-1252,
 * base64/quoted-printable, RFC 2047 headers, nested multiparts, attachments), normalised to
 * the small shape the extractors need. May reject; the entry point catches.
 */
import PostalMime from 'postal-mime';
import type { Address, Email } from 'postal-mime';
import { LIMITS } from './limits';
import { repairC1 } from './text/cp1252';

export interface MailAddress {
  name: string;
  address: string;
}

export interface MimeAttachment {
  filename: string | null;
  mimeType: string;
  content: Uint8Array;
}

export interface MimeMessage {
  /** Lower-cased header name -> values in document order (top-level headers only). */
  headers: Map<string, string[]>;
  from: MailAddress | null;
  replyTo: MailAddress | null;
  to: MailAddress[];
  subject: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  date: string | null;
  text: string | null;
  html: string | null;
  attachments: MimeAttachment[];
}

function firstMailbox(a: Address | Address[] | undefined): MailAddress | null {
  const list = a === undefined ? [] : Array.isArray(a) ? a : [a];
  for (const item of list) {
    if (typeof item.address === 'string' && item.address) return { name: repairC1(item.name ?? ''), address: item.address };
    if (item.group) {
      const m = item.group[0];
      if (m) return { name: repairC1(m.name ?? ''), address: m.address };
    }
  }
  return null;
}

function allMailboxes(a: Address[] | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  for (const item of a ?? []) {
    if (typeof item.address === 'string' && item.address) out.push({ name: item.name ?? '', address: item.address });
    else for (const m of item.group ?? []) out.push({ name: m.name ?? '', address: m.address });
  }
  return out;
}

function toBytes(c: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof c === 'string') return new TextEncoder().encode(c);
  return c instanceof Uint8Array ? c : new Uint8Array(c);
}

function nonEmpty(s: string | undefined): string | null {
  if (typeof s !== 'string') return null;
  const t = s.trim();
  return t ? t : null;
}

export function normaliseEmail(email: Email): MimeMessage {
  const headers = new Map<string, string[]>();
  for (const h of email.headers) {
    const list = headers.get(h.key);
    if (list) list.push(h.value);
    else headers.set(h.key, [h.value]);
  }
  const date = nonEmpty(email.date);
  return {
    headers,
    from: firstMailbox(email.from),
    replyTo: firstMailbox(email.replyTo),
    to: allMailboxes(email.to),
    subject: nonEmpty(email.subject === undefined ? undefined : repairC1(email.subject)),
    messageId: nonEmpty(email.messageId),
    inReplyTo: nonEmpty(email.inReplyTo),
    references: nonEmpty(email.references),
    date: date && !Number.isNaN(Date.parse(date)) ? new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z') : null,
    text: email.text === undefined ? null : repairC1(email.text),
    html: email.html === undefined ? null : repairC1(email.html),
    attachments: email.attachments.map((a) => ({
      filename: a.filename,
      mimeType: a.mimeType,
      content: toBytes(a.content),
    })),
  };
}

/** Parses an RFC 822 message with postal-mime. Rejects on hopeless input (caught by the caller). */
export async function parseMime(raw: Uint8Array | string): Promise<MimeMessage> {
  const email = await PostalMime.parse(raw, {
    attachmentEncoding: 'arraybuffer',
    maxNestingDepth: LIMITS.maxMimeDepth,
    maxHeadersSize: LIMITS.maxHeadersBytes,
    maxRfc822NestingDepth: 3,
  });
  return normaliseEmail(email);
}

/** MIME parsing alone, as the benchmark's baseline. */
export async function parseMimeOnly(raw: Uint8Array | string): Promise<Email> {
  return PostalMime.parse(raw, {
    attachmentEncoding: 'arraybuffer',
    maxNestingDepth: LIMITS.maxMimeDepth,
    maxHeadersSize: LIMITS.maxHeadersBytes,
    maxRfc822NestingDepth: 3,
  });
}

export function headerValue(m: MimeMessage, name: string): string | null {
  const v = m.headers.get(name.toLowerCase());
  return v && v[0] !== undefined ? v[0] : null;
}

/** Decodes attachment bytes as text: BOM, XML encoding declaration, UTF-8, else Windows-1252. */
export function decodeAttachmentText(bytes: Uint8Array): string {
  const b = bytes.length > LIMITS.maxAttachmentBytes ? bytes.subarray(0, LIMITS.maxAttachmentBytes) : bytes;
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  const head = new TextDecoder('latin1').decode(b.subarray(0, 200));
  const m = /encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/i.exec(head);
  if (m?.[1]) {
    try {
      return repairC1(new TextDecoder(m[1].toLowerCase()).decode(b));
    } catch {
      /* unknown label: fall through */
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return repairC1(new TextDecoder('windows-1252').decode(b));
  }
}

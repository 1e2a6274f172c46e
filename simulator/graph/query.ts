import type { IncomingMessage } from 'node:http';
import { restIdOf, type StoredMessage } from './message';

/** OData query options and Prefer headers the mail routes understand, and message serialization. */

export interface ReceivedFilter {
  readonly op: 'ge' | 'gt' | 'le' | 'lt';
  readonly at: string;
}

export type MessageFilter =
  | { readonly kind: 'received'; readonly clauses: readonly ReceivedFilter[] }
  | { readonly kind: 'internetMessageId'; readonly value: string }
  | { readonly kind: 'extendedProperty'; readonly id: string; readonly value: string };

export class QueryError extends Error {}

const odataString = String.raw`'((?:[^']|'')*)'`;

export function parseFilter(text: string | null): MessageFilter | null {
  if (text === null || text.trim() === '') return null;
  const t = text.trim();
  let m = new RegExp(`^internetMessageId eq ${odataString}$`, 'i').exec(t);
  if (m) return { kind: 'internetMessageId', value: m[1]!.replace(/''/g, "'") };
  m = new RegExp(`^singleValueExtendedProperties/any\\((\\w+): \\1/id eq ${odataString} and \\1/value eq ${odataString}\\)$`, 'i').exec(t);
  if (m) return { kind: 'extendedProperty', id: m[2]!.replace(/''/g, "'"), value: m[3]!.replace(/''/g, "'") };
  const clauses = t.split(/\s+and\s+/i).map((part) => {
    const c = /^receivedDateTime (ge|gt|le|lt) (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)$/i.exec(part.trim());
    if (!c) throw new QueryError(`Invalid filter clause: ${part.trim().slice(0, 80)}`);
    return { op: c[1]!.toLowerCase() as ReceivedFilter['op'], at: new Date(c[2]!).toISOString() };
  });
  return { kind: 'received', clauses };
}

export function matchesFilter(message: StoredMessage, filter: MessageFilter | null): boolean {
  if (!filter) return true;
  if (filter.kind === 'internetMessageId') return message.internetMessageId === filter.value;
  if (filter.kind === 'extendedProperty') {
    return message.singleValueExtendedProperties.some((p) => p.id.toLowerCase() === filter.id.toLowerCase() && p.value === filter.value);
  }
  return filter.clauses.every((c) => matchesReceived(message, c));
}

export function matchesReceived(message: StoredMessage, c: ReceivedFilter): boolean {
  const a = Date.parse(message.receivedDateTime);
  const b = Date.parse(c.at);
  return c.op === 'ge' ? a >= b : c.op === 'gt' ? a > b : c.op === 'le' ? a <= b : a < b;
}

export function parseSelect(text: string | null): string[] | null {
  if (!text) return null;
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

export interface Preferences {
  readonly maxPageSize: number | null;
  readonly immutableIds: boolean;
}

/** Prefer: odata.maxpagesize=N and IdType="ImmutableId" (one header, or several). */
export function preferences(req: IncomingMessage): Preferences {
  const raw = req.headers.prefer;
  const text = Array.isArray(raw) ? raw.join(',') : raw ?? '';
  const size = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(text);
  return { maxPageSize: size ? Number(size[1]) : null, immutableIds: /IdType\s*=\s*"?ImmutableId"?/i.test(text) };
}

export function preferenceApplied(p: Preferences, pageSize: number | null): Record<string, string> {
  const applied = [pageSize !== null && p.maxPageSize !== null ? `odata.maxpagesize=${pageSize}` : null, p.immutableIds ? 'IdType="ImmutableId"' : null]
    .filter((s): s is string => s !== null);
  return applied.length ? { 'Preference-Applied': applied.join(', ') } : {};
}

export function messageId(message: StoredMessage, immutable: boolean): string {
  return immutable ? message.immutableId : restIdOf(message);
}

const selectable = new Set(['createdDateTime', 'lastModifiedDateTime', 'changeKey', 'categories', 'receivedDateTime', 'sentDateTime',
  'hasAttachments', 'internetMessageId', 'subject', 'bodyPreview', 'importance', 'parentFolderId', 'conversationId',
  'isDeliveryReceiptRequested', 'isReadReceiptRequested', 'isRead', 'isDraft', 'webLink', 'inferenceClassification', 'body',
  'sender', 'from', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo', 'flag', 'internetMessageHeaders',
  'singleValueExtendedProperties', 'id'].map((k) => k.toLowerCase()));

/** The first $select name that is not a message property, or null. */
export function unknownSelected(select: readonly string[] | null): string | null {
  return select?.find((name) => !selectable.has(name.toLowerCase())) ?? null;
}

/** A message resource; `internetMessageHeaders` and extended properties only when selected. */
export function serializeMessage(message: StoredMessage, select: readonly string[] | null, immutable: boolean, folderId: string): Record<string, unknown> {
  const full: Record<string, unknown> = {
    createdDateTime: message.createdDateTime,
    lastModifiedDateTime: message.lastModifiedDateTime,
    changeKey: message.changeKey,
    categories: [],
    receivedDateTime: message.receivedDateTime,
    sentDateTime: message.sentDateTime,
    hasAttachments: message.hasAttachments,
    internetMessageId: message.internetMessageId,
    subject: message.subject,
    bodyPreview: message.bodyPreview,
    importance: 'normal',
    parentFolderId: folderId,
    conversationId: message.conversationId,
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: message.isRead,
    isDraft: false,
    webLink: `https://outlook.office365.example/owa/?ItemID=${encodeURIComponent(message.immutableId)}`,
    inferenceClassification: 'focused',
    body: message.body,
    sender: message.from,
    from: message.from,
    toRecipients: message.toRecipients,
    ccRecipients: message.ccRecipients,
    bccRecipients: [],
    replyTo: [],
    flag: { flagStatus: 'notFlagged' },
  };
  const optional: Record<string, unknown> = {
    internetMessageHeaders: message.internetMessageHeaders,
    singleValueExtendedProperties: message.singleValueExtendedProperties,
  };
  const out: Record<string, unknown> = { '@odata.etag': `W/"${message.changeKey}"`, id: messageId(message, immutable) };
  if (select === null) return { ...out, ...full };
  for (const name of select) {
    const key = Object.keys({ ...full, ...optional }).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key) out[key] = key in full ? full[key] : optional[key];
  }
  return out;
}

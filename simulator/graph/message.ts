import { createHash, randomBytes } from 'node:crypto';
import PostalMime from 'postal-mime';

/** One message as the simulated Exchange mailbox keeps it. */
export type FolderName = 'inbox' | 'sentitems';

export interface Recipient {
  readonly emailAddress: { readonly name: string; readonly address: string };
}

export interface StoredMessage {
  readonly immutableId: string;
  folder: FolderName;
  /** Change sequence of the mailbox at this message's last change (delta order). */
  seq: number;
  deleted: boolean;
  isRead: boolean;
  changeKey: string;
  lastModifiedDateTime: string;
  readonly createdDateTime: string;
  readonly receivedDateTime: string;
  readonly sentDateTime: string;
  readonly raw: string;
  readonly subject: string;
  readonly bodyPreview: string;
  readonly body: { readonly contentType: 'text' | 'html'; readonly content: string };
  readonly from: Recipient | null;
  readonly toRecipients: readonly Recipient[];
  readonly ccRecipients: readonly Recipient[];
  readonly internetMessageId: string;
  readonly conversationId: string;
  readonly internetMessageHeaders: readonly { readonly name: string; readonly value: string }[];
  readonly singleValueExtendedProperties: readonly { readonly id: string; readonly value: string }[];
  readonly hasAttachments: boolean;
}

export interface MessageParts {
  readonly raw: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly from: Recipient | null;
  readonly to: readonly Recipient[];
  readonly cc: readonly Recipient[];
  readonly internetMessageId: string;
  readonly sentAt: Date | null;
  readonly headers: readonly { name: string; value: string }[];
  readonly hasAttachments: boolean;
}

/** Reads a delivered .eml the way Exchange would index it. */
export async function partsFromEml(raw: string, domain: string): Promise<MessageParts> {
  const email = await PostalMime.parse(raw);
  const recipient = (a: { name?: string; address?: string } | undefined): Recipient | null =>
    a?.address ? { emailAddress: { name: a.name || a.address, address: a.address } } : null;
  const list = (value: typeof email.to): Recipient[] =>
    (value ?? []).flatMap((a) => ('group' in a && a.group ? a.group : [a])).map((a) => recipient(a)).filter((r): r is Recipient => r !== null);
  const date = email.date ? new Date(email.date) : null;
  return {
    raw,
    subject: email.subject ?? '',
    text: email.text ?? '',
    html: email.html ?? null,
    from: recipient(email.from),
    to: list(email.to),
    cc: list(email.cc),
    internetMessageId: email.messageId ?? generatedMessageId(domain),
    sentAt: date && !Number.isNaN(date.getTime()) ? date : null,
    headers: email.headers.map((h) => ({ name: h.originalKey ?? h.key, value: h.value })),
    hasAttachments: email.attachments.length > 0,
  };
}

export function generatedMessageId(domain: string): string {
  return `<${randomBytes(12).toString('hex').toUpperCase()}@${domain.replace(/[^a-z0-9.-]/gi, '')}.prod.outlook.example>`;
}

export function newImmutableId(): string {
  return `AAkALg${randomBytes(30).toString('base64url')}`;
}

/** The default (REST) id: changes when the item moves between folders, as Exchange's does. */
export function restIdOf(message: Pick<StoredMessage, 'immutableId' | 'folder'>): string {
  return `AAMkAD${createHash('sha256').update(`${message.folder}:${message.immutableId}`).digest('base64url')}`;
}

export function changeKey(): string {
  return `CQAAABYAAA${randomBytes(12).toString('base64url')}`;
}

export function preview(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}

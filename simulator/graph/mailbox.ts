import { createHash } from 'node:crypto';
import { changeKey, newImmutableId, partsFromEml, preview, restIdOf, type FolderName, type MessageParts, type StoredMessage } from './message';

/** A simulated Exchange Online mailbox: messages in Inbox and Sent Items, with a change sequence for delta. */
export interface MailboxInfo {
  readonly address: string;
  readonly displayName: string;
  /** The user's object id (oid), stable for an address so cached accounts survive a restart. */
  readonly userId: string;
}

export interface DeltaExpiry {
  readonly status: 400 | 410;
  readonly code: string;
  readonly message: string;
}

export class Mailbox implements MailboxInfo {
  readonly userId: string;
  private readonly messages = new Map<string, StoredMessage>();
  private readonly byRestId = new Map<string, string>();
  private changeSeq = 0;
  /** Delta tokens minted before this generation are expired. */
  deltaGeneration = 0;
  deltaExpiry: DeltaExpiry | null = null;

  constructor(readonly address: string, readonly displayName: string) {
    this.userId = uuidFrom(`user:${address.toLowerCase()}`);
  }

  get seq(): number {
    return this.changeSeq;
  }

  async deliver(raw: string, options: { receivedAt?: Date; folder?: FolderName } = {}): Promise<StoredMessage> {
    const parts = await partsFromEml(raw, this.address.split('@')[1] ?? 'example');
    return this.add(parts, options.folder ?? 'inbox', options.receivedAt ?? new Date(), []);
  }

  add(parts: MessageParts, folder: FolderName, receivedAt: Date, extendedProperties: StoredMessage['singleValueExtendedProperties']): StoredMessage {
    const now = new Date().toISOString();
    const message: StoredMessage = {
      immutableId: newImmutableId(),
      folder,
      seq: ++this.changeSeq,
      deleted: false,
      isRead: folder === 'sentitems',
      changeKey: changeKey(),
      lastModifiedDateTime: now,
      createdDateTime: now,
      receivedDateTime: isoSeconds(receivedAt),
      sentDateTime: isoSeconds(parts.sentAt ?? receivedAt),
      raw: parts.raw,
      subject: parts.subject,
      bodyPreview: preview(parts.text),
      body: parts.html ? { contentType: 'html', content: parts.html } : { contentType: 'text', content: parts.text },
      from: parts.from,
      toRecipients: parts.to,
      ccRecipients: parts.cc,
      internetMessageId: parts.internetMessageId,
      conversationId: `AAQk${createHash('sha256').update(parts.subject.replace(/^(re|fw|fwd):\s*/i, '')).digest('base64url').slice(0, 40)}`,
      internetMessageHeaders: parts.headers,
      singleValueExtendedProperties: extendedProperties,
      hasAttachments: parts.hasAttachments,
    };
    this.messages.set(message.immutableId, message);
    this.byRestId.set(restIdOf(message), message.immutableId);
    return message;
  }

  /** By immutable id or by the folder-dependent REST id; deleted items are gone. */
  find(id: string): StoredMessage | undefined {
    const message = this.messages.get(id) ?? this.messages.get(this.byRestId.get(id) ?? '');
    return message && !message.deleted ? message : undefined;
  }

  /** Every message, deleted ones included, in change order. */
  all(): StoredMessage[] {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq);
  }

  inFolder(folder: FolderName): StoredMessage[] {
    return this.all().filter((m) => m.folder === folder && !m.deleted);
  }

  touch(message: StoredMessage, change: (m: StoredMessage) => void): void {
    change(message);
    message.seq = ++this.changeSeq;
    message.changeKey = changeKey();
    message.lastModifiedDateTime = new Date().toISOString();
  }

  remove(id: string): boolean {
    const message = this.find(id);
    if (!message) return false;
    this.touch(message, (m) => {
      m.deleted = true;
    });
    return true;
  }

  expireDeltaTokens(expiry: DeltaExpiry): void {
    this.deltaGeneration += 1;
    this.deltaExpiry = expiry;
  }
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

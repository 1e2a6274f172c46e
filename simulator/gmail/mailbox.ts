import { randomBytes } from 'node:crypto';
import { headerValue, splitMessage, type Header } from './mime';
import { normalizeMessageId, QueryError, type MessageQuery } from './query';

/**
 * One simulated Gmail mailbox: its messages (INBOX or SENT), threads, and the messageAdded
 * history with a retained window. History ids increase with gaps, as Gmail's do.
 */
export type SystemLabel = 'INBOX' | 'SENT';

export interface StoredMessage {
  readonly id: string;
  readonly threadId: string;
  readonly labelIds: readonly SystemLabel[];
  readonly raw: Buffer;
  readonly internalDate: number;
  readonly historyId: number;
  readonly headers: readonly Header[];
  readonly messageId: string | null;
}

export interface HistoryRecord {
  readonly id: number;
  readonly message: StoredMessage;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPageToken: string | null;
  readonly total: number;
}

export class HistoryExpiredError extends Error {}

export class Mailbox {
  readonly sub = `sim-gmail-${randomBytes(6).toString('hex')}`;
  private readonly messages = new Map<string, StoredMessage>();
  /** Indexes for threading: normalized Message-ID -> message, thread id -> its first subject. */
  private readonly byMessageId = new Map<string, StoredMessage>();
  private readonly threadSubjects = new Map<string, string>();
  private readonly history: HistoryRecord[] = [];
  private current: number;
  private retainedFrom: number;

  constructor(readonly email: string, readonly name: string, firstHistoryId = 1000 + Math.floor(Math.random() * 9000)) {
    this.current = firstHistoryId;
    this.retainedFrom = firstHistoryId;
  }

  get historyId(): number {
    return this.current;
  }

  get retainedFromHistoryId(): number {
    return this.retainedFrom;
  }

  /** Adds a message (delivery or send) and its messageAdded history record. */
  add(raw: Buffer, label: SystemLabel, options: { internalDate: number; threadId?: string | null }): StoredMessage {
    const { headers } = splitMessage(raw);
    let id = randomBytes(8).toString('hex');
    while (this.messages.has(id)) id = randomBytes(8).toString('hex');
    this.current += 1 + (this.history.length % 3); // gaps, like Gmail's
    const messageIdHeader = headerValue(headers, 'Message-ID');
    const message: StoredMessage = {
      id,
      threadId: this.threadFor(headers, options.threadId ?? null) ?? id,
      labelIds: [label],
      raw,
      internalDate: options.internalDate,
      historyId: this.current,
      headers,
      messageId: messageIdHeader ? normalizeMessageId(messageIdHeader) : null,
    };
    this.messages.set(id, message);
    if (message.messageId !== null && !this.byMessageId.has(message.messageId)) this.byMessageId.set(message.messageId, message);
    if (!this.threadSubjects.has(message.threadId)) this.threadSubjects.set(message.threadId, baseSubject(headerValue(headers, 'Subject') ?? ''));
    this.history.push({ id: this.current, message });
    return message;
  }

  get(id: string): StoredMessage | null {
    return this.messages.get(id) ?? null;
  }

  hasThread(threadId: string): boolean {
    return this.threadSubjects.has(threadId);
  }

  counts(): { messages: number; threads: number; inbox: number; sent: number } {
    const all = [...this.messages.values()];
    return {
      messages: all.length,
      threads: new Set(all.map((m) => m.threadId)).size,
      inbox: all.filter((m) => m.labelIds.includes('INBOX')).length,
      sent: all.filter((m) => m.labelIds.includes('SENT')).length,
    };
  }

  /** messages.list: newest first; the page token is the last (internalDate, id) returned. */
  list(labelIds: readonly string[], query: MessageQuery, maxResults: number, pageToken: string | null): Page<StoredMessage> {
    const labels = [...labelIds, ...query.labels];
    const matching = [...this.messages.values()]
      .filter((m) => labels.every((l) => (m.labelIds as readonly string[]).includes(l)))
      .filter((m) => query.afterMs === null || m.internalDate >= query.afterMs)
      .filter((m) => query.beforeMs === null || m.internalDate < query.beforeMs)
      .filter((m) => query.rfc822MessageId === null || m.messageId === query.rfc822MessageId)
      .sort((a, b) => b.internalDate - a.internalDate || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0));
    const after = pageToken ? decodeCursor(pageToken) : null;
    if (pageToken && after === null) throw new QueryError('Invalid pageToken.');
    const start = after === null ? 0 : matching.findIndex((m) => m.internalDate < after.internalDate || (m.internalDate === after.internalDate && m.id < after.id));
    const rest = start === -1 ? [] : matching.slice(start);
    const items = rest.slice(0, maxResults);
    const last = items[items.length - 1];
    const nextPageToken = rest.length > items.length && last ? encodeCursor(`${last.internalDate}:${last.id}`) : null;
    return { items, nextPageToken, total: matching.length };
  }

  /** history.list: records after startHistoryId, oldest first; 404 (HistoryExpiredError) before the window. */
  historySince(startHistoryId: number, labelId: string | null, maxResults: number, pageToken: string | null): Page<HistoryRecord> {
    if (startHistoryId < this.retainedFrom) throw new HistoryExpiredError(`history before ${this.retainedFrom} is gone`);
    const after = pageToken ? Number(Buffer.from(pageToken, 'base64url').toString('utf8')) : startHistoryId;
    if (!Number.isSafeInteger(after)) throw new QueryError('Invalid pageToken.');
    const rest = this.history.filter((r) => r.id > after && (labelId === null || (r.message.labelIds as readonly string[]).includes(labelId)));
    const items = rest.slice(0, maxResults);
    const last = items[items.length - 1];
    const nextPageToken = rest.length > items.length && last ? Buffer.from(String(last.id)).toString('base64url') : null;
    return { items, nextPageToken, total: rest.length };
  }

  /** Moves the retained window: a startHistoryId below `from` (default: the current id) answers 404. */
  expireHistory(from = this.current): number {
    this.retainedFrom = Math.min(Math.max(this.retainedFrom, from), this.current);
    const firstKept = this.history.findIndex((r) => r.id >= this.retainedFrom);
    this.history.splice(0, firstKept === -1 ? this.history.length : firstKept);
    return this.retainedFrom;
  }

  private threadFor(headers: readonly Header[], requested: string | null): string | null {
    if (requested !== null) {
      // Gmail keeps a sent message in the requested thread only when its subject matches.
      return this.threadSubjects.get(requested) === baseSubject(headerValue(headers, 'Subject') ?? '') ? requested : null;
    }
    const refs = `${headerValue(headers, 'In-Reply-To') ?? ''} ${headerValue(headers, 'References') ?? ''}`.match(/<[^>]+>/g) ?? [];
    for (const ref of refs.reverse()) {
      const found = this.byMessageId.get(normalizeMessageId(ref));
      if (found) return found.threadId;
    }
    return null;
  }
}

function baseSubject(subject: string): string {
  return subject.replace(/^\s*((re|fwd?|aw|wg)\s*:\s*)+/i, '').trim().toLowerCase();
}

function encodeCursor(value: string): string {
  return Buffer.from(value).toString('base64url');
}

function decodeCursor(token: string): { internalDate: number; id: string } | null {
  const [date, id] = Buffer.from(token, 'base64url').toString('utf8').split(':');
  return date && id && /^\d+$/.test(date) ? { internalDate: Number(date), id } : null;
}

// The Gmail API alone (googleapis/build/src/apis/gmail), not the whole googleapis index: its
// hundreds of API typings would weigh on type-checking, lint and the bundle.
import { gmail, type gmail_v1 } from 'googleapis/build/src/apis/gmail';
import type { OAuth2Client } from 'google-auth-library';
import { MailCursorExpiredError, MailProviderError, MailReconnectNeededError, MailThrottledError, retryAfterMs } from '../mail-errors';

export interface GmailReaderOptions {
  /** An OAuth2Client holding the mailbox's tokens (it refreshes the access token itself). */
  readonly auth: OAuth2Client;
  /** https://gmail.googleapis.com/ unless configured (the simulator in tests and the quick start). */
  readonly rootUrl?: string;
}

export interface RawMessage {
  readonly id: string;
  readonly threadId: string;
  readonly historyId: string;
  /** When Gmail received it (ms since epoch). */
  readonly receivedAt: number;
  /** The whole RFC 822 message. */
  readonly raw: Uint8Array;
}

/**
 * What mail sync reads from Gmail (sync guide: a bounded messages.list first, then history.list
 * from the newest historyId), with the provider's answers turned into the errors the sync acts
 * on. googleapis' own retries are off: the sync's limiter and backoff decide, so a throttled
 * mailbox is not asked again behind its back.
 */
export class GmailReader {
  private readonly gmail: gmail_v1.Gmail;

  constructor(options: GmailReaderOptions) {
    this.gmail = gmail({ version: 'v1', auth: options.auth, retry: false, ...(options.rootUrl ? { rootUrl: options.rootUrl } : {}) });
  }

  /** The mailbox address and its current historyId (1 quota unit). */
  async profile(): Promise<{ emailAddress: string; historyId: string }> {
    const { data } = await call(() => this.gmail.users.getProfile({ userId: 'me' }));
    if (!data.emailAddress || !data.historyId) throw new MailProviderError(null, { cause: new Error('profile without address or historyId') });
    return { emailAddress: data.emailAddress, historyId: data.historyId };
  }

  /** One page of inbox message ids received after `afterEpochSeconds`, newest first (5 units). */
  async listInbox(afterEpochSeconds: number, pageToken?: string): Promise<{ ids: string[]; nextPageToken: string | null }> {
    const { data } = await call(() =>
      this.gmail.users.messages.list({ userId: 'me', labelIds: ['INBOX'], q: `after:${Math.floor(afterEpochSeconds)}`, maxResults: 500, ...(pageToken ? { pageToken } : {}) }),
    );
    return { ids: (data.messages ?? []).flatMap((m) => (m.id ? [m.id] : [])), nextPageToken: data.nextPageToken ?? null };
  }

  /** One message as RFC 822 bytes (format=raw, 5 units). */
  async getRaw(id: string): Promise<RawMessage> {
    const { data } = await call(() => this.gmail.users.messages.get({ userId: 'me', id, format: 'raw' }));
    if (!data.id || !data.raw || !data.historyId) throw new MailProviderError(null, { cause: new Error('message without id, raw or historyId') });
    return {
      id: data.id,
      threadId: data.threadId ?? data.id,
      historyId: data.historyId,
      receivedAt: Number(data.internalDate ?? 0),
      raw: new Uint8Array(Buffer.from(data.raw, 'base64url')),
    };
  }

  /**
   * Inbox messages added since `startHistoryId` (2 units a page), in history order, and the
   * historyId to continue from. A cursor past Gmail's window: MailCursorExpiredError.
   */
  async addedSince(startHistoryId: string, pageToken?: string): Promise<{ ids: string[]; historyId: string; nextPageToken: string | null }> {
    const { data } = await call(
      () =>
      this.gmail.users.history.list({
        userId: 'me',
        startHistoryId,
        historyTypes: ['messageAdded'],
        labelId: 'INBOX',
        maxResults: 500,
        ...(pageToken ? { pageToken } : {}),
      }),
      { notFoundIsExpiredCursor: true },
    );
    const ids = (data.history ?? []).flatMap((h) => (h.messagesAdded ?? []).flatMap((a) => (a.message?.id ? [a.message.id] : [])));
    return { ids: [...new Set(ids)], historyId: data.historyId ?? startHistoryId, nextPageToken: data.nextPageToken ?? null };
  }
}

interface GaxiosLike {
  status?: number;
  response?: { status?: number; headers?: unknown; data?: unknown };
  message?: string;
}

function header(headers: unknown, name: string): string | null {
  if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  if (headers && typeof headers === 'object') {
    const value = (headers as Record<string, unknown>)[name] ?? (headers as Record<string, unknown>)[name.toLowerCase()];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

/** The reason codes in Google's error body (error.errors[].reason and error.status), for the cases the sync tells apart. */
function reasons(data: unknown): string[] {
  const error = (data as { error?: { errors?: { reason?: string }[]; status?: string } | string } | undefined)?.error;
  if (typeof error === 'string') return [error];
  return [...(error?.errors ?? []).flatMap((e) => (e.reason ? [e.reason] : [])), ...(error?.status ? [error.status] : [])];
}

async function call<T>(fn: () => Promise<T>, options: { notFoundIsExpiredCursor?: boolean } = {}): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw classify(error, options.notFoundIsExpiredCursor ?? false);
  }
}

function classify(error: unknown, notFoundIsExpiredCursor: boolean): Error {
  const e = error as GaxiosLike;
  const status = e.response?.status ?? e.status ?? null;
  const why = reasons(e.response?.data);
  // The token refresh was refused: the grant is over (revoked, expired, password changed).
  if (why.includes('invalid_grant') || (e.message ?? '').includes('invalid_grant')) return new MailReconnectNeededError('the mailbox grant was refused');
  // Only history.list's 404 means the cursor is too old; elsewhere it is a message gone meanwhile.
  if (status === 404 && notFoundIsExpiredCursor) return new MailCursorExpiredError('history id no longer available');
  if (status === 429 || (status === 403 && why.some((r) => r === 'rateLimitExceeded' || r === 'userRateLimitExceeded'))) {
    return new MailThrottledError(retryAfterMs(header(e.response?.headers, 'retry-after')), why[0] ?? String(status));
  }
  if (status === 401) return new MailReconnectNeededError('the provider refused the access token');
  return new MailProviderError(status, { cause: error });
}

/** What a mail provider answered that the sync must act on, whichever provider it was. */

/** The saved cursor is too old (Gmail history 404, Graph 410 syncStateNotFound): re-sync from the last good time. */
export class MailCursorExpiredError extends Error {
  override readonly name = 'MailCursorExpiredError';
}

/** Too many requests or quota spent (429, 403 rateLimitExceeded / userRateLimitExceeded): wait, then go on. */
export class MailThrottledError extends Error {
  override readonly name = 'MailThrottledError';
  constructor(
    /** From Retry-After when the provider sent one; null: back off on our own. */
    readonly retryAfterMs: number | null,
    readonly reason: string,
  ) {
    super(`mail provider throttled (${reason})`);
  }
}

/** The grant is gone (revoked, expired, password changed): the mailbox needs reconnecting; retrying cannot help. */
export class MailReconnectNeededError extends Error {
  override readonly name = 'MailReconnectNeededError';
}

/** Anything else the provider answered (5xx, unexpected shape): retry with backoff. */
export class MailProviderError extends Error {
  override readonly name = 'MailProviderError';
  constructor(
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(`mail provider failed${status === null ? '' : ` (${status})`}`, options);
  }
}

/** Seconds or an HTTP date, as Retry-After carries them; null when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | null {
  if (header === null || header === undefined || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

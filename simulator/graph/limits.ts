/**
 * Throttling and failure injection for the Graph routes: the MailboxConcurrency limit (at most
 * N requests in flight per mailbox, Graph's is 4), "next N requests answer 429 with Retry-After",
 * "next N requests fail with a 5xx", and a latency so concurrency can be observed.
 */
export interface Throttle {
  count: number;
  readonly retryAfterSeconds: number;
  /** Limited to one mailbox, or every mailbox when null. */
  readonly address: string | null;
}

export interface Failure {
  count: number;
  readonly status: 500 | 502 | 503 | 504;
  readonly retryAfterSeconds: number | null;
  readonly address: string | null;
}

export type Verdict =
  | { readonly kind: 'ok'; readonly release: () => void }
  | { readonly kind: 'concurrency'; readonly retryAfterSeconds: number }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number }
  | { readonly kind: 'failed'; readonly status: number; readonly retryAfterSeconds: number | null };

export class Limits {
  concurrencyLimit = 4;
  concurrencyRetryAfterSeconds = 1;
  latencyMs = 0;
  private readonly inFlight = new Map<string, number>();
  private throttles: Throttle[] = [];
  private failures: Failure[] = [];

  throttle(t: Throttle): void {
    this.throttles.push(t);
  }

  fail(f: Failure): void {
    this.failures.push(f);
  }

  /** Decides a request for a mailbox; an admitted request must call release() when answered. */
  admit(address: string): Verdict {
    const key = address.toLowerCase();
    const current = this.inFlight.get(key) ?? 0;
    if (current >= this.concurrencyLimit) return { kind: 'concurrency', retryAfterSeconds: this.concurrencyRetryAfterSeconds };
    const throttle = take(this.throttles, key);
    if (throttle) return { kind: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds };
    const failure = take(this.failures, key);
    if (failure) return { kind: 'failed', status: failure.status, retryAfterSeconds: failure.retryAfterSeconds };
    this.inFlight.set(key, current + 1);
    let released = false;
    return {
      kind: 'ok',
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
      },
    };
  }

  reset(): void {
    this.concurrencyLimit = 4;
    this.concurrencyRetryAfterSeconds = 1;
    this.latencyMs = 0;
    this.throttles = [];
    this.failures = [];
  }
}

function take<T extends { count: number; readonly address: string | null }>(list: T[], key: string): T | null {
  const found = list.find((t) => t.count > 0 && (t.address === null || t.address.toLowerCase() === key));
  if (!found) return null;
  found.count -= 1;
  return found;
}

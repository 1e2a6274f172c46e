import { gmailErrors, type GoogleError } from './errors';

/**
 * Per-user limits of the Gmail API: quota units per method (Gmail usage-limits page), a
 * per-user budget per minute (15,000 units), a cap on concurrent requests (undocumented by
 * Google; users meet "Too many concurrent requests for user" past a handful), and what a
 * test injects: the next N calls throttled (429 + Retry-After) or failing with a 5xx.
 */
export const quotaUnits = {
  'users.getProfile': 1,
  'users.labels.list': 1,
  'users.labels.get': 1,
  'users.history.list': 2,
  'users.messages.list': 5,
  'users.messages.get': 5,
  'users.messages.send': 100,
} as const;

export type GmailMethod = keyof typeof quotaUnits;

export interface LimitSettings {
  /** Per-user quota units per rolling minute. */
  quotaUnitsPerMinute: number;
  /** How an over-quota call is refused: 429 rateLimitExceeded (seen in the wild) or 403 userRateLimitExceeded (documented). */
  quotaStatus: 429 | 403;
  /** Requests in flight for one user before 429 "Too many concurrent requests for user". */
  maxConcurrent: number;
  /** Added to every Gmail API call, so that concurrency is observable. */
  latencyMs: number;
}

export const defaultLimits: LimitSettings = { quotaUnitsPerMinute: 15_000, quotaStatus: 429, maxConcurrent: 5, latencyMs: 0 };

export class UserLimits {
  settings: LimitSettings = { ...defaultLimits };
  unitsTotal = 0;
  callsTotal = 0;
  inFlight = 0;
  private spent: { at: number; units: number }[] = [];
  private throttle = { remaining: 0, retryAfterSeconds: 1, status: 429 as 429 | 403 };
  private failures = { remaining: 0, status: 503 };

  constructor(private readonly now: () => number) {}

  throttleNext(count: number, retryAfterSeconds: number, status: 429 | 403): void {
    this.throttle = { remaining: count, retryAfterSeconds, status };
  }

  failNext(count: number, status: number): void {
    this.failures = { remaining: count, status };
  }

  unitsLastMinute(): number {
    const since = this.now() - 60_000;
    this.spent = this.spent.filter((s) => s.at > since);
    return this.spent.reduce((sum, s) => sum + s.units, 0);
  }

  /**
   * Admits one call or says how Google would refuse it. An admitted call holds a concurrency
   * slot until `release`; refused calls spend no units.
   */
  admit(method: GmailMethod): GoogleError | null {
    if (this.failures.remaining > 0) {
      this.failures.remaining -= 1;
      return gmailErrors.backend(this.failures.status);
    }
    if (this.throttle.remaining > 0) {
      this.throttle.remaining -= 1;
      return this.throttle.status === 403 ? gmailErrors.userRateLimitExceeded() : gmailErrors.rateLimited(this.throttle.retryAfterSeconds);
    }
    if (this.inFlight >= this.settings.maxConcurrent) return gmailErrors.tooManyConcurrent(null);
    const units = quotaUnits[method];
    if (this.unitsLastMinute() + units > this.settings.quotaUnitsPerMinute) {
      return this.settings.quotaStatus === 403 ? gmailErrors.userRateLimitExceeded() : gmailErrors.rateLimited(this.secondsUntilRoomFor(units));
    }
    this.spent.push({ at: this.now(), units });
    this.unitsTotal += units;
    this.callsTotal += 1;
    this.inFlight += 1;
    return null;
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  private secondsUntilRoomFor(units: number): number {
    let used = this.unitsLastMinute();
    for (const s of this.spent) {
      used -= s.units;
      if (used + units <= this.settings.quotaUnitsPerMinute) return Math.max(1, Math.ceil((s.at + 60_000 - this.now()) / 1000));
    }
    return 60;
  }
}

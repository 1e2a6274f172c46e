import { createHash } from 'node:crypto';
import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from './errors.js';
import { SharedCounters } from './shared-counters.js';

/**
 * Rate limits per user, per dealership and (for sign-in) per client address. The counters
 * live in the shared database (`rate_limits`), so the limits hold across any number of API
 * instances (@fastify/rate-limit keeps them in process memory unless given Redis, which we
 * do not run).
 *
 * - User and dealership (every authenticated request, hot rows): SharedCounters, written
 *   behind in one batched upsert per flush instead of one upsert per request and key.
 * - Client address (sign-in, refresh; rare): rate-limiter-flexible's Postgres store, exact.
 *
 * If Postgres cannot answer, both go on in memory with the same limits for that instance.
 */
export interface RequestRateLimiter {
  /** Throws HttpError 429 when a limit is exhausted. */
  consume(keys: { userId?: string; tenantId?: string; address?: string }): Promise<void>;
  /** Sends unsynced counts to Postgres (before the pool closes). */
  close?(): Promise<void>;
}

export interface RateLimitOptions {
  userPerMinute: number;
  tenantPerMinute: number;
  /** Sign-in and refresh attempts per client address per minute. */
  addressPerMinute?: number;
}

const TABLE = 'rate_limits';

function limiter(pool: pg.Pool, keyPrefix: string, points: number): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: TABLE,
    tableCreated: true, // migration 0008; the API role may not create tables
    clearExpiredByTimeout: true,
    keyPrefix,
    points,
    duration: 60,
    // Once a key is over its limit, refuse it in memory for the rest of the window instead
    // of asking Postgres again.
    inMemoryBlockOnConsumed: points,
    inMemoryBlockDuration: 60,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: 60 }),
  });
}

/**
 * Write-behind settings: a flush every 250 ms at most; a key waits for a sync once it holds
 * 1% of its limit unsynced (at least 1 hit, i.e. exact for small limits). After a failed
 * flush, no request waits on Postgres for 2 s.
 */
export const SHARED_COUNTER_SETTINGS = {
  windowMs: 60_000,
  flushMs: 250,
  maxUnsynced: (limit: number) => Math.max(1, Math.floor(limit / 100)),
  retryAfterFailureMs: 2_000,
} as const;

/** ms to wait when refused, 0 when allowed. */
type Wait = number;

export function createRateLimiter(pool: pg.Pool, options: RateLimitOptions): RequestRateLimiter {
  const counters = new SharedCounters(pool, SHARED_COUNTER_SETTINGS);
  const address = limiter(pool, 'a', options.addressPerMinute ?? 60);
  const shared = async (key: string, limit: number): Promise<Wait> => {
    const decision = await counters.hit(key, limit);
    return decision.allowed ? 0 : decision.msBeforeNext;
  };
  const byAddress = async (hashed: string): Promise<Wait> => {
    try {
      await address.consume(hashed);
      return 0;
    } catch (reason: unknown) {
      if (reason instanceof RateLimiterRes) return Math.max(1, reason.msBeforeNext);
      throw reason;
    }
  };
  return {
    close: () => counters.close(),
    async consume(keys) {
      const pending: Array<Promise<Wait>> = [];
      if (keys.userId) pending.push(shared(`u:${keys.userId}`, options.userPerMinute));
      if (keys.tenantId) pending.push(shared(`t:${keys.tenantId}`, options.tenantPerMinute));
      // Addresses are personal data: only a hash is used as the counter key.
      if (keys.address) pending.push(byAddress(createHash('sha256').update(keys.address).digest('base64url')));
      const retryAfterMs = Math.max(0, ...(await Promise.all(pending)));
      if (retryAfterMs > 0) {
        const seconds = Math.ceil(retryAfterMs / 1000);
        throw new HttpError(429, 'rate_limited', `too many requests; retry in ${seconds} s`, {
          'retry-after': String(seconds),
        });
      }
    },
  };
}

/** For tests and benchmarks that measure something else. */
export const noRateLimit: RequestRateLimiter = { consume: async () => undefined };

import { createHash } from 'node:crypto';
import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from './errors.js';

/**
 * Rate limits per user, per dealership and (for sign-in) per client address, with
 * rate-limiter-flexible's Postgres store: the counters live in the shared database, so
 * the limits hold across any number of API instances (@fastify/rate-limit keeps them in
 * process memory unless given Redis, which we do not run). If Postgres cannot answer, an
 * in-memory limiter with the same limits takes over for that instance.
 */
export interface RequestRateLimiter {
  /** Throws HttpError 429 when a limit is exhausted. */
  consume(keys: { userId?: string; tenantId?: string; address?: string }): Promise<void>;
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

export function createRateLimiter(pool: pg.Pool, options: RateLimitOptions): RequestRateLimiter {
  const user = limiter(pool, 'u', options.userPerMinute);
  const tenant = limiter(pool, 't', options.tenantPerMinute);
  const address = limiter(pool, 'a', options.addressPerMinute ?? 60);
  return {
    async consume(keys) {
      const pending: Array<Promise<RateLimiterRes>> = [];
      if (keys.userId) pending.push(user.consume(keys.userId));
      if (keys.tenantId) pending.push(tenant.consume(keys.tenantId));
      // Addresses are personal data: only a hash is used as the counter key.
      if (keys.address) {
        pending.push(address.consume(createHash('sha256').update(keys.address).digest('base64url')));
      }
      const results = await Promise.allSettled(pending);
      let retryAfterMs = 0;
      for (const result of results) {
        if (result.status === 'fulfilled') continue;
        const reason: unknown = result.reason;
        if (reason instanceof RateLimiterRes) retryAfterMs = Math.max(retryAfterMs, reason.msBeforeNext);
        else throw reason;
      }
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

import type pg from 'pg';

/**
 * Fixed-window hit counters shared by every API instance through the `rate_limits` table,
 * written behind: each instance counts hits locally and adds them to the shared rows in ONE
 * batched upsert per flush (every `flushMs`, or at once when a key holds `maxUnsynced`
 * unsynced hits). Decisions use the key's last known shared count plus this instance's
 * unsynced hits, so one instance is exact and several may together admit a little more
 * than the limit (see README "Rate limits": at most about 2 × maxUnsynced per other
 * instance and key, per window).
 *
 * - The first hit of a key in a window waits for a sync, so a fresh window starts from the
 *   shared count and the row exists as soon as the first request is answered.
 * - When a key reaches maxUnsynced unsynced hits, the hit waits for the flush (backpressure):
 *   an instance never holds more than maxUnsynced invisible hits per key.
 * - When Postgres fails, decisions go on from local counts (the in-memory fallback) and the
 *   hits are re-sent with the next flush; for `retryAfterFailureMs` no hit waits for a sync.
 */
export interface SharedCountersOptions {
  windowMs: number;
  flushMs: number;
  /** Unsynced hits per key before a hit waits for a flush. */
  maxUnsynced: (limit: number) => number;
  retryAfterFailureMs: number;
  now?: () => number;
}

interface KeyState {
  windowEnd: number;
  /** Shared count returned by the last sync (all instances, this one's flushed hits included). */
  shared: number;
  pending: number;
  inFlight: number;
  synced: boolean;
}

export interface HitDecision {
  allowed: boolean;
  /** ms until the window ends (for Retry-After). */
  msBeforeNext: number;
}

// One statement per flush: every key's increment, resetting rows of an older window and
// ignoring increments for a window the row has already left.
const UPSERT = `
  insert into rate_limits as r (key, points, expire)
  select * from unnest($1::varchar[], $2::int[], $3::bigint[])
  on conflict (key) do update set
    points = case when r.expire < excluded.expire then excluded.points
                  when r.expire = excluded.expire then r.points + excluded.points
                  else r.points end,
    expire = greatest(r.expire, excluded.expire)
  returning key, points, expire`;

export class SharedCounters {
  private readonly keys = new Map<string, KeyState>();
  private flushing: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failedAt = -Infinity;
  private lastSweep = 0;
  private readonly now: () => number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: SharedCountersOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Counts one hit on key (already prefixed) and decides against limit. */
  async hit(key: string, limit: number): Promise<HitDecision> {
    const now = this.now();
    const windowEnd = Math.floor(now / this.options.windowMs) * this.options.windowMs + this.options.windowMs;
    let state = this.keys.get(key);
    if (!state || state.windowEnd !== windowEnd) {
      state = { windowEnd, shared: 0, pending: 0, inFlight: 0, synced: false };
      this.keys.set(key, state);
    }
    const msBeforeNext = windowEnd - now;
    if (state.shared + state.pending + state.inFlight >= limit) return { allowed: false, msBeforeNext };
    state.pending += 1;
    const mustSync = !state.synced || state.pending + state.inFlight >= this.options.maxUnsynced(limit);
    if (mustSync && now - this.failedAt >= this.options.retryAfterFailureMs) await this.flush();
    else this.schedule();
    // After a sync, shared includes this hit; before it, pending does.
    const allowed = state.shared + state.pending + state.inFlight <= limit;
    if (!allowed && state.pending > 0) state.pending -= 1; // a refused hit is not counted
    return { allowed, msBeforeNext };
  }

  /**
   * Sends every unsynced hit; resolves when Postgres has them (or has failed). Callers that
   * arrive while a flush is running share ONE next flush (not one each), so a burst of hits
   * that must sync (a new window, backpressure) costs two statements, not one per hit.
   */
  flush(): Promise<void> {
    if (!this.flushing) {
      this.flushing = this.flushOnce().finally(() => {
        this.flushing = undefined;
      });
      return this.flushing;
    }
    this.queued ??= this.flushing.then(() => {
      this.queued = undefined;
      return this.flush();
    });
    return this.queued;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.flushMs).unref();
  }

  private async flushOnce(): Promise<void> {
    const batch: Array<[string, KeyState, number]> = [];
    for (const [key, state] of this.keys) {
      if (state.pending > 0 || !state.synced) {
        batch.push([key, state, state.pending]);
        state.inFlight += state.pending;
        state.pending = 0;
      }
    }
    if (batch.length === 0) return;
    try {
      const { rows } = await this.pool.query<{ key: string; points: number; expire: string }>(UPSERT, [
        batch.map(([key]) => key),
        batch.map(([, , hits]) => hits),
        batch.map(([, state]) => state.windowEnd),
      ]);
      const byKey = new Map(rows.map((row) => [row.key, row]));
      for (const [key, state, hits] of batch) {
        state.inFlight -= hits;
        const row = byKey.get(key);
        // A row of a later window (another instance's clock ahead) counts as unknown here.
        if (row && Number(row.expire) === state.windowEnd) state.shared = row.points;
        else state.shared += hits;
        state.synced = true;
      }
      this.sweep();
    } catch {
      this.failedAt = this.now();
      for (const [, state, hits] of batch) {
        state.inFlight -= hits;
        state.pending += hits;
      }
      this.schedule();
    }
  }

  /** Forgets finished windows and, once a window, deletes expired rows. */
  private sweep(): void {
    const now = this.now();
    for (const [key, state] of this.keys) {
      if (state.windowEnd <= now && state.pending === 0 && state.inFlight === 0) this.keys.delete(key);
    }
    if (now - this.lastSweep < this.options.windowMs) return;
    this.lastSweep = now;
    this.pool.query('delete from rate_limits where expire < $1', [now - this.options.windowMs]).catch(() => undefined);
  }
}

import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SharedCounters, type SharedCountersOptions } from './shared-counters.js';

/** The rate_limits upsert, in memory (same semantics as the SQL), shared by "instances". */
function fakeTable() {
  const rows = new Map<string, { points: number; expire: number }>();
  let down = false;
  let statements = 0;
  const query = async (text: string, params: [string[], number[], number[]]) => {
    if (down) throw new Error('connection refused');
    if (text.trim().startsWith('delete')) return { rows: [] };
    statements += 1;
    const [keys, points, expires] = params;
    const out = keys.map((key, i) => {
      const add = points[i] ?? 0;
      const expire = expires[i] ?? 0;
      const row = rows.get(key);
      const next =
        !row || row.expire < expire
          ? { points: add, expire }
          : row.expire === expire
            ? { points: row.points + add, expire }
            : row;
      rows.set(key, next);
      return { key, points: next.points, expire: String(next.expire) };
    });
    return { rows: out };
  };
  return {
    rows,
    pool: { query } as unknown as pg.Pool,
    setDown: (value: boolean) => {
      down = value;
    },
    statements: () => statements,
  };
}

const options = (now: () => number): SharedCountersOptions => ({
  windowMs: 60_000,
  flushMs: 250,
  maxUnsynced: (limit) => Math.max(1, Math.floor(limit / 100)),
  retryAfterFailureMs: 2_000,
  now,
});

describe('SharedCounters (write-behind rate-limit counters)', () => {
  it('is exact for one instance and batches the writes', async () => {
    const table = fakeTable();
    const counters = new SharedCounters(table.pool, options(() => 1_000));
    const results = [];
    for (let i = 0; i < 1_500; i++) results.push(await counters.hit('u:a', 1_000));
    expect(results.filter((r) => r.allowed)).toHaveLength(1_000);
    expect(results.at(-1)?.msBeforeNext).toBe(59_000);
    await counters.close();
    expect(table.rows.get('u:a')?.points).toBe(1_000);
    // 1 first sync + one per 10 unsynced hits: far fewer statements than hits.
    expect(table.statements()).toBeLessThan(150);
  });

  it('overshoots by at most 2 × maxUnsynced per extra instance across instances', async () => {
    const table = fakeTable();
    const instances = Array.from({ length: 4 }, () => new SharedCounters(table.pool, options(() => 1_000)));
    let allowed = 0;
    for (let round = 0; round < 800; round++) {
      const hits = await Promise.all(instances.map((c) => c.hit('t:x', 1_000)));
      allowed += hits.filter((h) => h.allowed).length;
    }
    await Promise.all(instances.map((c) => c.close()));
    expect(allowed).toBeGreaterThanOrEqual(1_000);
    expect(allowed).toBeLessThanOrEqual(1_000 + 2 * 3 * 10);
  });

  it('starts over in a new window', async () => {
    const table = fakeTable();
    let now = 1_000;
    const counters = new SharedCounters(table.pool, options(() => now));
    for (let i = 0; i < 5; i++) await counters.hit('u:b', 3);
    expect((await counters.hit('u:b', 3)).allowed).toBe(false);
    now += 60_000;
    expect((await counters.hit('u:b', 3)).allowed).toBe(true);
    expect(table.rows.get('u:b')?.points).toBe(1);
  });

  it('keeps limiting in memory while Postgres is down, then syncs the hits', async () => {
    const table = fakeTable();
    const counters = new SharedCounters(table.pool, options(() => 1_000));
    table.setDown(true);
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await counters.hit('u:c', 5));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false, false, false]);
    table.setDown(false);
    await counters.flush();
    expect(table.rows.get('u:c')?.points).toBe(5);
  });
});

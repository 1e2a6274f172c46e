import { describe, expect, it } from 'vitest';
import { createTestClock } from '../time/test-clock';
import { backoffDelay, PeriodicTask, type OnlineSignal } from './periodic-task';

const minute = 60_000;

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function onlineSignal(initial = true): OnlineSignal & { set(online: boolean): void } {
  let online = initial;
  const listeners = new Set<(online: boolean) => void>();
  return {
    online: () => online,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    set(next) {
      online = next;
      for (const listener of listeners) listener(next);
    },
  };
}

describe('PeriodicTask', () => {
  it('runs at start, then every interval after the end of the last run', async () => {
    const clock = createTestClock();
    const runs: number[] = [];
    const task = new PeriodicTask({ name: 't', clock, intervalMs: 5 * minute, run: async () => void runs.push(clock.now().getTime()) });
    const t0 = clock.now().getTime();
    task.start();
    await clock.advance(16 * minute);
    expect(runs.map((t) => (t - t0) / minute)).toEqual([0, 5, 10, 15]);
    expect(task.status()).toMatchObject({ started: true, failures: 0, nextRunAt: new Date(t0 + 20 * minute) });
    await task.stop();
  });

  it('backs off exponentially after failures, within the jitter bounds, capped, and resets on success', async () => {
    const clock = createTestClock();
    let fail = 5;
    const at: number[] = [];
    const task = new PeriodicTask({
      name: 't',
      clock,
      intervalMs: 10 * minute,
      backoff: { baseMs: 1_000, maxMs: 10_000, jitter: 0.5 },
      random: () => 0.999999, // the most jitter: each delay near half its cap
      run: async () => {
        at.push(clock.now().getTime());
        if (fail-- > 0) throw new Error('cloud down');
      },
    });
    task.start();
    await clock.advance(2 * 10_000 + 10 * minute + 1);
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0));
    // caps 1s, 2s, 4s, 8s, 10s (capped); half of each with this random; then the interval after the success.
    expect(gaps).toEqual([500, 1_000, 2_000, 4_000, 5_000, 10 * minute]);
    expect(task.status().failures).toBe(0);
    await task.stop();
  });

  it('keeps every backoff delay within [cap·(1-jitter), cap] for any random value', () => {
    const backoff = { baseMs: 5_000, maxMs: 300_000, jitter: 0.3 };
    for (let failures = 1; failures <= 12; failures++) {
      const cap = Math.min(300_000, 5_000 * 2 ** (failures - 1));
      for (const r of [0, 0.25, 0.5, 0.75, 0.999999]) {
        const delay = backoffDelay(backoff, failures, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(cap * 0.7));
        expect(delay).toBeLessThanOrEqual(cap);
      }
    }
    expect(backoffDelay(backoff, 1, () => 0)).toBe(5_000);
  });

  it('runs one at a time: a run asked for meanwhile is queued once and shared', async () => {
    const clock = createTestClock();
    const gates: Array<ReturnType<typeof deferred<number>>> = [];
    let active = 0;
    let most = 0;
    const task = new PeriodicTask({
      name: 't',
      clock,
      intervalMs: minute,
      run: async () => {
        active++;
        most = Math.max(most, active);
        const gate = deferred<number>();
        gates.push(gate);
        try {
          return await gate.promise;
        } finally {
          active--;
        }
      },
    });
    const first = task.runNow();
    const second = task.runNow();
    const third = task.runNow();
    expect(second).toBe(third);
    expect(gates).toHaveLength(1);
    gates[0]?.resolve(1);
    expect(await first).toBe(1);
    await clock.advance(0);
    expect(gates).toHaveLength(2);
    gates[1]?.resolve(2);
    expect(await second).toBe(2);
    expect(most).toBe(1);
    await clock.advance(10 * minute);
    expect(gates).toHaveLength(2); // not started: no timed runs
  });

  it('does not start a timed run while one asked for is still running, and schedules from its end', async () => {
    const clock = createTestClock();
    const gate = deferred();
    let runs = 0;
    const task = new PeriodicTask({
      name: 't',
      clock,
      intervalMs: minute,
      runAtStart: false,
      run: async () => {
        runs++;
        if (runs === 1) await gate.promise;
      },
    });
    task.start();
    await clock.advance(30_000);
    void task.runNow();
    await clock.advance(5 * minute);
    expect(runs).toBe(1);
    gate.resolve();
    await clock.advance(0);
    expect(clock.pending()).toEqual([minute]);
    await clock.advance(minute);
    expect(runs).toBe(2);
    await task.stop();
  });

  it('pauses while offline and runs once as soon as it is back online', async () => {
    const clock = createTestClock();
    const online = onlineSignal(true);
    let runs = 0;
    const task = new PeriodicTask({ name: 't', clock, intervalMs: minute, online, run: async () => void runs++ });
    task.start();
    await clock.advance(0);
    expect(runs).toBe(1);
    online.set(false);
    expect(task.status()).toMatchObject({ paused: true, nextRunAt: null });
    await clock.advance(30 * minute);
    expect(runs).toBe(1);
    online.set(true);
    await clock.advance(0);
    expect(runs).toBe(2);
    await clock.advance(minute);
    expect(runs).toBe(3);
    await task.stop();
  });

  it('starting offline runs nothing until online', async () => {
    const clock = createTestClock();
    const online = onlineSignal(false);
    let runs = 0;
    const task = new PeriodicTask({ name: 't', clock, intervalMs: minute, online, run: async () => void runs++ });
    task.start();
    await clock.advance(10 * minute);
    expect(runs).toBe(0);
    online.set(true);
    await clock.advance(0);
    expect(runs).toBe(1);
    await task.stop();
  });

  it('stop cancels the timer, waits for the run in flight and leaves no timed run behind', async () => {
    const clock = createTestClock();
    const gate = deferred();
    let runs = 0;
    let finished = false;
    const online = onlineSignal(true);
    const task = new PeriodicTask({
      name: 't',
      clock,
      intervalMs: minute,
      online,
      run: async () => {
        runs++;
        await gate.promise;
        finished = true;
      },
    });
    task.start();
    const stopped = task.stop();
    let stopReturned = false;
    void stopped.then(() => (stopReturned = true));
    await clock.advance(0);
    expect(stopReturned).toBe(false);
    gate.resolve();
    await stopped;
    expect(finished).toBe(true);
    expect(clock.pending()).toEqual([]);
    online.set(false);
    online.set(true);
    await clock.advance(10 * minute);
    expect(runs).toBe(1);
    expect(task.status()).toMatchObject({ started: false, running: false, nextRunAt: null });
  });

  it('lets the run pick when the next is due (a token refresh), or schedule none', async () => {
    const clock = createTestClock();
    const delays = [2 * minute, 7 * minute, null];
    const at: number[] = [];
    const t0 = clock.now().getTime();
    const task = new PeriodicTask({
      name: 't',
      clock,
      intervalMs: minute,
      run: async () => {
        at.push((clock.now().getTime() - t0) / minute);
        return delays.shift() ?? null;
      },
      nextDelayMs: (next) => next,
    });
    task.start();
    await clock.advance(60 * minute);
    expect(at).toEqual([0, 2, 9]);
    expect(clock.pending()).toEqual([]);
    await task.stop();
  });

  it('a failed run asked for rejects to its caller and still backs off; the failure log names the error class only', async () => {
    const clock = createTestClock();
    const lines: Array<[string, Record<string, unknown> | undefined]> = [];
    const log = { info: () => undefined, error: () => undefined, warn: (event: string, fields?: Record<string, unknown>) => void lines.push([event, fields]) };
    const task = new PeriodicTask({
      name: 'purge-sync',
      clock,
      intervalMs: minute,
      backoff: { baseMs: 1_000, maxMs: 60_000, jitter: 0 },
      log,
      run: async () => {
        throw new TypeError('maria.lopez@example.com could not be reached');
      },
    });
    task.start();
    await clock.advance(0);
    await expect(task.runNow()).rejects.toThrow(TypeError);
    await clock.advance(0);
    expect(task.status().failures).toBe(2);
    expect(clock.pending()).toEqual([2_000]);
    expect(lines).toEqual([
      ['task.failed', { task: 'purge-sync', failures: 1, error: 'TypeError' }],
      ['task.failed', { task: 'purge-sync', failures: 2, error: 'TypeError' }],
    ]);
    await task.stop();
  });

  it('runIn moves the next timed run, cancelNext calls it off, and neither acts once stopped', async () => {
    const clock = createTestClock();
    let runs = 0;
    const task = new PeriodicTask({ name: 't', clock, intervalMs: 10 * minute, runAtStart: false, run: async () => void runs++ });
    task.start();
    task.runIn(minute);
    expect(clock.pending()).toEqual([minute]);
    await clock.advance(minute);
    expect(runs).toBe(1);
    expect(clock.pending()).toEqual([10 * minute]);
    task.cancelNext();
    await clock.advance(60 * minute);
    expect(runs).toBe(1);
    expect(task.status().started).toBe(true);
    await task.stop();
    task.runIn(minute);
    await clock.advance(60 * minute);
    expect(runs).toBe(1);
  });
});

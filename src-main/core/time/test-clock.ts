import type { Clock, TimerHandle } from './clock';

interface Pending {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
  cancelled: boolean;
}

/** A clock for tests: time stands still until advance() moves it, firing due timers in order. */
export interface TestClock extends Clock {
  /** Moves time forward by `ms`, running each due timer (and the promise work it starts) in turn. */
  advance(ms: number): Promise<void>;
  /** Timers not yet fired or cancelled, soonest first, as ms from now. */
  pending(): number[];
}

const settle = async () => {
  // Let promise chains started by a timer run before the next one fires.
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
};

export function createTestClock(start = Date.parse('2026-01-05T09:00:00Z')): TestClock {
  let now = start;
  let seq = 0;
  const timers: Pending[] = [];
  const live = () => timers.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at || a.seq - b.seq);
  return {
    now: () => new Date(now),
    setTimeout(run, ms): TimerHandle {
      const timer: Pending = { at: now + Math.max(0, ms), seq: seq++, run, cancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.cancelled = true) };
    },
    async advance(ms) {
      const until = now + ms;
      await settle();
      for (;;) {
        const next = live()[0];
        if (!next || next.at > until) break;
        now = next.at;
        next.cancelled = true;
        next.run();
        await settle();
      }
      now = until;
    },
    pending: () => live().map((t) => t.at - now),
  };
}

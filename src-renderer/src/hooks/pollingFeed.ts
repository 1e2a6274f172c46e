/**
 * One value asked from main on a timer and shared by every component that shows it, so two
 * components on screen cost one call per interval, not two. Polls only while someone listens.
 */
export interface PollingFeed<T> {
  /** For useSyncExternalStore: the first listener starts the polling, the last one stops it. */
  readonly subscribe: (listener: () => void) => () => void;
  /** The last answer; null before the first one, and again after everyone stopped listening. */
  readonly getSnapshot: () => T | null;
}

/** A failed ask keeps the last value: what is polled this way is a hint, shown again next time. */
export function createPollingFeed<T>(ask: () => Promise<T>, intervalMs: number): PollingFeed<T> {
  const listeners = new Set<() => void>();
  let value: T | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  // Bumped on stop, so an answer that lands after everyone left is dropped.
  let run = 0;

  const poll = () => {
    const askedIn = run;
    // An async wrapper turns a synchronous throw (no bridge) into a failed ask.
    (async () => ask())().then(
      (next) => {
        if (askedIn !== run) return;
        value = next;
        for (const listener of [...listeners]) listener();
      },
      () => undefined,
    );
  };

  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    if (listeners.size === 1) {
      poll();
      timer = setInterval(poll, intervalMs);
    }
    return () => {
      if (!listeners.delete(listener) || listeners.size > 0) return;
      clearInterval(timer);
      run += 1;
      value = null;
    };
  };

  return { subscribe, getSnapshot: () => value };
}

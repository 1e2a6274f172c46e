/**
 * One value asked from main when it says the value may have changed, shared by every
 * component that shows it: two components on screen cost one call per change, not two. Asks
 * on the first listener, and again on each change event (several events while an ask is in
 * flight cost one more ask); listens to main only while someone listens here.
 */
export interface ChangeFeed<T> {
  /** For useSyncExternalStore: the first listener starts listening to main, the last one stops. */
  readonly subscribe: (listener: () => void) => () => void;
  /** The last answer; null before the first one, and again after everyone stopped listening. */
  readonly getSnapshot: () => T | null;
}

/** A failed ask keeps the last value: what is shown this way is a hint, asked again at the next change. */
export function createChangeFeed<T>(ask: () => Promise<T>, onChanged: (listener: () => void) => () => void): ChangeFeed<T> {
  const listeners = new Set<() => void>();
  let value: T | null = null;
  let stopListening: (() => void) | undefined;
  // Bumped on stop, so an answer that lands after everyone left is dropped.
  let run = 0;
  let inFlight = false;
  let again = false;

  const refresh = () => {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    const askedIn = run;
    // An async wrapper turns a synchronous throw (no bridge) into a failed ask.
    (async () => ask())()
      .then(
        (next) => {
          if (askedIn !== run) return;
          value = next;
          for (const listener of [...listeners]) listener();
        },
        () => undefined,
      )
      .finally(() => {
        inFlight = false;
        if (again && askedIn === run) {
          again = false;
          refresh();
        }
      });
  };

  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    if (listeners.size === 1) {
      stopListening = onChanged(refresh);
      refresh();
    }
    return () => {
      if (!listeners.delete(listener) || listeners.size > 0) return;
      stopListening?.();
      stopListening = undefined;
      run += 1;
      inFlight = false;
      again = false;
      value = null;
    };
  };

  return { subscribe, getSnapshot: () => value };
}

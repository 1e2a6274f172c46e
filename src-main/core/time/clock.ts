/** A scheduled callback that can be called off. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * The one source of time for the core's services: what time it is, and "call me in ms".
 * The app passes systemClock; tests pass a TestClock and move time by hand.
 */
export interface Clock {
  now(): Date;
  /** Calls `run` once after `ms`. A pending timer never keeps the process alive. */
  setTimeout(run: () => void, ms: number): TimerHandle;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

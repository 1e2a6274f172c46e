/**
 * A small per-window counter for log lines a renderer (or anything outside main) can cause, so a
 * loop cannot flood the log. At most `maxPerWindow` lines are admitted per window of `windowMs`;
 * the rest are counted, and the count is handed to `onSuppressed` once when the next window opens
 * (on its first admit() call, or on flush()).
 */
export interface LogRateLimitOptions {
  readonly now?: () => number;
  /** Default 10… */
  readonly maxPerWindow?: number;
  /** …per this many milliseconds (default one minute). */
  readonly windowMs?: number;
  readonly onSuppressed: (count: number, windowMs: number) => void;
}

export interface LogRateLimiter {
  /** True when the caller may write its line now; false when it was counted as suppressed. */
  admit(): boolean;
  /** Reports a pending suppressed count (if any) now. */
  flush(): void;
}

export function createLogRateLimiter(options: LogRateLimitOptions): LogRateLimiter {
  const now = options.now ?? Date.now;
  const max = options.maxPerWindow ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  let windowStart = Number.NEGATIVE_INFINITY;
  let written = 0;
  let suppressed = 0;

  const flush = () => {
    if (suppressed > 0) {
      const count = suppressed;
      suppressed = 0;
      options.onSuppressed(count, windowMs);
    }
  };

  return {
    admit() {
      const t = now();
      if (t - windowStart >= windowMs || t < windowStart) {
        flush();
        windowStart = t;
        written = 0;
      }
      if (written >= max) {
        suppressed += 1;
        return false;
      }
      written += 1;
      return true;
    },
    flush,
  };
}

import type { RendererViewId } from '../../../src-shared/contract/areas/app';
import type { Logger } from '../log/logger';
import { createLogRateLimiter } from '../log/rate-limit';

export interface RendererErrorReport {
  /** Already checked by the contract: a short identifier such as `TypeError`. */
  readonly name: string;
  readonly where: RendererViewId;
  readonly handled: boolean;
}

export interface RendererErrorReporterOptions {
  readonly log: Logger;
  readonly now?: () => number;
  /** At most this many reports are written per window (default 10)… */
  readonly maxPerWindow?: number;
  /** …of this many milliseconds (default one minute). */
  readonly windowMs?: number;
}

/**
 * Writes the renderer's "a screen could not be drawn" reports to main's log at warn level, at
 * most `maxPerWindow` per window, so a render loop cannot flood the log. Reports over the limit
 * are counted, and the count is written as one `renderer.errors-suppressed` line when the next
 * window opens (on its first report, or on flush()).
 */
export function createRendererErrorReporter(options: RendererErrorReporterOptions): {
  report(report: RendererErrorReport): { logged: boolean };
  flush(): void;
} {
  const limiter = createLogRateLimiter({
    now: options.now,
    maxPerWindow: options.maxPerWindow,
    windowMs: options.windowMs,
    onSuppressed: (count, windowMs) => options.log.warn('renderer.errors-suppressed', { count, windowMs }),
  });

  return {
    report({ name, where, handled }) {
      if (!limiter.admit()) return { logged: false };
      options.log.warn('renderer.screen-failed', { error: name, where, handled });
      return { logged: true };
    },
    flush: () => limiter.flush(),
  };
}

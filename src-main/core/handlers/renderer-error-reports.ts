import type { RendererViewId } from '../../../src-shared/contract/areas/app';
import type { Logger } from '../log/logger';

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
  const now = options.now ?? Date.now;
  const max = options.maxPerWindow ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  let windowStart = Number.NEGATIVE_INFINITY;
  let written = 0;
  let suppressed = 0;

  const flush = () => {
    if (suppressed > 0) {
      options.log.warn('renderer.errors-suppressed', { count: suppressed, windowMs });
      suppressed = 0;
    }
  };

  return {
    report({ name, where, handled }) {
      const t = now();
      if (t - windowStart >= windowMs || t < windowStart) {
        flush();
        windowStart = t;
        written = 0;
      }
      if (written >= max) {
        suppressed += 1;
        return { logged: false };
      }
      written += 1;
      options.log.warn('renderer.screen-failed', { error: name, where, handled });
      return { logged: true };
    },
    flush,
  };
}

import { describe, expect, it } from 'vitest';
import { createLogRateLimiter } from './rate-limit';

describe('log rate limiter', () => {
  it('admits a number per window, counts the rest and reports the count once when the next window opens', () => {
    let t = 0;
    const suppressed: number[] = [];
    const limiter = createLogRateLimiter({ now: () => t, maxPerWindow: 2, windowMs: 1_000, onSuppressed: (n) => suppressed.push(n) });
    expect([limiter.admit(), limiter.admit(), limiter.admit(), limiter.admit()]).toEqual([true, true, false, false]);
    t = 999;
    expect(limiter.admit()).toBe(false);
    expect(suppressed).toEqual([]);
    t = 1_000;
    expect(limiter.admit()).toBe(true);
    expect(suppressed).toEqual([3]);
    limiter.flush();
    expect(suppressed).toEqual([3]);
    t = 500; // the clock went back: a new window
    expect(limiter.admit()).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log/logger';
import type { CloudClient } from '../cloud/cloud-client';
import { CloudUnreachableError } from '../cloud/errors';
import { SessionContext, type SessionServiceOptions } from './session-context';
import { TokenRefresher } from './token-refresh';
import { createTestClock } from '../time/test-clock';

// The retry schedule of background refreshes, without a cloud: every refresh finds no answer.
function offlineDesktop(random: () => number) {
  const waits: number[] = [];
  const clock = createTestClock();
  const ctx = new SessionContext({
    oidc: { google: null, microsoft: null },
    cloud: { refresh: () => Promise.reject(new CloudUnreachableError()) } as unknown as CloudClient,
    vault: {} as SessionServiceOptions['vault'],
    platform: { openSignInPage: async () => false },
    log: createMemoryLogger(),
    onChange: () => undefined,
    retryMs: 1_000,
    retryMaxMs: 30_000,
    random,
    clock,
  });
  ctx.restoring = false;
  ctx.saved = {
    v: 1, provider: 'google', refreshToken: 'r', refreshTokenExpiresAt: '2999-01-01T00:00:00Z',
    user: { id: 'u1', email: 'casey.rep@sunsethonda.example' }, memberships: [], dealershipId: null,
  };
  const tokens = new TokenRefresher(ctx);
  return {
    waits,
    // Each failed refresh leaves one retry on the clock: record its wait, then fail again now.
    async fail(times: number) {
      for (let i = 0; i < times; i++) {
        await tokens.refreshQuietly();
        await clock.advance(0);
        const pending = clock.pending();
        expect(pending).toHaveLength(1);
        waits.push(pending[0] ?? NaN);
      }
      return waits;
    },
  };
}

describe('background refresh retries', () => {
  it('spread at random between half and all of the doubling backoff (equal jitter), capped', async () => {
    expect(await offlineDesktop(() => 0).fail(7)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
    const top = await offlineDesktop(() => 0.999_999).fail(7);
    expect(top.map(Math.round)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(await offlineDesktop(() => 0.5).fail(3)).toEqual([750, 1_500, 3_000]);
  });

  it('two desktops knocked off by the same outage do not retry at the same moments', async () => {
    const draws = [0.1, 0.9];
    const a = await offlineDesktop(() => draws[0]!).fail(6);
    const b = await offlineDesktop(() => draws[1]!).fail(6);
    // Without jitter both would wait 1, 2, 4, 8, 16, 30 s: here the gaps differ by 40% of the backoff.
    expect(a).toEqual([550, 1_100, 2_200, 4_400, 8_800, 16_500]);
    expect(b).toEqual([950, 1_900, 3_800, 7_600, 15_200, 28_500]);
  });
});

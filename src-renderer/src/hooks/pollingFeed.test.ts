import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeadPulseBridge } from '../../../src-shared/contract/bridge';
import { createClient } from '../ipc/client';
import { createPollingFeed } from './pollingFeed';

const counts = (newLeads: number) => ({ newLeads, unassigned: 0, mine: 0, outboxPending: 1, outboxFailed: 0 });

/** A fake bridge whose leads.badgeCounts answers the queued envelopes in turn and counts the calls. */
function badgeFeed(...answers: unknown[]) {
  const badgeCounts = vi.fn(async () => answers.shift() ?? { ok: true, value: counts(0) });
  const client = createClient({ leads: { badgeCounts } } as unknown as LeadPulseBridge);
  return { badgeCounts, feed: createPollingFeed(() => client.leads.badgeCounts({}), 30_000) };
}

describe('polling feed (badge counts)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks once per interval however many components show the value (the nav and Settings)', async () => {
    const { badgeCounts, feed } = badgeFeed({ ok: true, value: counts(3) }, { ok: true, value: counts(4) });
    const nav = vi.fn();
    const settings = vi.fn();
    const stopNav = feed.subscribe(nav);
    const stopSettings = feed.subscribe(settings);
    await vi.advanceTimersByTimeAsync(0);
    expect(badgeCounts).toHaveBeenCalledOnce();
    expect(feed.getSnapshot()).toEqual(counts(3));
    expect(nav).toHaveBeenCalledOnce();
    expect(settings).toHaveBeenCalledOnce();

    await vi.advanceTimersByTimeAsync(30_000);
    expect(badgeCounts).toHaveBeenCalledTimes(2);
    expect(feed.getSnapshot()).toEqual(counts(4));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(badgeCounts).toHaveBeenCalledTimes(4);

    // Leaving Settings keeps the nav's polling; leaving everything stops it and forgets the value.
    stopSettings();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(badgeCounts).toHaveBeenCalledTimes(5);
    stopNav();
    await vi.advanceTimersByTimeAsync(90_000);
    expect(badgeCounts).toHaveBeenCalledTimes(5);
    expect(feed.getSnapshot()).toBeNull();
  });

  it('keeps the last value when a refresh fails, and drops an answer that lands after everyone left', async () => {
    const { feed } = badgeFeed({ ok: true, value: counts(2) }, { ok: false, error: { code: 'handler-failed', message: 'no' } });
    const stop = feed.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(feed.getSnapshot()).toEqual(counts(2));
    stop();

    let answer: (value: unknown) => void = () => undefined;
    const late = createPollingFeed(() => new Promise((resolve) => (answer = resolve)), 30_000);
    late.subscribe(() => undefined)();
    answer(counts(9));
    await vi.advanceTimersByTimeAsync(0);
    expect(late.getSnapshot()).toBeNull();
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { LeadPulseBridge } from '../../../src-shared/contract/bridge';
import { createClient } from '../ipc/client';
import { createChangeFeed } from './changeFeed';

const counts = (newLeads: number) => ({ newLeads, unassigned: 0, mine: 0, outboxPending: 1, outboxFailed: 0 });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A fake bridge: leads.badgeCounts answers the queued envelopes in turn; leads.onChanged is driven by the test. */
function badgeFeed(...answers: unknown[]) {
  const badgeCounts = vi.fn(async () => answers.shift() ?? { ok: true, value: counts(0) });
  const changed = new Set<(payload: unknown) => void>();
  const onChanged = vi.fn((listener: (payload: unknown) => void) => {
    changed.add(listener);
    return () => void changed.delete(listener);
  });
  const client = createClient({ leads: { badgeCounts, onChanged } } as unknown as LeadPulseBridge);
  const feed = createChangeFeed(
    () => client.leads.badgeCounts({}),
    (refresh) => client.leads.onChanged(() => refresh()),
  );
  const storeChanged = () => {
    for (const listener of [...changed]) listener({ parts: ['leads'] });
  };
  return { badgeCounts, feed, storeChanged, listening: () => changed.size };
}

describe('change feed (badge counts)', () => {
  it('asks once at first, then once per leads.changed, however many components show it; nothing on a timer', async () => {
    vi.useFakeTimers();
    try {
      const { badgeCounts, feed, storeChanged } = badgeFeed({ ok: true, value: counts(3) }, { ok: true, value: counts(4) });
      const nav = vi.fn();
      const settings = vi.fn();
      const stopNav = feed.subscribe(nav);
      const stopSettings = feed.subscribe(settings);
      await vi.advanceTimersByTimeAsync(0);
      expect(badgeCounts).toHaveBeenCalledOnce();
      expect(feed.getSnapshot()).toEqual(counts(3));
      expect(nav).toHaveBeenCalledOnce();
      expect(settings).toHaveBeenCalledOnce();
      // An hour without a change: not one more ask (the old feed polled every 30 s).
      await vi.advanceTimersByTimeAsync(60 * 60_000);
      expect(badgeCounts).toHaveBeenCalledOnce();
      storeChanged();
      await vi.advanceTimersByTimeAsync(0);
      expect(badgeCounts).toHaveBeenCalledTimes(2);
      expect(feed.getSnapshot()).toEqual(counts(4));
      stopSettings();
      stopNav();
    } finally {
      vi.useRealTimers();
    }
  });

  it('several changes during one ask cost one more ask, and it stops listening to main when nobody shows it', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { badgeCounts, feed, storeChanged, listening } = badgeFeed();
    badgeCounts.mockImplementationOnce(async () => {
      await gate;
      return { ok: true, value: counts(1) };
    });
    const stop = feed.subscribe(() => undefined);
    storeChanged();
    storeChanged();
    storeChanged();
    release();
    await flush();
    await flush();
    expect(badgeCounts).toHaveBeenCalledTimes(2);
    expect(listening()).toBe(1);
    stop();
    expect(listening()).toBe(0);
    expect(feed.getSnapshot()).toBeNull();
  });

  it('keeps the last value when a refresh fails, and drops an answer that lands after everyone left', async () => {
    const { feed, storeChanged } = badgeFeed({ ok: true, value: counts(2) }, { ok: false, error: { code: 'handler-failed', message: 'no' } });
    const stop = feed.subscribe(() => undefined);
    await flush();
    storeChanged();
    await flush();
    expect(feed.getSnapshot()).toEqual(counts(2));
    stop();

    let answer: (value: unknown) => void = () => undefined;
    const late = createChangeFeed(() => new Promise((resolve) => (answer = resolve)), () => () => undefined);
    late.subscribe(() => undefined)();
    answer(counts(9));
    await flush();
    expect(late.getSnapshot()).toBeNull();
  });
});

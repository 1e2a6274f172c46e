import { describe, expect, it } from 'vitest';
import { ConnectivityMonitor } from './connectivity-monitor';
import { systemClock } from '../time/clock';
import { createTestClock } from '../time/test-clock';
import type { ConnectivityStatus } from '../../../src-shared/contract/areas/connectivity';

function monitorWith(answers: Array<boolean | Error>) {
  const changes: ConnectivityStatus[] = [];
  const monitor = new ConnectivityMonitor({
    probe: async () => {
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next ?? false;
    },
    intervalMs: 60_000,
    timeoutMs: 1_000,
    clock: { ...systemClock, now: () => new Date('2026-11-27T10:00:00Z') },
    onChange: (status) => changes.push(status),
  });
  return { monitor, changes };
}

describe('ConnectivityMonitor', () => {
  it('reports the first result, then only changes; a failing probe means offline', async () => {
    const { monitor, changes } = monitorWith([true, true, new Error('ECONNREFUSED'), false, true]);
    for (let i = 0; i < 5; i++) await monitor.checkNow();
    expect(changes.map((c) => c.online)).toEqual([true, false, true]);
    expect(monitor.current()).toEqual({ online: true, checkedAt: '2026-11-27T10:00:00.000Z' });
  });

  it('shares one probe between concurrent callers', async () => {
    const { monitor, changes } = monitorWith([true, false]);
    await Promise.all([monitor.checkNow(), monitor.checkNow(), monitor.checkNow()]);
    expect(changes).toHaveLength(1);
    expect(monitor.current().online).toBe(true);
  });

  it('tells subscribers of each change until they unsubscribe', async () => {
    const { monitor } = monitorWith([false, false, true, false]);
    const heard: boolean[] = [];
    const unsubscribe = monitor.subscribe((status) => heard.push(status.online));
    await monitor.checkNow();
    await monitor.checkNow();
    await monitor.checkNow();
    unsubscribe();
    await monitor.checkNow();
    expect(heard).toEqual([false, true]);
  });

  it('probes at start and then every interval on the clock it is given, until stopped', async () => {
    const clock = createTestClock();
    let probes = 0;
    const monitor = new ConnectivityMonitor({ probe: async () => (++probes, true), intervalMs: 5_000, timeoutMs: 1_000, clock, onChange: () => undefined });
    monitor.start();
    await clock.advance(21_000);
    expect(probes).toBe(5);
    await monitor.stop();
    await clock.advance(60_000);
    expect(probes).toBe(5);
  });

  it('gives up on a probe after its timeout: offline', async () => {
    const clock = createTestClock();
    const monitor = new ConnectivityMonitor({
      probe: (signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
      intervalMs: 60_000,
      timeoutMs: 3_000,
      clock,
      onChange: () => undefined,
    });
    const check = monitor.checkNow();
    await clock.advance(3_000);
    expect((await check).online).toBe(false);
  });
});

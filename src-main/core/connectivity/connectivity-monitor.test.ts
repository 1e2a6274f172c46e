import { describe, expect, it } from 'vitest';
import { ConnectivityMonitor } from './connectivity-monitor';
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
    now: () => new Date('2026-11-27T10:00:00Z'),
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
});

import { describe, expect, it, vi } from 'vitest';
import { buildBridge } from './bridge';
import { callNames, eventNames, ipcCalls } from './ipc-contract';

describe('buildBridge', () => {
  it('exposes one function per call and one subscriber per event, and nothing else', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: 1 }));
    const unsubscribe = vi.fn();
    const subscribe = vi.fn(() => unsubscribe);
    const bridge = buildBridge({ invoke, subscribe }) as unknown as Record<string, Record<string, (x?: unknown) => unknown>>;

    const exposed = Object.entries(bridge).flatMap(([area, fns]) => Object.keys(fns).map((k) => `${area}.${k}`));
    const expected = [
      ...callNames,
      ...eventNames.map((n) => n.replace(/\.(\w)/, (_m, c: string) => `.on${c.toUpperCase()}`)),
    ];
    expect(exposed.sort()).toEqual(expected.sort());

    await bridge.app!.getInfo!({});
    expect(invoke).toHaveBeenCalledWith('app.getInfo', {});
    const off = bridge.connectivity!.onChanged!(() => undefined);
    expect(subscribe).toHaveBeenCalledWith('connectivity.changed', expect.any(Function));
    expect(off).toBe(unsubscribe);
    expect(Object.isFrozen(bridge) && Object.isFrozen(bridge.app)).toBe(true);
  });

  it('every call has strict argument and result schemas', () => {
    for (const name of callNames) {
      expect(ipcCalls[name].args.safeParse({ unexpected: 1 }).success, name).toBe(false);
    }
  });
});

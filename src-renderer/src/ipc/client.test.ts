import { describe, expect, it, vi } from 'vitest';
import type { LeadPulseBridge } from '../../../src-shared/contract/bridge';
import { createClient, IpcError } from './client';
import { userMessage } from './user-message';

const info = { name: 'LeadPulse', version: '0.1.0', host: 'browser-host', electronVersion: null, nodeVersion: '20.20.2' } as const;

function fakeBridge(overrides: Partial<{ getInfo: () => Promise<unknown>; openExternal: () => Promise<unknown> }> = {}) {
  const unsubscribe = vi.fn();
  const onChanged = vi.fn(() => unsubscribe);
  const bridge = {
    app: {
      getInfo: overrides.getInfo ?? (async () => ({ ok: true, value: info })),
      openExternal:
        overrides.openExternal ??
        (async () => ({ ok: false, error: { code: 'bad-arguments', message: 'Only https links can be opened.', fields: ['url'] } })),
    },
    connectivity: {
      getStatus: async () => ({ ok: true, value: { online: false, checkedAt: null } }),
      onChanged,
    },
  } as unknown as LeadPulseBridge;
  return { bridge, onChanged, unsubscribe };
}

describe('renderer IPC client', () => {
  it('unwraps a successful envelope to its value', async () => {
    const client = createClient(fakeBridge().bridge);
    await expect(client.app.getInfo()).resolves.toEqual(info);
  });

  it('throws an IpcError carrying the code, message, call and fields of a failure', async () => {
    const client = createClient(fakeBridge().bridge);
    const error = await client.app.openExternal({ url: 'http://x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ code: 'bad-arguments', call: 'app.openExternal', fields: ['url'] });
    expect(userMessage(error, 'fallback')).toBe('Only https links can be opened.');
  });

  it('turns a rejected bridge call into transport-closed, and a malformed reply into bad-result', async () => {
    const rejecting = createClient(fakeBridge({ getInfo: () => Promise.reject(new Error('socket gone\n    at x (y.js:1:1)')) }).bridge);
    await expect(rejecting.app.getInfo()).rejects.toMatchObject({ code: 'transport-closed' });
    const malformed = createClient(fakeBridge({ getInfo: async () => 'nonsense' }).bridge);
    await expect(malformed.app.getInfo()).rejects.toMatchObject({ code: 'bad-result' });
  });

  it('passes event subscriptions through, unsubscribe included', () => {
    const { bridge, onChanged, unsubscribe } = fakeBridge();
    const client = createClient(bridge);
    const stop = client.connectivity.onChanged(() => undefined);
    expect(onChanged).toHaveBeenCalledOnce();
    stop();
    expect(unsubscribe).toHaveBeenCalledOnce();
  });

  it('never shows a non-IPC error or a stack trace to the user', () => {
    expect(userMessage(new Error('TypeError: x is undefined'), 'Could not load.')).toBe('Could not load.');
    const stacky = new IpcError('handler-failed', 'boom\n    at handler (main.js:3:9)', 'app.getInfo');
    expect(userMessage(stacky, 'Could not load.')).toBe('Could not load.');
  });
});

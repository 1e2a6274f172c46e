import { describe, expect, it } from 'vitest';
import { LoopbackFlowError, receiveLoopbackRedirect } from './loopback-redirect';

const back = (redirectUri: string, params: Record<string, string>) => fetch(`${redirectUri}?${new URLSearchParams(params).toString()}`);

describe('the loopback redirect (RFC 8252)', () => {
  it('listens on 127.0.0.1 at a random port, refuses a redirect without our state and keeps waiting, then completes', async () => {
    const seen: string[] = [];
    const flow = await receiveLoopbackRedirect({
      providerLabel: 'Google',
      doneTitle: 'Mailbox linked',
      complete: async (url) => {
        seen.push(url.searchParams.get('code') ?? '');
        return 'linked';
      },
    });
    expect(flow.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(flow.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await fetch(flow.redirectUri.replace('/callback', '/other'))).status).toBe(404);
    const forged = await back(flow.redirectUri, { code: 'stolen', state: 'not-ours' });
    expect(forged.status).toBe(400);
    expect(seen).toEqual([]);
    const ok = await back(flow.redirectUri, { code: 'c-1', state: flow.state });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Mailbox linked');
    await expect(flow.result).resolves.toBe('linked');
    expect(seen).toEqual(['c-1']);
  });

  it.each([
    ['access_denied', 'cancelled', /You cancelled the sign-in at Microsoft/],
    ['server_error', 'provider-refused', /Microsoft did not complete the sign-in \(server_error\)/],
  ])('a provider error %s ends it as %s, in plain words', async (error, code, message) => {
    const flow = await receiveLoopbackRedirect({ providerLabel: 'Microsoft', doneTitle: 'x', complete: async () => 'never' });
    void back(flow.redirectUri, { error, state: flow.state });
    const failure = await flow.result.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LoopbackFlowError);
    expect(failure).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('an answer that cannot be verified, a timeout, and cancel each end it with their own code', async () => {
    const unverified = await receiveLoopbackRedirect({ providerLabel: 'Google', doneTitle: 'x', complete: async () => Promise.reject(new Error('bad id token')) });
    const outcome = unverified.result.catch((e: unknown) => e);
    const page = await back(unverified.redirectUri, { code: 'c', state: unverified.state });
    expect(page.status).toBe(400);
    expect(await outcome).toMatchObject({ code: 'verification-failed' });

    const slow = await receiveLoopbackRedirect({ providerLabel: 'Google', doneTitle: 'x', timeoutMs: 50, complete: async () => 'never' });
    await expect(slow.result).rejects.toMatchObject({ code: 'timed-out' });

    const cancelled = await receiveLoopbackRedirect({ providerLabel: 'Google', doneTitle: 'x', complete: async () => 'never' });
    cancelled.cancel();
    await expect(cancelled.result).rejects.toMatchObject({ code: 'cancelled' });
    // The port is let go: nothing answers there any more.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(fetch(cancelled.redirectUri)).rejects.toThrow();
  });
});

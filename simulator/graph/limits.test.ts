import { describe, expect, it } from 'vitest';
import { leadEml } from './testing/eml';
import { accessTokenFor, graph } from './testing/msal';
import { graphSimulatorSuite } from './testing/suite';

const leads = 'leads@sunsethonda.example';
const bdc = 'bdc@sunsethonda.example';
const inbox = '/me/mailFolders/inbox/messages?$select=subject';

const suite = graphSimulatorSuite(leads);

describe('Graph throttling, failures and the request log', () => {
  it('throttles the next N requests with 429 and Retry-After, then answers again', async () => {
    suite.sim.control.throttle({ count: 2, retryAfterSeconds: 3 });
    for (let i = 0; i < 2; i++) {
      const res = await graph(suite.sim, suite.token, inbox);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
      expect(await res.json()).toMatchObject({ error: { code: 'TooManyRequests' } });
    }
    expect((await graph(suite.sim, suite.token, inbox)).status).toBe(200);
  });

  it('allows at most 4 concurrent requests per mailbox (429 MailboxConcurrency), other mailboxes unaffected', async () => {
    suite.sim.control.setBehaviour({ latencyMs: 1000 }); // long enough that all ten are in flight together, even on a busy machine
    const other = await accessTokenFor(suite.sim, bdc);
    const [mine, theirs] = await Promise.all([
      Promise.all(Array.from({ length: 6 }, () => graph(suite.sim, suite.token, inbox))),
      Promise.all(Array.from({ length: 4 }, () => graph(suite.sim, other, inbox))),
    ]);
    const statuses = mine.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const refused = mine.find((r) => r.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ error: { code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.' } });
    expect(theirs.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect((await graph(suite.sim, suite.token, inbox)).status).toBe(200); // slots are freed when answers finish
  });

  it('fails the next N requests with a 5xx Graph error, and can fail the token endpoint instead', async () => {
    suite.sim.control.failNext({ count: 1, status: 503, retryAfterSeconds: 5 });
    const failed = await graph(suite.sim, suite.token, inbox);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('5');
    expect(await failed.json()).toMatchObject({ error: { code: 'ServiceUnavailable' } });
    expect((await graph(suite.sim, suite.token, inbox)).status).toBe(200);
    suite.sim.control.failNext({ count: 1, status: 500, target: 'token' });
    const tokenRes = await fetch(`${suite.sim.origin}/organizations/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ client_id: suite.sim.clientId, grant_type: 'refresh_token', refresh_token: 'x' }) });
    expect(tokenRes.status).toBe(500);
    expect(await tokenRes.json()).toMatchObject({ error: 'temporarily_unavailable' });
  });

  it('logs method, path, time, mailbox and status of provider requests (no query strings, no control calls)', async () => {
    suite.sim.control.clearRequestLog();
    const d = await suite.sim.control.deliver(leads, leadEml(1));
    const before = Date.now();
    await graph(suite.sim, suite.token, '/me/mailFolders/inbox/messages/delta?$select=subject', { prefer: 'odata.maxpagesize=5' });
    await graph(suite.sim, suite.token, `/me/messages/${d.id}/$value`);
    await fetch(`${suite.sim.origin}/_control/graph/requests`);
    const log = suite.sim.control.requestLog();
    expect(log.map(({ method, path, mailbox, status, kind }) => ({ method, path, mailbox, status, kind }))).toEqual([
      { method: 'GET', path: '/v1.0/me/mailFolders/inbox/messages/delta', mailbox: leads, status: 200, kind: 'graph' },
      { method: 'GET', path: `/v1.0/me/messages/${d.id}/$value`, mailbox: leads, status: 200, kind: 'graph' },
    ]);
    expect(Date.parse(log[0]!.time)).toBeGreaterThanOrEqual(before - 1000);
    expect(JSON.stringify(log)).not.toContain(suite.token);
  });

  it('offers the same control over HTTP: create a mailbox, deliver raw .eml, read the log, reset', async () => {
    const post = (path: string, body: string) => fetch(`${suite.sim.origin}/_control/graph${path}`, { method: 'POST', body });
    const created = await (await post('/mailboxes', JSON.stringify({ address: 'sales@harborkia.example', displayName: 'Harbor Kia Sales' }))).json();
    expect(created).toMatchObject({ address: 'sales@harborkia.example', userId: expect.any(String) });
    const delivered = (await (await post('/mailboxes/sales%40harborkia.example/messages?receivedAt=2026-12-01T10:00:00Z', leadEml(3))).json()) as { id: string; receivedDateTime: string };
    expect(delivered.receivedDateTime).toBe('2026-12-01T10:00:00Z');
    await post('/throttle', JSON.stringify({ count: 1, retryAfterSeconds: 9, address: leads }));
    expect((await graph(suite.sim, suite.token, inbox)).headers.get('retry-after')).toBe('9');
    const log = (await (await fetch(`${suite.sim.origin}/_control/graph/requests`)).json()) as { path: string }[];
    expect(log.map((e) => e.path)).toContain('/v1.0/me/mailFolders/inbox/messages');
    expect((await post('/reset', '')).status).toBe(200);
    expect(suite.sim.control.mailboxes().map((m) => m.address)).toEqual([leads, bdc]);
    expect(suite.sim.control.requestLog()).toEqual([]);
    expect((await graph(suite.sim, suite.token, inbox)).status).toBe(401); // grants are gone after reset
  });
});

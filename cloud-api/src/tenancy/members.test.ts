import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '@leadpulse/cloud-contract';
import { startTestStack, type TestStack } from '../testing/test-stack.js';

let stack: TestStack;
let admin: SessionResponse;
let dealershipId: string;

beforeAll(async () => {
  stack = await startTestStack();
  admin = await stack.signIn('admin@members.test');
  const res = await stack.request(admin.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name: 'Members Motors' } });
  expect(res.statusCode).toBe(201);
  dealershipId = res.json<{ id: string }>().id;
});

afterAll(async () => {
  await stack?.close();
});

const base = () => `/v1/dealerships/${dealershipId}`;

async function invite(email: string, role: 'admin' | 'manager' | 'rep'): Promise<SessionResponse> {
  const res = await stack.request(admin.accessToken, { method: 'POST', url: `${base()}/invitations`, payload: { email, role } });
  expect(res.statusCode).toBe(201);
  const session = await stack.signIn(email);
  expect(session.memberships).toContainEqual({ dealershipId, role });
  return session;
}

function newLead(token: string, id = randomUUID()) {
  return stack.request(token, {
    method: 'POST',
    url: `${base()}/leads`,
    payload: { id, source: 'autotrader', receivedAt: new Date().toISOString() },
  });
}

describe('invitations and roles', () => {
  it('an invitation is accepted at the first sign-in of that email, with its role', async () => {
    const manager = await invite('manager1@members.test', 'manager');
    const members = await stack.request(manager.accessToken, { method: 'GET', url: `${base()}/members` });
    expect(members.statusCode).toBe(200);
    expect(members.json<{ members: Array<{ email: string; role: string }> }>().members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: 'admin@members.test', role: 'admin' }),
        expect.objectContaining({ email: 'manager1@members.test', role: 'manager' }),
      ]),
    );
  });

  it('roles have distinct permissions: a rep cannot list the team, invite or export; a manager cannot invite', async () => {
    const rep = await invite('rep-perm@members.test', 'rep');
    const manager = await invite('manager-perm@members.test', 'manager');
    expect((await stack.request(rep.accessToken, { method: 'GET', url: `${base()}/members` })).statusCode).toBe(403);
    for (const token of [rep.accessToken, manager.accessToken]) {
      const inv = await stack.request(token, { method: 'POST', url: `${base()}/invitations`, payload: { email: 'z@members.test', role: 'rep' } });
      expect(inv.statusCode).toBe(403);
      expect((await stack.request(token, { method: 'GET', url: `${base()}/audit` })).statusCode).toBe(403);
    }
    const denied = await stack.owner.query("select 1 from audit_log where outcome = 'denied' and action = 'member.invited'");
    expect(denied.rowCount).toBe(2);
  });

  it('a role change applies to the next request: a demoted manager can no longer reassign', async () => {
    const manager = await invite('manager2@members.test', 'manager');
    const leadId = randomUUID();
    expect((await newLead(admin.accessToken, leadId)).statusCode).toBe(201);
    const reassign = () =>
      stack.request(manager.accessToken, { method: 'POST', url: `${base()}/leads/${leadId}/reassign`, payload: { assigneeUserId: manager.user.id } });
    expect((await reassign()).statusCode).toBe(200);
    const change = await stack.request(admin.accessToken, { method: 'PATCH', url: `${base()}/members/${manager.user.id}`, payload: { role: 'rep' } });
    expect(change.statusCode).toBe(200);
    expect((await reassign()).statusCode).toBe(403);
  });

  it('the last admin cannot be removed or demoted', async () => {
    const remove = await stack.request(admin.accessToken, { method: 'DELETE', url: `${base()}/members/${admin.user.id}` });
    expect(remove.statusCode).toBe(409);
    const demote = await stack.request(admin.accessToken, { method: 'PATCH', url: `${base()}/members/${admin.user.id}`, payload: { role: 'rep' } });
    expect(demote.statusCode).toBe(409);
  });
});

describe('member removal', () => {
  it('every request after the removal commits fails, with a valid unexpired access token', async () => {
    const rep = await invite('rep-removed@members.test', 'rep');
    const leadId = randomUUID();
    expect((await newLead(rep.accessToken, leadId)).statusCode).toBe(201);
    expect((await stack.request(rep.accessToken, { method: 'POST', url: `${base()}/leads/${leadId}/claim` })).statusCode).toBe(200);

    const attempts = (): Array<Promise<{ status: number }>> =>
      [
        { method: 'GET' as const, url: `${base()}/leads` },
        { method: 'GET' as const, url: `${base()}/leads/${leadId}` },
        { method: 'POST' as const, url: `${base()}/leads/${leadId}/claim` },
        { method: 'POST' as const, url: `${base()}/leads/${leadId}/status`, payload: { status: 'responded' } },
        { method: 'POST' as const, url: `${base()}/leads`, payload: { id: randomUUID(), source: 'web', receivedAt: new Date().toISOString() } },
        { method: 'GET' as const, url: base() },
        { method: 'GET' as const, url: `${base()}/purge-instructions` },
      ].map((opts) => stack.request(rep.accessToken, opts).then((r) => ({ status: r.statusCode })));

    // Before: all allowed.
    for (const r of await Promise.all(attempts())) expect(r.status).toBeLessThan(300);

    // Requests keep flowing while the admin removes the rep; every one that starts after
    // the removal's response (i.e. after its commit) must fail.
    let removedAt = Number.POSITIVE_INFINITY;
    const started: Array<Promise<{ startedAfter: boolean; status: number }>> = [];
    let stop = false;
    const pump = (async () => {
      while (!stop) {
        const t = performance.now();
        const batch = attempts().map((p) => p.then((r) => ({ startedAfter: t > removedAt, status: r.status })));
        started.push(...batch);
        await Promise.all(batch);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const removal = await stack.request(admin.accessToken, { method: 'DELETE', url: `${base()}/members/${rep.user.id}` });
    removedAt = performance.now();
    expect(removal.statusCode).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 150));
    stop = true;
    await pump;
    const after = (await Promise.all(started)).filter((r) => r.startedAfter);
    expect(after.length).toBeGreaterThan(20);
    expect(after.filter((r) => r.status !== 403)).toEqual([]);

    // The token itself is still valid (not expired, correctly signed): it is the
    // membership check in the request's transaction that refuses.
    expect(Date.parse(rep.accessTokenExpiresAt)).toBeGreaterThan(Date.now() + 60_000);
    const me = await stack.request(rep.accessToken, { method: 'GET', url: '/v1/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ memberships: unknown[] }>().memberships).toEqual([]);

    // The lead the rep held went back to the queue; the removal is audited.
    const lead = await stack.request(admin.accessToken, { method: 'GET', url: `${base()}/leads/${leadId}` });
    expect(lead.json()).toMatchObject({ assigneeUserId: null });
    const audit = await stack.owner.query("select actor_user_id, target from audit_log where action = 'member.removed'");
    expect(audit.rows).toContainEqual({ actor_user_id: admin.user.id, target: rep.user.id });
  });

  it('a removed member who signs in again gets no access back', async () => {
    const again = await stack.signIn('rep-removed@members.test');
    expect(again.memberships).toEqual([]);
    const res = await stack.request(again.accessToken, { method: 'GET', url: `${base()}/leads` });
    expect(res.statusCode).toBe(403);
  });
});

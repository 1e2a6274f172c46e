import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '@leadpulse/cloud-contract';
import { applyEffect } from '../billing/webhook/apply.js';
import { withTenantTx } from '../db/tenant-tx.js';
import { startTestStack, type TestStack } from '../testing/test-stack.js';

// Re-inviting and revoking, against the real API on the embedded Postgres.
let stack: TestStack;
let admin: SessionResponse;
let dealershipId: string;

beforeAll(async () => {
  stack = await startTestStack();
  admin = await stack.signIn('admin@invitations.test');
  const res = await stack.request(admin.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name: 'Invitation Motors' } });
  expect(res.statusCode).toBe(201);
  dealershipId = res.json<{ id: string }>().id;
});

afterAll(async () => {
  await stack?.close();
});

const base = () => `/v1/dealerships/${dealershipId}`;

const invite = (payload: { email: string; role: string; replaceRole?: boolean }, token = admin.accessToken) =>
  stack.request(token, { method: 'POST', url: `${base()}/invitations`, payload });

const revoke = (invitationId: string, token = admin.accessToken) =>
  stack.request(token, { method: 'DELETE', url: `${base()}/invitations/${invitationId}` });

async function pendingRoles(): Promise<Array<{ email: string; role: string }>> {
  const res = await stack.request(admin.accessToken, { method: 'GET', url: `${base()}/invitations` });
  expect(res.statusCode).toBe(200);
  return res.json<{ invitations: Array<{ email: string; role: string }> }>().invitations.map(({ email, role }) => ({ email, role }));
}

async function auditRows(action: string, target: string) {
  const { rows } = await stack.owner.query<{ outcome: string; details: Record<string, unknown> }>(
    'select outcome, details from audit_log where tenant_id = $1 and action = $2 and target = $3 order by id',
    [dealershipId, action, target],
  );
  return rows;
}

describe('re-inviting a pending email', () => {
  it('with another role is refused (409 invitation_role_differs, the current role named) and changes nothing', async () => {
    const first = await invite({ email: 'dana@invitations.test', role: 'rep' });
    expect(first.statusCode).toBe(201);
    const { id } = first.json<{ id: string }>();

    const again = await invite({ email: 'Dana@Invitations.test', role: 'manager' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({
      error: 'invitation_role_differs',
      message: expect.stringContaining('already has a pending invitation as rep'),
      currentRole: 'rep',
      invitationId: id,
    });
    expect(await pendingRoles()).toContainEqual({ email: 'dana@invitations.test', role: 'rep' });
    expect((await auditRows('member.invited', id)).map((r) => r.details)).toEqual([{ role: 'rep' }]);
  });

  it('with another role and replaceRole: true changes that invitation (200, the same id, audited with the old role)', async () => {
    const first = await invite({ email: 'erin@invitations.test', role: 'rep' });
    const { id } = first.json<{ id: string }>();
    const changed = await invite({ email: 'erin@invitations.test', role: 'manager', replaceRole: true });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id, email: 'erin@invitations.test', role: 'manager' });
    expect(await pendingRoles()).toContainEqual({ email: 'erin@invitations.test', role: 'manager' });
    expect((await auditRows('member.invited', id)).map((r) => r.details)).toEqual([{ role: 'rep' }, { role: 'manager', from: 'rep' }]);
  });

  it('with the same role sends it again (200, the same id, the role unchanged), with or without replaceRole', async () => {
    const first = await invite({ email: 'fran@invitations.test', role: 'manager' });
    const { id } = first.json<{ id: string }>();
    for (const replaceRole of [undefined, false, true]) {
      const again = await invite({ email: 'fran@invitations.test', role: 'manager', ...(replaceRole === undefined ? {} : { replaceRole }) });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ id, role: 'manager' });
    }
  });

  it('someone already a member is refused in plain words (409 already_member)', async () => {
    const res = await invite({ email: 'admin@invitations.test', role: 'rep' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ error: 'already_member', message: expect.stringContaining('already a member') });
  });
});

describe('revoking a pending invitation', () => {
  it('removes it (204), audits invitation.revoked with its role, and the email cannot join at sign-in', async () => {
    const { id } = (await invite({ email: 'gale@invitations.test', role: 'manager' })).json<{ id: string }>();
    const res = await revoke(id);
    expect(res.statusCode).toBe(204);
    expect((await pendingRoles()).map((i) => i.email)).not.toContain('gale@invitations.test');
    expect(await auditRows('invitation.revoked', id)).toEqual([{ outcome: 'success', details: { role: 'manager' } }]);
    const gale = await stack.signIn('gale@invitations.test');
    expect(gale.memberships).toEqual([]);
  });

  it('an invitation already revoked, accepted or of another dealership is 404', async () => {
    const { id } = (await invite({ email: 'hal@invitations.test', role: 'rep' })).json<{ id: string }>();
    expect((await revoke(id)).statusCode).toBe(204);
    expect((await revoke(id)).statusCode).toBe(404);
    expect((await revoke(randomUUID())).statusCode).toBe(404);

    const { id: accepted } = (await invite({ email: 'ivy@invitations.test', role: 'rep' })).json<{ id: string }>();
    await stack.signIn('ivy@invitations.test');
    expect((await revoke(accepted)).statusCode).toBe(404);

    const other = await stack.signIn('other-admin@invitations.test');
    const otherDealership = (
      await stack.request(other.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name: 'Other Motors' } })
    ).json<{ id: string }>().id;
    const foreign = await stack.request(other.accessToken, {
      method: 'POST', url: `/v1/dealerships/${otherDealership}/invitations`, payload: { email: 'jo@invitations.test', role: 'rep' },
    });
    expect((await revoke(foreign.json<{ id: string }>().id)).statusCode).toBe(404);
    const still = await stack.request(other.accessToken, { method: 'GET', url: `/v1/dealerships/${otherDealership}/invitations` });
    expect(still.json<{ invitations: Array<{ email: string }> }>().invitations.map((i) => i.email)).toEqual(['jo@invitations.test']);
  });

  it('is for admins only: a manager is refused (403, audited as denied) and the invitation stays', async () => {
    await invite({ email: 'kim@invitations.test', role: 'manager' });
    const manager = await stack.signIn('kim@invitations.test');
    const { id } = (await invite({ email: 'lee@invitations.test', role: 'rep' })).json<{ id: string }>();
    expect((await revoke(id, manager.accessToken)).statusCode).toBe(403);
    expect(await auditRows('invitation.revoked', id)).toEqual([]);
    const denied = await stack.owner.query(
      "select details from audit_log where tenant_id = $1 and action = 'invitation.revoked' and outcome = 'denied' and actor_user_id = $2",
      [dealershipId, manager.user.id],
    );
    expect(denied.rows).toEqual([{ details: { role: 'manager', permission: 'team.manage' } }]);
    expect(await pendingRoles()).toContainEqual({ email: 'lee@invitations.test', role: 'rep' });
  });
});

describe('a revoked invitation frees its seat', () => {
  it('with every paid seat taken, revoking a pending invitation lets another be sent', async () => {
    const owner = await stack.signIn('seats-admin@invitations.test');
    const tenantId = (
      await stack.request(owner.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name: 'Two Seat Motors' } })
    ).json<{ id: string }>().id;
    const now = Date.now();
    await withTenantTx(stack.services.pool, tenantId, (client) =>
      applyEffect(
        client,
        {
          kind: 'subscription',
          tenantId,
          snapshot: {
            eventId: `evt_invitations_${randomUUID()}`,
            eventCreated: now,
            subscriptionId: `sub_invitations_${randomUUID()}`,
            customerId: 'cus_invitations',
            status: 'active',
            seats: 2, // the admin holds one: one left
            subscriptionCreated: now,
            cancelAtPeriodEnd: false,
          },
        },
        'customer.subscription.created',
      ),
    );
    const send = (email: string) =>
      stack.request(owner.accessToken, { method: 'POST', url: `/v1/dealerships/${tenantId}/invitations`, payload: { email, role: 'rep' } });
    const held = await send('first@seats.invitations.test');
    expect(held.statusCode).toBe(201);
    expect((await send('second@seats.invitations.test')).statusCode).toBe(402);
    const res = await stack.request(owner.accessToken, {
      method: 'DELETE', url: `/v1/dealerships/${tenantId}/invitations/${held.json<{ id: string }>().id}`,
    });
    expect(res.statusCode).toBe(204);
    expect((await send('second@seats.invitations.test')).statusCode).toBe(201);
  });
});

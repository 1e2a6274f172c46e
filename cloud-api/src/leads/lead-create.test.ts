import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead, SessionResponse } from '@leadpulse/cloud-contract';
import { startTestStack, type TestStack } from '../testing/test-stack.js';

/** POST .../leads is idempotent by id: what a repeated id answers, and to whom. */
let stack: TestStack;
let admin: SessionResponse;
let repA: SessionResponse;
let repB: SessionResponse;
let dealershipId: string;

beforeAll(async () => {
  stack = await startTestStack();
  admin = await stack.signIn('admin@lead-create.test');
  const res = await stack.request(admin.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name: 'Create Motors' } });
  dealershipId = res.json<{ id: string }>().id;
  for (const email of ['rep-a@lead-create.test', 'rep-b@lead-create.test']) {
    const invited = await stack.request(admin.accessToken, {
      method: 'POST', url: `/v1/dealerships/${dealershipId}/invitations`, payload: { email, role: 'rep' },
    });
    expect(invited.statusCode).toBe(201);
  }
  repA = await stack.signIn('rep-a@lead-create.test');
  repB = await stack.signIn('rep-b@lead-create.test');
});

afterAll(async () => {
  await stack?.close();
});

const report = (token: string, id: string, source = 'autotrader') =>
  stack.request(token, {
    method: 'POST',
    url: `/v1/dealerships/${dealershipId}/leads`,
    payload: { id, source, receivedAt: '2026-03-01T10:00:00.000Z' },
  });

describe('POST /v1/dealerships/:id/leads with an id that exists', () => {
  it("the reporter's replay gets the lead (200), even once it is assigned to another rep", async () => {
    const id = randomUUID();
    const created = await report(repA.accessToken, id);
    expect(created.statusCode).toBe(201);
    const replay = await report(repA.accessToken, id);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(created.json());

    const reassigned = await stack.request(admin.accessToken, {
      method: 'POST', url: `/v1/dealerships/${dealershipId}/leads/${id}/reassign`, payload: { assigneeUserId: repB.user.id },
    });
    expect(reassigned.statusCode).toBe(200);
    const later = await report(repA.accessToken, id);
    expect(later.statusCode).toBe(200);
    expect(later.json<Lead>()).toMatchObject({ id, status: 'claimed', assigneeUserId: repB.user.id, source: 'autotrader' });
  });

  it('an id another member reported is a 409 with a plain message, whoever can see that lead', async () => {
    const id = randomUUID();
    expect((await report(repA.accessToken, id)).statusCode).toBe(201);
    for (const other of [repB, admin]) {
      const res = await report(other.accessToken, id, 'cars.com');
      expect(res.statusCode).toBe(409);
      expect(res.json()).toEqual({ error: 'lead_exists', message: 'another member already reported a lead with this id' });
    }
    const stored = await stack.owner.query('select source, created_by from leads_meta where id = $1', [id]);
    expect(stored.rows).toEqual([{ source: 'autotrader', created_by: repA.user.id }]);
  });
});

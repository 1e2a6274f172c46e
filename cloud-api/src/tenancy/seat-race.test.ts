import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEffect } from '../billing/webhook/apply.js';
import { withTenantTx } from '../db/tenant-tx.js';
import { startTestStack, type TestStack } from '../testing/test-stack.js';

/**
 * Invitations sent at the same moment for different emails must not share the last paid
 * seat: seat-taking is serialized per dealership (billing/access.ts lockSeats), so of N
 * parallel invitations with one seat left exactly one gets it.
 */
let stack: TestStack;
let adminToken: string;
let round = 0;

beforeAll(async () => {
  stack = await startTestStack({ apiPoolMax: 20 });
  adminToken = (await stack.signIn('owner@seats.test')).accessToken;
});

afterAll(async () => {
  await stack?.close();
});

/** A dealership (its admin holds one seat) whose active subscription pays for `seats`. */
async function dealershipWithSeats(seats: number): Promise<string> {
  round += 1;
  const created = await stack.request(adminToken, { method: 'POST', url: '/v1/dealerships', payload: { name: `Seat Race ${round}` } });
  expect(created.statusCode).toBe(201);
  const tenantId = created.json<{ id: string }>().id;
  const now = Date.now();
  await withTenantTx(stack.services.pool, tenantId, (client) =>
    applyEffect(
      client,
      {
        kind: 'subscription',
        tenantId,
        snapshot: {
          eventId: `evt_seat_race_${round}`,
          eventCreated: now,
          subscriptionId: `sub_seat_race_${round}`,
          customerId: 'cus_seat_race',
          status: 'active',
          seats,
          subscriptionCreated: now,
          cancelAtPeriodEnd: false,
        },
      },
      'customer.subscription.created',
    ),
  );
  return tenantId;
}

const invite = (tenantId: string, email: string) =>
  stack.request(adminToken, { method: 'POST', url: `/v1/dealerships/${tenantId}/invitations`, payload: { email, role: 'rep' } });

describe('the last paid seat', () => {
  it.each([2, 8])('%i parallel invitations for different emails with one seat left: exactly one 201, the rest 402', async (n) => {
    // Several rounds: without the per-dealership lock the race is lost almost every time.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const tenantId = await dealershipWithSeats(2); // the admin holds 1: one left
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) => invite(tenantId, `invitee-${n}-${attempt}-${i}@seats.test`)),
      );
      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([201, ...Array.from({ length: n - 1 }, () => 402)]);
      for (const refused of results.filter((r) => r.statusCode === 402)) {
        expect(refused.json()).toMatchObject({ error: 'seat_limit_reached' });
      }
      const pending = await stack.owner.query('select 1 from invitations where tenant_id = $1 and accepted_at is null', [tenantId]);
      expect(pending.rowCount).toBe(1);
    }
  });

  it('parallel invitations of the same email with one seat left: one 201, the rest update it (200), none 402', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const tenantId = await dealershipWithSeats(2);
      const results = await Promise.all(Array.from({ length: 4 }, () => invite(tenantId, `same-${attempt}@seats.test`)));
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.json<{ id: string }>().id)).size).toBe(1);
    }
  });

  it('each dealership has its own last seat: two dealerships give theirs at the same moment', async () => {
    const [a, b] = [await dealershipWithSeats(2), await dealershipWithSeats(2)];
    const results = await Promise.all([invite(a, 'a@seats.test'), invite(b, 'b@seats.test'), invite(a, 'a2@seats.test'), invite(b, 'b2@seats.test')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 201, 402, 402]);
  });
});

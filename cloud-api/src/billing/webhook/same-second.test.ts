import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempPostgres, type TempPostgres } from '../../testing/temp-postgres.js';
import { createBillingDb, type BillingDb } from '../testing/billing-db.js';
import { FakeStripe } from '../testing/fake-stripe.js';
import { apiError } from '../testing/fake-stripe-errors.js';
import { buildBillingApp, WEBHOOK_SECRET } from '../testing/harness.js';
import { eventObject, signEvent, subscriptionObject, type FakeSubscriptionFields } from '../testing/stripe-objects.js';
import { WEBHOOK_PATH } from './route.js';

/**
 * Stripe stamps events to the second and its event ids are not ordered by time. Two
 * updates of one second are ordered by the subscription's own state (terminal last,
 * incomplete first, the period end only grows); when that cannot tell them apart, the
 * subscription is re-read from Stripe's API (the real SDK against the fake server).
 */
let postgres: TempPostgres;
let db: BillingDb;
let fake: FakeStripe;
let app: FastifyInstance;
const T = Math.floor(new Date('2026-05-01T09:00:00Z').getTime() / 1000);
let clockMs = T * 1000 + 2_000;
let n = 0;

beforeAll(async () => {
  postgres = await startTempPostgres();
  db = await createBillingDb(postgres);
  fake = await FakeStripe.start();
  // The clock moves on 1 ms per reading: receipt and re-read times are distinct.
  app = buildBillingApp(db.api, fake, { now: () => new Date((clockMs += 1)) });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await fake?.close();
  await db?.end();
  await postgres?.dispose();
});

type Fields = Omit<FakeSubscriptionFields, 'id' | 'customer' | 'priceId' | 'created' | 'metadata'>;

function subscriptionFor(tenantId: string, subId: string, f: Fields): FakeSubscriptionFields {
  return { id: subId, customer: 'cus_same_second', priceId: 'price_seat', created: T - 40 * 86_400, metadata: { tenant_id: tenantId }, ...f };
}

async function deliver(tenantId: string, subId: string, eventId: string, f: Fields) {
  const event = eventObject('customer.subscription.updated', subscriptionObject(subscriptionFor(tenantId, subId, f)), T, eventId);
  const { payload, header } = signEvent(event, WEBHOOK_SECRET, Math.floor(clockMs / 1000));
  return app.inject({ method: 'POST', url: WEBHOOK_PATH, payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
}

async function state(tenantId: string) {
  const { rows } = await db.owner.query<{ status: string; seats: number }>(
    'select status, seats from billing_subscriptions where tenant_id = $1', [tenantId],
  );
  return rows;
}

const reads = (subId: string) => fake.requests.filter((r) => r.method === 'GET' && r.path === `/v1/subscriptions/${subId}`).length;

describe('updates stamped with the same second', () => {
  it('the same state fields: the subscription is re-read from Stripe and Stripe decides (not the event id)', async () => {
    const tenantId = await db.createDealership();
    const subId = `sub_same_${++n}`;
    const period = { periodEnd: T + 20 * 86_400 };
    // Seats 5 -> 7 in one second; the older update has the larger event id.
    fake.resources.putSubscription(subscriptionFor(tenantId, subId, { status: 'active', seats: 7, ...period }));
    expect((await deliver(tenantId, subId, 'evt_a_newer', { status: 'active', seats: 7, ...period })).statusCode).toBe(200);
    expect(reads(subId)).toBe(0);
    expect((await deliver(tenantId, subId, 'evt_z_older', { status: 'active', seats: 5, ...period })).json()).toEqual({ received: true, outcome: 'applied' });
    expect(await state(tenantId)).toEqual([{ status: 'active', seats: 7 }]);
    expect(reads(subId)).toBe(1);
  });

  it('a growing period end orders them without asking Stripe (past_due in one period, active in the next)', async () => {
    const tenantId = await db.createDealership();
    const subId = `sub_same_${++n}`;
    await deliver(tenantId, subId, 'evt_a_next_period', { status: 'active', seats: 4, periodEnd: T + 30 * 86_400 });
    await deliver(tenantId, subId, 'evt_z_old_period', { status: 'past_due', seats: 4, periodEnd: T });
    expect(reads(subId)).toBe(0);
    expect(await state(tenantId)).toEqual([{ status: 'active', seats: 4 }]);
  });

  it('Stripe unreachable on the re-read: 503 and the state is left as it was; the redelivery re-reads and applies', async () => {
    const tenantId = await db.createDealership();
    const subId = `sub_same_${++n}`;
    const period = { periodEnd: T + 20 * 86_400 };
    fake.resources.putSubscription(subscriptionFor(tenantId, subId, { status: 'active', seats: 2, ...period }));
    await deliver(tenantId, subId, 'evt_a_first', { status: 'active', seats: 9, ...period });
    fake.failNext(apiError());
    const failed = await deliver(tenantId, subId, 'evt_b_second', { status: 'active', seats: 2, ...period });
    expect(failed.statusCode).toBe(503);
    expect(await state(tenantId)).toEqual([{ status: 'active', seats: 9 }]);
    const retried = await deliver(tenantId, subId, 'evt_b_second', { status: 'active', seats: 2, ...period });
    expect(retried.json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(await state(tenantId)).toEqual([{ status: 'active', seats: 2 }]);
  });

  it('a third update of that second received after the re-read is not settled by it: Stripe is asked again', async () => {
    const tenantId = await db.createDealership();
    const subId = `sub_same_${++n}`;
    const period = { periodEnd: T + 20 * 86_400 };
    fake.resources.putSubscription(subscriptionFor(tenantId, subId, { status: 'active', seats: 3, ...period }));
    await deliver(tenantId, subId, 'evt_m_1', { status: 'active', seats: 2, ...period });
    await deliver(tenantId, subId, 'evt_a_2', { status: 'active', seats: 3, ...period });
    expect(await state(tenantId)).toEqual([{ status: 'active', seats: 3 }]);
    fake.resources.putSubscription(subscriptionFor(tenantId, subId, { status: 'active', seats: 6, ...period }));
    await deliver(tenantId, subId, 'evt_0_3', { status: 'active', seats: 6, ...period });
    expect(reads(subId)).toBe(2);
    expect(await state(tenantId)).toEqual([{ status: 'active', seats: 6 }]);
  });

  it('any delivery order of same-second updates, some concurrent, ends in what Stripe says', async () => {
    const period = { periodEnd: T + 20 * 86_400 };
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 2, maxLength: 5 }),
        fc.nat({ max: 4 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 5, maxLength: 5 }),
        async (seats, truthIndex, batchSizes) => {
          const tenantId = await db.createDealership();
          const subId = `sub_same_${++n}`;
          const truth = seats[truthIndex % seats.length]!;
          fake.resources.putSubscription(subscriptionFor(tenantId, subId, { status: 'active', seats: truth, ...period }));
          const ids = seats.map((_, i) => `evt_prop_${n}_${i}`);
          for (let at = 0, b = 0; at < seats.length; b++) {
            const size = batchSizes[b % batchSizes.length]!;
            const batch = seats.slice(at, at + size).map((count, j) => deliver(tenantId, subId, ids[at + j]!, { status: 'active', seats: count, ...period }));
            at += size;
            for (const res of await Promise.all(batch)) expect(res.statusCode).toBe(200);
          }
          expect(await state(tenantId)).toEqual([{ status: 'active', seats: truth }]);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('canceled in the same second as an update wins without asking Stripe', async () => {
    const tenantId = await db.createDealership();
    const subId = `sub_same_${++n}`;
    await deliver(tenantId, subId, 'evt_0_cancel', { status: 'canceled', seats: 3 });
    await deliver(tenantId, subId, 'evt_z_update', { status: 'active', seats: 3 });
    expect(reads(subId)).toBe(0);
    expect(await state(tenantId)).toEqual([{ status: 'canceled', seats: 3 }]);
  });
});

import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempPostgres, type TempPostgres } from '../../testing/temp-postgres.js';
import { createBillingDb, type BillingDb } from '../testing/billing-db.js';
import { buildBillingApp, WEBHOOK_SECRET } from '../testing/harness.js';
import { eventObject, signEvent, stripeId, subscriptionObject } from '../testing/stripe-objects.js';
import { WEBHOOK_PATH } from './route.js';

/**
 * A well-signed event that billing cannot use is Stripe's (or a misconfiguration's) problem,
 * not a transient failure: answering 5xx would make Stripe retry it for days. It is
 * acknowledged and recorded; only failures that may pass (database, Stripe) answer 5xx.
 */
let postgres: TempPostgres;
let db: BillingDb;
let app: FastifyInstance;
const NOW = new Date('2026-03-01T12:00:00Z');
const nowSec = Math.floor(NOW.getTime() / 1000);

beforeAll(async () => {
  postgres = await startTempPostgres();
  db = await createBillingDb(postgres);
  app = buildBillingApp(db.api, undefined, { now: () => NOW });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await db?.end();
  await postgres?.dispose();
});

function post(target: FastifyInstance, event: Record<string, unknown>) {
  const { payload, header } = signEvent(event, WEBHOOK_SECRET, nowSec);
  return target.inject({ method: 'POST', url: WEBHOOK_PATH, payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
}

function subscription(tenantId: string): Record<string, unknown> {
  return subscriptionObject({
    id: stripeId('sub'), customer: 'cus_unusable', status: 'active', seats: 4, priceId: 'price_seat',
    created: nowSec - 60, metadata: { tenant_id: tenantId },
  });
}

const broken: Array<[string, (sub: Record<string, unknown>) => Record<string, unknown>, RegExp]> = [
  ['missing items', ({ items: _items, ...rest }) => rest, /items/],
  ['a null customer', (sub) => ({ ...sub, customer: null }), /customer/],
  ['an id that is not a subscription', (sub) => ({ ...sub, id: 'in_1NotASubscription' }), /id/],
];

describe('well-signed but unusable events', () => {
  it.each(broken)('a subscription event with %s: 200 unusable, recorded with its reason, no effect; a redelivery is a duplicate', async (_name, breakIt, reason) => {
    const tenantId = await db.createDealership();
    const event = eventObject('customer.subscription.updated', breakIt(subscription(tenantId)), nowSec - 5);
    const res = await post(app, event);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true, outcome: 'unusable' });
    const { rows } = await db.owner.query<{ outcome: string; reason: string }>(
      'select outcome, reason from stripe_events where tenant_id = $1', [tenantId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.outcome).toBe('unusable');
    expect(rows[0]!.reason).toMatch(reason);
    const subs = await db.owner.query('select 1 from billing_subscriptions where tenant_id = $1', [tenantId]);
    expect(subs.rowCount).toBe(0);
    expect((await post(app, event)).json()).toEqual({ received: true, outcome: 'duplicate' });
  });

  it('a checkout session naming a customer that is not one: 200 unusable, recorded', async () => {
    const tenantId = await db.createDealership();
    const event = eventObject('checkout.session.completed', {
      id: 'cs_test_unusable', object: 'checkout.session', mode: 'subscription', status: 'complete',
      client_reference_id: tenantId, customer: 'not-a-customer', metadata: { tenant_id: tenantId },
    }, nowSec - 5);
    expect((await post(app, event)).json()).toEqual({ received: true, outcome: 'unusable' });
    const { rows } = await db.owner.query('select outcome from stripe_events where tenant_id = $1', [tenantId]);
    expect(rows).toEqual([{ outcome: 'unusable' }]);
  });

  it('a usable event still answers 5xx when the database is down (Stripe retries it)', async () => {
    const deadPool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:9/none', connectionTimeoutMillis: 2_000 });
    const down = buildBillingApp(deadPool, undefined, { now: () => NOW });
    try {
      const res = await post(down, eventObject('customer.subscription.updated', subscription('9b2f6c1e-8f7a-4d2b-9c3e-1a2b3c4d5e6f'), nowSec - 5));
      expect(res.statusCode).toBeGreaterThanOrEqual(500);
    } finally {
      await down.close();
      await deadPool.end();
    }
  });
});

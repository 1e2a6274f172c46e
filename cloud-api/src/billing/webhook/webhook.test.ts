import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempPostgres, type TempPostgres } from '../../testing/temp-postgres.js';
import { createBillingDb, type BillingDb } from '../testing/billing-db.js';
import { buildBillingApp, WEBHOOK_SECRET } from '../testing/harness.js';
import { eventObject, signEvent, stripeId, subscriptionObject } from '../testing/stripe-objects.js';
import { WEBHOOK_PATH } from './route.js';

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

function subEvent(tenantId: string, opts: { status?: string; seats?: number; created?: number; subId?: string } = {}) {
  const created = opts.created ?? nowSec - 10;
  const sub = subscriptionObject({
    id: opts.subId ?? stripeId('sub'),
    customer: 'cus_test1',
    status: opts.status ?? 'active',
    seats: opts.seats ?? 5,
    priceId: 'price_seat',
    created,
    metadata: { tenant_id: tenantId },
  });
  return eventObject('customer.subscription.updated', sub, created);
}

function post(payload: string, headers: Record<string, string>) {
  return app.inject({ method: 'POST', url: WEBHOOK_PATH, payload, headers: { 'content-type': 'application/json', ...headers } });
}

async function counts(tenantId: string): Promise<{ events: number; subs: number; accounts: number }> {
  const { rows } = await db.owner.query<{ events: number; subs: number; accounts: number }>(
    `select (select count(*) from stripe_events where tenant_id = $1)::int as events,
            (select count(*) from billing_subscriptions where tenant_id = $1)::int as subs,
            (select count(*) from billing_accounts where tenant_id = $1)::int as accounts`,
    [tenantId],
  );
  return rows[0]!;
}

describe('POST /v1/billing/webhook', () => {
  it('applies a correctly signed event', async () => {
    const tenantId = await db.createDealership();
    const { payload, header } = signEvent(subEvent(tenantId, { seats: 7 }), WEBHOOK_SECRET, nowSec);
    const res = await post(payload, { 'stripe-signature': header });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true, outcome: 'applied' });
    const { rows } = await db.owner.query('select status, seats from billing_subscriptions where tenant_id = $1', [tenantId]);
    expect(rows).toEqual([{ status: 'active', seats: 7 }]);
  });

  it('counts only the items of the seat price as seats (an add-on of quantity 10 is not 10 seats)', async () => {
    const tenantId = await db.createDealership();
    const sub = subscriptionObject({
      id: stripeId('sub'), customer: 'cus_test1', status: 'active', seats: 2, priceId: 'price_seat', created: nowSec - 10,
      metadata: { tenant_id: tenantId }, addOns: [{ priceId: 'price_addon_sms', quantity: 10 }, { priceId: 'price_seat', quantity: 1 }],
    });
    const { payload, header } = signEvent(eventObject('customer.subscription.updated', sub, nowSec - 10), WEBHOOK_SECRET, nowSec);
    expect((await post(payload, { 'stripe-signature': header })).json()).toEqual({ received: true, outcome: 'applied' });
    const { rows } = await db.owner.query('select seats from billing_subscriptions where tenant_id = $1', [tenantId]);
    expect(rows).toEqual([{ seats: 3 }]);
  });

  it('rejects an unsigned event with no effect', async () => {
    const tenantId = await db.createDealership();
    const { payload } = signEvent(subEvent(tenantId), WEBHOOK_SECRET, nowSec);
    const res = await post(payload, {});
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'missing_signature' });
    expect(await counts(tenantId)).toEqual({ events: 0, subs: 0, accounts: 0 });
  });

  it('rejects a tampered body (changed after signing) with no effect', async () => {
    const tenantId = await db.createDealership();
    const { payload, header } = signEvent(subEvent(tenantId, { seats: 5 }), WEBHOOK_SECRET, nowSec);
    const tampered = payload.replace('"quantity": 5', '"quantity": 500');
    expect(tampered).not.toBe(payload);
    const res = await post(tampered, { 'stripe-signature': header });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_signature' });
    expect(await counts(tenantId)).toEqual({ events: 0, subs: 0, accounts: 0 });
  });

  it('rejects a body re-serialised (same JSON, different bytes): the signature covers the raw bytes', async () => {
    const tenantId = await db.createDealership();
    const { payload, header } = signEvent(subEvent(tenantId), WEBHOOK_SECRET, nowSec);
    const res = await post(JSON.stringify(JSON.parse(payload)), { 'stripe-signature': header });
    expect(res.statusCode).toBe(400);
    expect(await counts(tenantId)).toEqual({ events: 0, subs: 0, accounts: 0 });
  });

  it('rejects a stale event (signed more than 300 s ago) with no effect, and accepts one at 300 s', async () => {
    const tenantId = await db.createDealership();
    const stale = signEvent(subEvent(tenantId), WEBHOOK_SECRET, nowSec - 301);
    const res = await post(stale.payload, { 'stripe-signature': stale.header });
    expect(res.statusCode).toBe(400);
    expect(await counts(tenantId)).toEqual({ events: 0, subs: 0, accounts: 0 });

    const edge = signEvent(subEvent(tenantId), WEBHOOK_SECRET, nowSec - 300);
    expect((await post(edge.payload, { 'stripe-signature': edge.header })).statusCode).toBe(200);
  });

  it('rejects an event signed with another secret', async () => {
    const tenantId = await db.createDealership();
    const { payload, header } = signEvent(subEvent(tenantId), 'whsec_someone_else', nowSec);
    expect((await post(payload, { 'stripe-signature': header })).statusCode).toBe(400);
    expect(await counts(tenantId)).toEqual({ events: 0, subs: 0, accounts: 0 });
  });

  it('treats a redelivered event id as a duplicate (one row, 200)', async () => {
    const tenantId = await db.createDealership();
    const { payload, header } = signEvent(subEvent(tenantId), WEBHOOK_SECRET, nowSec);
    const first = await post(payload, { 'stripe-signature': header });
    const results = await Promise.all([1, 2, 3].map(() => post(payload, { 'stripe-signature': header })));
    expect(first.json()).toMatchObject({ outcome: 'applied' });
    for (const r of results) expect(r.json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(await counts(tenantId)).toEqual({ events: 1, subs: 1, accounts: 1 });
  });

  it('acknowledges but ignores events with no dealership, an unknown one, or no billing meaning', async () => {
    const noTenant = eventObject('customer.subscription.updated', subscriptionObject({
      id: stripeId('sub'), customer: 'cus_x', status: 'active', seats: 1, priceId: 'price_seat', created: nowSec, metadata: {},
    }), nowSec);
    const unknown = subEvent('9b2f6c1e-8f7a-4d2b-9c3e-1a2b3c4d5e6f');
    const other = eventObject('invoice.paid', { id: 'in_1', object: 'invoice' }, nowSec);
    for (const event of [noTenant, unknown, other]) {
      const { payload, header } = signEvent(event, WEBHOOK_SECRET, nowSec);
      const res = await post(payload, { 'stripe-signature': header });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ received: true, outcome: 'ignored' });
    }
    const { rows } = await db.owner.query("select count(*)::int as n from stripe_events where event_id = any($1)", [[noTenant.id, unknown.id, other.id]]);
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('writes only the dealership named in the event; other dealerships see nothing', async () => {
    const a = await db.createDealership();
    const b = await db.createDealership();
    const { payload, header } = signEvent(subEvent(a), WEBHOOK_SECRET, nowSec);
    await post(payload, { 'stripe-signature': header });
    const client = await db.api.connect();
    try {
      expect((await client.query('select current_user as u')).rows[0]).toEqual({ u: 'leadpulse_api' });
      await client.query('begin');
      await client.query("select set_config('app.tenant_id', $1, true)", [b]);
      const seen = await client.query('select * from billing_subscriptions union all select null, null, null, null, null, null, null, null, null, null, null from stripe_events');
      expect(seen.rowCount).toBe(0);
      await client.query('rollback');
    } finally {
      client.release();
    }
    expect(await counts(a)).toEqual({ events: 1, subs: 1, accounts: 1 });
  });

  it('leaves the JSON parser of other routes alone (raw body only for the webhook)', async () => {
    const tenant = '9b2f6c1e-8f7a-4d2b-9c3e-1a2b3c4d5e6f';
    const res = await app.inject({ method: 'POST', url: `/v1/billing/${tenant}/checkout`, payload: { seats: 'x' }, headers: { 'x-test-tenant': tenant, 'x-test-role': 'admin' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/seats/);
  });
});

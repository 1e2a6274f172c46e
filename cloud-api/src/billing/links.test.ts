import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres.js';
import { createStripeClient } from './stripe-client.js';
import { createBillingDb, type BillingDb } from './testing/billing-db.js';
import { FakeStripe } from './testing/fake-stripe.js';
import { cardDeclined, rateLimited } from './testing/fake-stripe-errors.js';
import { buildBillingApp, testBillingConfig, WEBHOOK_SECRET } from './testing/harness.js';
import { signEvent } from './testing/stripe-objects.js';

let postgres: TempPostgres;
let db: BillingDb;
let fake: FakeStripe;
let app: FastifyInstance;

beforeAll(async () => {
  postgres = await startTempPostgres();
  db = await createBillingDb(postgres);
  fake = await FakeStripe.start();
  app = buildBillingApp(db.api, fake);
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await fake?.close();
  await db?.end();
  await postgres?.dispose();
});

const as = (tenantId: string, role: string) => ({ 'x-test-tenant': tenantId, 'x-test-role': role });

function checkout(tenantId: string, seats: unknown, role = 'admin') {
  return app.inject({ method: 'POST', url: `/v1/billing/${tenantId}/checkout`, payload: { seats }, headers: as(tenantId, role) });
}

async function deliver(events: Array<Record<string, unknown>>): Promise<void> {
  for (const event of events) {
    const { payload, header } = signEvent(event, WEBHOOK_SECRET);
    const res = await app.inject({ method: 'POST', url: '/v1/billing/webhook', payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
    expect(res.statusCode).toBe(200);
  }
}

describe('Checkout and Customer Portal links through the fake Stripe', () => {
  it('checkout: a subscription session for N seats carrying the dealership id', async () => {
    const t = await db.createDealership();
    const res = await checkout(t, 4);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ url: string; id: string }>();
    expect(body.url).toBe(`http://127.0.0.1:${fake.port}/c/pay/${body.id}`);
    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({
      method: 'POST',
      path: '/v1/checkout/sessions',
      params: {
        mode: 'subscription',
        line_items: [{ price: 'price_seat', quantity: '4' }],
        client_reference_id: t,
        metadata: { tenant_id: t },
        subscription_data: { metadata: { tenant_id: t }, trial_period_days: '14' },
      },
    });
    // The SDK sends an idempotency key with every POST, so its own retries are safe.
    expect(sent.idempotencyKey).toMatch(/^stripe-node-retry-/);
  });

  it('checkout and portal are for admins only; status is for any member', async () => {
    const t = await db.createDealership();
    expect((await checkout(t, 2, 'rep')).statusCode).toBe(403);
    const portal = await app.inject({ method: 'POST', url: `/v1/billing/${t}/portal`, headers: as(t, 'manager') });
    expect(portal.statusCode).toBe(403);
    const status = await app.inject({ method: 'GET', url: `/v1/billing/${t}/status`, headers: as(t, 'rep') });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ mode: 'full', status: null, seatsInUse: 0 });
  });

  it('full round trip: checkout, Stripe completes it, webhooks land, portal link for the customer', async () => {
    const t = await db.createDealership();
    expect((await app.inject({ method: 'POST', url: `/v1/billing/${t}/portal`, headers: as(t, 'admin') })).json())
      .toMatchObject({ error: 'billing_conflict' });
    const { id } = (await checkout(t, 6)).json<{ id: string }>();
    const done = fake.resources.completeCheckout(id);
    await deliver(done.events);
    const status = await app.inject({ method: 'GET', url: `/v1/billing/${t}/status`, headers: as(t, 'rep') });
    expect(status.json()).toMatchObject({ mode: 'full', seats: 6, status: 'trialing', banner: null });

    const portal = await app.inject({ method: 'POST', url: `/v1/billing/${t}/portal`, headers: as(t, 'admin') });
    expect(portal.statusCode).toBe(200);
    expect(portal.json<{ url: string }>().url).toMatch(new RegExp(`^http://127.0.0.1:${fake.port}/p/session/bps_`));
    expect(fake.requests.at(-1)?.params).toMatchObject({ customer: done.customerId, return_url: 'https://app.example.test/billing' });

    // Already subscribed: a second checkout is refused (seats change in the portal).
    expect((await checkout(t, 2)).json()).toMatchObject({ error: 'billing_conflict' });
    // After cancellation a new checkout reuses the customer and has no second trial.
    await deliver([fake.resources.changeSubscription(done.subscriptionId, { status: 'canceled' })]);
    expect((await checkout(t, 2)).statusCode).toBe(200);
    expect(fake.requests.at(-1)?.params).toMatchObject({ customer: done.customerId, subscription_data: { metadata: { tenant_id: t } } });
    expect(fake.requests.at(-1)?.params).not.toHaveProperty('subscription_data.trial_period_days');
  });

  it('a Stripe request error surfaces as a clear API error', async () => {
    const t = await db.createDealership();
    const badPrice = buildBillingApp(db.api, fake, { config: testBillingConfig(fake, { seatPriceId: 'price_missing' }) });
    try {
      const res = await badPrice.inject({ method: 'POST', url: `/v1/billing/${t}/checkout`, payload: { seats: 2 }, headers: as(t, 'admin') });
      expect(res.statusCode).toBe(502);
      expect(res.json()).toEqual({ error: 'stripe_error', message: "Stripe refused the request: No such price: 'price_missing'" });
    } finally {
      await badPrice.close();
    }
  });

  it('Stripe 402 card error, 429 rate limit and a wrong API key each get their own message', async () => {
    const t = await db.createDealership();
    fake.failNext(cardDeclined());
    expect((await checkout(t, 1)).json()).toEqual({ error: 'stripe_error', message: 'Stripe refused the request: Your card was declined.' });
    fake.failNext(rateLimited());
    const limited = await checkout(t, 1);
    expect(limited.statusCode).toBe(503);
    expect(limited.json<{ message: string }>().message).toMatch(/rate limiting/);
    const wrongKey = buildBillingApp(db.api, fake, { config: testBillingConfig(fake, { secretKey: 'sk_test_wrong' }) });
    try {
      const res = await wrongKey.inject({ method: 'POST', url: `/v1/billing/${t}/checkout`, payload: { seats: 1 }, headers: as(t, 'admin') });
      expect(res.json()).toEqual({ error: 'stripe_error', message: 'Billing is misconfigured (Stripe refused the API key).' });
    } finally {
      await wrongKey.close();
    }
  });

  it('billing not configured: link routes answer 503, status still works', async () => {
    const t = await db.createDealership();
    const { default: Fastify } = await import('fastify');
    const { registerBillingRoutes } = await import('./routes.js');
    const { headerAuthorize } = await import('./testing/harness.js');
    const { serializerCompiler, validatorCompiler } = await import('fastify-type-provider-zod');
    const { installErrorHandler } = await import('../http/error-handler.js');
    const bare = Fastify();
    bare.setValidatorCompiler(validatorCompiler);
    bare.setSerializerCompiler(serializerCompiler);
    installErrorHandler(bare);
    registerBillingRoutes(bare, { authorize: headerAuthorize(db.api), stripe: undefined, config: undefined, pool: db.api });
    try {
      const res = await bare.inject({ method: 'POST', url: `/v1/billing/${t}/checkout`, payload: { seats: 1 }, headers: as(t, 'admin') });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: 'billing_not_configured' });
      expect((await bare.inject({ method: 'GET', url: `/v1/billing/${t}/status`, headers: as(t, 'rep') })).statusCode).toBe(200);
      expect((await bare.inject({ method: 'POST', url: '/v1/billing/webhook', payload: '{}' })).statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('development flow: opening the Checkout link pays and the fake sends the webhooks', () => {
  it('GET on the Checkout URL completes it and delivers signed events to the running API', async () => {
    const devFake = await FakeStripe.start();
    const api = buildBillingApp(db.api, devFake);
    try {
      const address = await api.listen({ port: 0, host: '127.0.0.1' });
      devFake.setWebhook({ url: `${address}/v1/billing/webhook`, secret: WEBHOOK_SECRET });
      const t = await db.createDealership();
      const link = await api.inject({ method: 'POST', url: `/v1/billing/${t}/checkout`, payload: { seats: 2 }, headers: as(t, 'admin') });
      const page = await fetch(link.json<{ url: string }>().url);
      expect(await page.text()).toMatch(/paid\. 2 event\(s\) sent/);
      const status = await api.inject({ method: 'GET', url: `/v1/billing/${t}/status`, headers: as(t, 'rep') });
      expect(status.json()).toMatchObject({ mode: 'full', seats: 2, status: 'trialing' });
    } finally {
      await api.close();
      await devFake.close();
    }
  });
});

describe('the fake Stripe behaves like Stripe for what billing uses', () => {
  const client = () => createStripeClient(testBillingConfig(fake));
  const params = { mode: 'subscription' as const, line_items: [{ price: 'price_seat', quantity: 2 }], success_url: 'https://x.test/ok' };

  it('replays an idempotent request and refuses the key with other parameters', async () => {
    const stripe = client();
    const a = await stripe.checkout.sessions.create(params, { idempotencyKey: 'key-1' });
    const b = await stripe.checkout.sessions.create(params, { idempotencyKey: 'key-1' });
    expect(b.id).toBe(a.id);
    const err = await stripe.checkout.sessions
      .create({ ...params, line_items: [{ price: 'price_seat', quantity: 3 }] }, { idempotencyKey: 'key-1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('answers with Stripe error shapes: 400 missing param, 404 unknown object, 429 over the rate limit', async () => {
    const stripe = client();
    const missing = await stripe.checkout.sessions.create({ mode: 'subscription', success_url: 'https://x.test' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'line_items', type: 'StripeInvalidRequestError' });
    const notFound = await stripe.customers.retrieve('cus_nope').catch((e: unknown) => e);
    expect(notFound).toMatchObject({ statusCode: 404, code: 'resource_missing', message: "No such customer: 'cus_nope'" });

    const limited = await FakeStripe.start({ rateLimitPerSecond: 2 });
    try {
      const s = createStripeClient(testBillingConfig(limited));
      const results = await Promise.allSettled([1, 2, 3, 4].map(() => s.customers.create({})));
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(rejected.length).toBeGreaterThan(0);
      expect(rejected[0]?.reason).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    } finally {
      await limited.close();
    }
  });

  it('raw error body is the {"error": {...}} envelope', async () => {
    const res = await fetch(`http://127.0.0.1:${fake.port}/v1/customers/cus_nope`, { headers: { authorization: `Bearer ${fake.secretKey}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'resource_missing', message: "No such customer: 'cus_nope'" } });
    expect(res.headers.get('request-id')).toMatch(/^req_/);
  });
});

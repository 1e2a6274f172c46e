import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { installErrorHandler } from '../http/error-handler.js';
import { startTestStack, type TestStack } from '../testing/test-stack.js';
import { registerBilling } from './register.js';
import { FakeStripe } from './testing/fake-stripe.js';
import { WEBHOOK_SECRET } from './testing/harness.js';
import { signEvent } from './testing/stripe-objects.js';

/** Billing behind the real tenancy layer: real tokens, membership and role checks, audit. */
let stack: TestStack;
let fake: FakeStripe;
let billing: FastifyInstance;
let dealershipId: string;
let adminToken: string;
let repToken: string;

beforeAll(async () => {
  stack = await startTestStack();
  fake = await FakeStripe.start();
  billing = Fastify();
  billing.setValidatorCompiler(validatorCompiler);
  billing.setSerializerCompiler(serializerCompiler);
  installErrorHandler(billing);
  registerBilling(
    billing,
    stack.services,
    loadConfig({
      STRIPE_SECRET_KEY: fake.secretKey,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_SEAT_PRICE_ID: 'price_seat',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(fake.port),
      STRIPE_API_PROTOCOL: 'http',
    }).billing,
  );
  await billing.ready();

  adminToken = (await stack.signIn('owner@dealer.test')).accessToken;
  const created = await stack.request(adminToken, { method: 'POST', url: '/v1/dealerships', payload: { name: 'Main St Motors' } });
  dealershipId = created.json<{ id: string }>().id;
  const invited = await stack.request(adminToken, {
    method: 'POST', url: `/v1/dealerships/${dealershipId}/invitations`, payload: { email: 'rep@dealer.test', role: 'rep' },
  });
  expect(invited.statusCode).toBe(201);
  repToken = (await stack.signIn('rep@dealer.test')).accessToken;
});

afterAll(async () => {
  await billing?.close();
  await fake?.close();
  await stack?.close();
});

const call = (token: string | undefined, method: 'GET' | 'POST', path: string, payload?: object) =>
  billing.inject({
    method,
    url: `/v1/billing/${dealershipId}/${path}`,
    headers: { ...(token && { authorization: `Bearer ${token}` }), 'x-leadpulse-client': 'vitest' },
    ...(payload && { payload }),
  });

async function auditRows(action: string) {
  const { rows } = await stack.owner.query<{ actor_user_id: string | null; outcome: string; details: Record<string, unknown> }>(
    'select actor_user_id, outcome, details from audit_log where tenant_id = $1 and action = $2 order by id',
    [dealershipId, action],
  );
  return rows;
}

describe('billing behind the tenancy layer', () => {
  it('no token: 401; a rep: 403 for links (denial audited), 200 for status', async () => {
    expect((await call(undefined, 'POST', 'checkout', { seats: 3 })).statusCode).toBe(401);
    const denied = await call(repToken, 'POST', 'checkout', { seats: 3 });
    expect(denied.statusCode).toBe(403);
    expect(await auditRows('billing.checkout')).toEqual([expect.objectContaining({ outcome: 'denied' })]);
    const status = await call(repToken, 'GET', 'status');
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ mode: 'full', status: null, seatsInUse: 2 });
  });

  it('an admin gets a Checkout link (audited), and the webhook it leads to is audited as the system', async () => {
    const tooFew = await call(adminToken, 'POST', 'checkout', { seats: 1 });
    expect(tooFew.statusCode).toBe(409);
    expect(tooFew.json<{ message: string }>().message).toMatch(/at least 2 seats/);
    const res = await call(adminToken, 'POST', 'checkout', { seats: 3 });
    expect(res.statusCode).toBe(200);
    const [requested] = await auditRows('billing.checkout_requested');
    expect(requested).toMatchObject({ outcome: 'success', details: { seats: 3 } });
    expect(requested?.actor_user_id).toEqual(expect.any(String));

    const { events } = fake.resources.completeCheckout(res.json<{ id: string }>().id);
    for (const event of events) {
      const { payload, header } = signEvent(event, WEBHOOK_SECRET);
      const hook = await billing.inject({ method: 'POST', url: '/v1/billing/webhook', payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
      expect(hook.json()).toMatchObject({ outcome: 'applied' });
    }
    expect(await auditRows('billing.subscription_created')).toEqual([
      { actor_user_id: null, outcome: 'success', details: expect.objectContaining({ from: null, to: { status: 'trialing', seats: 3 } }) },
    ]);
    expect((await call(repToken, 'GET', 'status')).json()).toMatchObject({ mode: 'full', seats: 3, status: 'trialing', seatsInUse: 2 });
    expect((await call(adminToken, 'POST', 'portal')).statusCode).toBe(200);
  });

  it('the invite route refuses a member beyond the paid seats (402 seat_limit_reached), with no invitation kept', async () => {
    // 3 seats paid (previous test); admin + rep hold 2.
    const invite = (email: string) => stack.request(adminToken, {
      method: 'POST', url: `/v1/dealerships/${dealershipId}/invitations`, payload: { email, role: 'rep' },
    });
    expect((await invite('third@dealer.test')).statusCode).toBe(201);
    const refused = await invite('fourth@dealer.test');
    expect(refused.statusCode).toBe(402);
    expect(refused.json()).toEqual({ error: 'seat_limit_reached', message: 'All 3 paid seats are in use. An admin can add seats in Billing.' });
    const pending = await stack.owner.query('select email from invitations where tenant_id = $1 and accepted_at is null', [dealershipId]);
    expect(pending.rows).toEqual([{ email: 'third@dealer.test' }]);
    expect((await call(repToken, 'GET', 'status')).json()).toMatchObject({ seats: 3, seatsInUse: 3 });
  });

  it('re-inviting a pending email with every seat taken updates that invitation (200), it takes no second seat', async () => {
    // Seats full (previous test): admin + rep + third@ pending = 3 of 3.
    const invite = (email: string, role: 'rep' | 'manager') => stack.request(adminToken, {
      method: 'POST', url: `/v1/dealerships/${dealershipId}/invitations`, payload: { email, role, replaceRole: true },
    });
    const [first] = (await stack.owner.query<{ id: string }>(
      "select id from invitations where tenant_id = $1 and email = 'third@dealer.test' and accepted_at is null", [dealershipId],
    )).rows;
    const again = await invite('third@dealer.test', 'manager');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first?.id, email: 'third@dealer.test', role: 'manager' });
    const resent = await invite('third@dealer.test', 'manager');
    expect(resent.statusCode).toBe(200);
    expect(resent.json<{ id: string }>().id).toBe(first?.id);
    expect((await invite('fourth@dealer.test', 'rep')).statusCode).toBe(402);
    const pending = await stack.owner.query('select email, role from invitations where tenant_id = $1 and accepted_at is null', [dealershipId]);
    expect(pending.rows).toEqual([{ email: 'third@dealer.test', role: 'manager' }]);
    expect((await call(repToken, 'GET', 'status')).json()).toMatchObject({ seats: 3, seatsInUse: 3 });
    const audited = await stack.owner.query<{ details: Record<string, unknown> }>(
      "select details from audit_log where tenant_id = $1 and action = 'member.invited' and target = $2 and outcome = 'success' order by id",
      [dealershipId, first?.id],
    );
    expect(audited.rows.map((r) => r.details)).toEqual([{ role: 'rep' }, { role: 'manager', from: 'rep' }, { role: 'manager', from: 'manager' }]);
  });

  it('a stale or tampered webhook is refused through the real error handler', async () => {
    const { payload, header } = signEvent({ id: 'evt_x', object: 'event', type: 'customer.updated', created: 1, data: { object: {} } }, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301);
    const res = await billing.inject({ method: 'POST', url: '/v1/billing/webhook', payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'invalid_signature', message: 'webhook signature verification failed' });
  });
});

import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { withTenantTx } from '../../db/tenant-tx.js';
import { installErrorHandler } from '../../http/error-handler.js';
import { forbidden, unauthorized } from '../../http/errors.js';
import type { BillingConfig } from '../config.js';
import { DEFAULT_BILLING_POLICY } from '../config.js';
import { registerBillingRoutes, type AuthorizeBilling, type BillingCaller } from '../routes.js';
import { createStripeClient } from '../stripe-client.js';
import type { FakeStripe } from './fake-stripe.js';

export const WEBHOOK_SECRET = 'whsec_test_secret';

export function testBillingConfig(fake: FakeStripe | undefined, overrides: Partial<BillingConfig> = {}): BillingConfig {
  return {
    secretKey: fake?.secretKey ?? 'sk_test_fake',
    webhookSecret: WEBHOOK_SECRET,
    seatPriceId: 'price_seat',
    ...(fake ? fake.clientSettings : { apiHost: '127.0.0.1', apiPort: 9, apiProtocol: 'http' as const }),
    maxNetworkRetries: 0,
    timeoutMs: 5_000,
    successUrl: 'https://app.example.test/billing/success',
    cancelUrl: 'https://app.example.test/billing/cancel',
    portalReturnUrl: 'https://app.example.test/billing',
    trialDays: 14,
    policy: DEFAULT_BILLING_POLICY,
    ...overrides,
  };
}

/**
 * Stand-in for the tenancy layer's check, for billing's own tests: the caller's dealership
 * and role come from test headers; membership is not modelled. The real one re-checks
 * membership and role in the same transaction.
 */
export function headerAuthorize(api: pg.Pool): AuthorizeBilling {
  return async <T>(
    request: FastifyRequest,
    tenantId: string,
    requirement: 'admin' | 'member',
    _action: string,
    fn: (client: pg.PoolClient, caller: BillingCaller) => Promise<T>,
  ): Promise<T> => {
    const role = request.headers['x-test-role'];
    if (request.headers['x-test-tenant'] !== tenantId) throw unauthorized();
    if (requirement === 'admin' && role !== 'admin') throw forbidden();
    return withTenantTx(api, tenantId, (client) => fn(client, { tenantId, userId: '00000000-0000-4000-8000-000000000001' }));
  };
}

export function buildBillingApp(
  api: pg.Pool,
  fake: FakeStripe | undefined,
  options: { config?: BillingConfig; now?: () => Date } = {},
): FastifyInstance {
  const app = Fastify({ bodyLimit: 256 * 1024 });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  const config = options.config ?? testBillingConfig(fake);
  registerBillingRoutes(app, {
    authorize: headerAuthorize(api),
    stripe: createStripeClient(config),
    config,
    pool: api,
    ...(options.now && { now: options.now }),
  });
  return app;
}

import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../services.js';
import { auditBillingChange, auditLinkRequest } from './audit.js';
import { inTenantAuthorize } from './authorize.js';
import { loadBillingConfig, loadBillingPolicy } from './config.js';
import { registerBillingRoutes } from './routes.js';
import { createStripeClient } from './stripe-client.js';

export interface RegisterBillingOptions {
  /** Where STRIPE_* / BILLING_* are read from (process.env by default). */
  env?: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
}

/**
 * The one call app.ts makes: billing routes with the tenancy layer's authorization and
 * the audit log. Without STRIPE_SECRET_KEY only GET /v1/billing/:id/status is live (link
 * routes answer 503 billing_not_configured, no webhook route). Throws BillingConfigError.
 */
export function registerBilling(app: FastifyInstance, services: ApiServices, options: RegisterBillingOptions = {}): void {
  const env = options.env ?? process.env;
  const config = loadBillingConfig(env);
  registerBillingRoutes(app, {
    authorize: inTenantAuthorize(services),
    stripe: config ? createStripeClient(config) : undefined,
    config,
    pool: services.pool,
    policy: config?.policy ?? loadBillingPolicy(env),
    onChange: auditBillingChange,
    onLinkRequested: auditLinkRequest,
    ...(options.now && { now: options.now }),
  });
}

import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../services.js';
import { auditBillingChange, auditLinkRequest } from './audit.js';
import { inTenantAuthorize } from './authorize.js';
import type { BillingSettings } from './config.js';
import { registerBillingRoutes } from './routes.js';
import { createStripeClient } from './stripe-client.js';

export interface RegisterBillingOptions {
  now?: () => Date;
}

/**
 * The one call app.ts makes: billing routes with the tenancy layer's authorization and
 * the audit log. Without STRIPE_SECRET_KEY only GET /v1/billing/:id/status is live (link
 * routes answer 503 billing_not_configured, no webhook route). `billing` is the loaded
 * configuration's (CloudApiConfig.billing, from loadConfig): billing reads no environment.
 */
export function registerBilling(
  app: FastifyInstance,
  services: ApiServices,
  billing: BillingSettings,
  options: RegisterBillingOptions = {},
): void {
  const config = billing.stripe;
  registerBillingRoutes(app, {
    authorize: inTenantAuthorize(services),
    stripe: config ? createStripeClient(config) : undefined,
    config,
    pool: services.pool,
    policy: billing.policy,
    onChange: auditBillingChange,
    onLinkRequested: auditLinkRequest,
    ...(options.now && { now: options.now }),
  });
}

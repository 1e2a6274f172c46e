import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import type Stripe from 'stripe';
import { bodyErrorResponses, errorResponses } from '@leadpulse/cloud-contract';
import { billingAccess, seatsInUse } from './access.js';
import { DEFAULT_BILLING_POLICY, type BillingConfig, type BillingPolicy } from './config.js';
import { billingConflict, billingNotConfigured } from './errors.js';
import { createCheckoutLink, createPortalLink } from './links.js';
import {
  billingParamsSchema,
  billingStatusSchema,
  checkoutRequestSchema,
  checkoutResponseSchema,
  portalResponseSchema,
} from './schemas.js';
import { registerWebhookRoute, type WebhookDeps } from './webhook/route.js';

/** Who is calling, as established by the tenancy layer inside the dealership transaction. */
export interface BillingCaller {
  tenantId: string;
  userId: string;
  /** For audit rows: which client made the request. */
  clientLabel?: string | null;
}

/**
 * The one injected authorization function: authenticates the request, opens the
 * dealership's transaction (withTenantTx), re-checks membership, session and (for
 * 'admin') the billing permission inside it, then runs fn. Throws an error carrying a
 * statusCode (401/403) otherwise. `action` names the attempt for denial audit rows.
 */
export type AuthorizeBilling = <T>(
  request: FastifyRequest,
  tenantId: string,
  requirement: 'admin' | 'member',
  action: string,
  fn: (client: pg.PoolClient, caller: BillingCaller) => Promise<T>,
) => Promise<T>;

export interface BillingRoutesDeps {
  authorize: AuthorizeBilling;
  /** undefined: billing is not configured; link routes answer 503, status still works. */
  stripe: Stripe | undefined;
  config: BillingConfig | undefined;
  pool: pg.Pool;
  policy?: BillingPolicy;
  now?: () => Date;
  /** In the webhook's transaction, when a subscription's status or seats changed (audit). */
  onChange?: WebhookDeps['onChange'];
  /** In the admin's transaction, before Stripe is asked for a link (audit). */
  onLinkRequested?: (
    client: pg.PoolClient,
    caller: BillingCaller,
    action: 'billing.checkout_requested' | 'billing.portal_requested',
    details: Record<string, unknown>,
  ) => Promise<void>;
}

// What each route can answer besides 200: 400 bad params/body, 401/403/429 from the tenancy
// layer (token, membership or permission, rate limits), 409 billing_conflict, 502/503
// stripe_error, 503 billing_not_configured; the POSTs 413/415 (the body, before the handler).
const statusErrors = errorResponses(400, 401, 403, 429);
const linkErrors = { ...errorResponses(400, 401, 403, 409, 429, 502, 503), ...bodyErrorResponses };

/**
 * GET  /v1/billing/:dealershipId/status    any member: access mode, seats, banner
 * POST /v1/billing/:dealershipId/checkout  admin: Stripe Checkout link for N seats
 * POST /v1/billing/:dealershipId/portal    admin: Stripe Customer Portal link
 * POST /v1/billing/webhook                 Stripe (signature-verified, raw body)
 * Needs the app's zod validator/serializer compilers (fastify-type-provider-zod) and its
 * error handler (installErrorHandler): billing's refusals are HttpErrors like every route's.
 */
export function registerBillingRoutes(app: FastifyInstance, deps: BillingRoutesDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const now = deps.now ?? (() => new Date());
  const policy = deps.policy ?? deps.config?.policy ?? DEFAULT_BILLING_POLICY;

  r.get('/v1/billing/:dealershipId/status', {
    schema: { tags: ['billing'], summary: 'Billing access for this dealership (any member)', params: billingParamsSchema, response: { 200: billingStatusSchema, ...statusErrors } },
  }, async (request) =>
    deps.authorize(request, request.params.dealershipId, 'member', 'billing.status', async (client) => {
      const access = await billingAccess(client, now(), policy);
      return { ...access, graceEndsAt: access.graceEndsAt?.toISOString() ?? null, seatsInUse: await seatsInUse(client) };
    }),
  );

  r.post('/v1/billing/:dealershipId/checkout', {
    schema: { tags: ['billing'], summary: 'Stripe Checkout link for a seat subscription (admin)', params: billingParamsSchema, body: checkoutRequestSchema, response: { 200: checkoutResponseSchema, ...linkErrors } },
  }, async (request) => {
      const { stripe, config } = requireStripe(deps);
      const prep = await deps.authorize(request, request.params.dealershipId, 'admin', 'billing.checkout', async (client, caller) => {
        const subs = await client.query<{ status: string }>('select status from billing_subscriptions');
        if (subs.rows.some((s) => s.status !== 'canceled' && s.status !== 'incomplete_expired')) {
          throw billingConflict('The dealership already has a subscription; change seats in the billing portal.');
        }
        const inUse = await seatsInUse(client);
        if (request.body.seats < inUse) {
          throw billingConflict(`The dealership has ${inUse} members and pending invitations; buy at least ${inUse} seats.`);
        }
        const customer = await client.query<{ id: string }>('select stripe_customer_id as id from billing_accounts');
        await deps.onLinkRequested?.(client, caller, 'billing.checkout_requested', { seats: request.body.seats });
        return { caller, customerId: customer.rows[0]?.id, withTrial: subs.rowCount === 0 };
      });
      // Stripe is called after the transaction: no connection is held during the request.
      return createCheckoutLink(stripe, config, {
        tenantId: prep.caller.tenantId,
        seats: request.body.seats,
        customerId: prep.customerId,
        withTrial: prep.withTrial,
      });
    },
  );

  r.post('/v1/billing/:dealershipId/portal', {
    schema: { tags: ['billing'], summary: 'Stripe Customer Portal link (admin)', params: billingParamsSchema, response: { 200: portalResponseSchema, ...linkErrors } },
  }, async (request) => {
      const { stripe, config } = requireStripe(deps);
      const customerId = await deps.authorize(request, request.params.dealershipId, 'admin', 'billing.portal', async (client, caller) => {
        const row = await client.query<{ id: string }>('select stripe_customer_id as id from billing_accounts');
        if (row.rows[0]) await deps.onLinkRequested?.(client, caller, 'billing.portal_requested', {});
        return row.rows[0]?.id;
      });
      if (customerId === undefined) {
        throw billingConflict('The dealership has no Stripe customer yet; start a subscription first.');
      }
      return createPortalLink(stripe, config, customerId);
    },
  );

  if (deps.stripe && deps.config) {
    registerWebhookRoute(app, {
      pool: deps.pool,
      stripe: deps.stripe,
      webhookSecret: deps.config.webhookSecret,
      seatPriceId: deps.config.seatPriceId,
      now,
      ...(deps.onChange && { onChange: deps.onChange }),
    });
  }
}

function requireStripe(deps: BillingRoutesDeps): { stripe: Stripe; config: BillingConfig } {
  if (!deps.stripe || !deps.config) throw billingNotConfigured();
  return { stripe: deps.stripe, config: deps.config };
}

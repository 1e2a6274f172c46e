import type pg from 'pg';
import type Stripe from 'stripe';
import { recordAudit } from '../audit/record-audit.js';
import type { BillingCaller } from './routes.js';
import type { BillingChange } from './webhook/apply.js';

/** A subscription's status or seats changed (webhook): the system acted, Stripe told us. */
export async function auditBillingChange(
  client: pg.PoolClient,
  tenantId: string,
  change: BillingChange,
  event: Stripe.Event,
): Promise<void> {
  await recordAudit(client, {
    tenantId,
    actorUserId: null,
    action: change.before === null ? 'billing.subscription_created' : 'billing.subscription_updated',
    target: change.subscriptionId,
    client: 'stripe-webhook',
    outcome: 'success',
    details: { from: change.before, to: change.after, eventId: event.id, eventType: event.type },
  });
}

/**
 * An admin asked for a Checkout or Portal link (who, when, from which client). Recorded
 * before Stripe is called: it says the request was made, not that Stripe answered.
 */
export async function auditLinkRequest(
  client: pg.PoolClient,
  caller: BillingCaller,
  action: 'billing.checkout_requested' | 'billing.portal_requested',
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(client, {
    tenantId: caller.tenantId,
    actorUserId: caller.userId,
    action,
    client: caller.clientLabel ?? null,
    outcome: 'success',
    details,
  });
}

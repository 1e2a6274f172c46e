import type Stripe from 'stripe';
import type { SubscriptionSnapshot } from '../projection.js';

/** What one verified event means for billing, decided from the event alone (no DB). */
export type EventEffect =
  | { kind: 'subscription'; tenantId: string; snapshot: SubscriptionSnapshot }
  | { kind: 'checkout'; tenantId: string; customerId: string; eventId: string; eventCreated: number }
  | { kind: 'ignore'; reason: string };

/** The metadata key carrying the dealership id on Checkout Sessions and Subscriptions. */
export const TENANT_METADATA_KEY = 'tenant_id';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SUBSCRIPTION_EVENTS = new Set([
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'customer.subscription.pending_update_applied',
  'customer.subscription.pending_update_expired',
  'customer.subscription.trial_will_end',
]);

export interface ExtractOptions {
  /** STRIPE_SEAT_PRICE_ID: only items of this price are seats (add-ons are not). */
  seatPriceId: string;
}

export function extractEffect(event: Stripe.Event, options: ExtractOptions): EventEffect {
  const eventCreated = event.created * 1000;
  if (SUBSCRIPTION_EVENTS.has(event.type)) {
    const sub = event.data.object as Stripe.Subscription;
    const tenantId = tenantFrom(sub.metadata);
    if (!tenantId) return { kind: 'ignore', reason: 'subscription without a tenant_id in its metadata' };
    return {
      kind: 'subscription',
      tenantId,
      snapshot: {
        eventId: event.id,
        eventCreated,
        subscriptionId: sub.id,
        customerId: idOf(sub.customer),
        status: sub.status,
        seats: seatCount(sub.items.data, options.seatPriceId),
        subscriptionCreated: sub.created * 1000,
        cancelAtPeriodEnd: sub.cancel_at_period_end,
      },
    };
  }
  if (event.type === 'checkout.session.completed') {
    const session = event.data.object;
    const tenantId = tenantFrom(session.metadata) ?? validTenant(session.client_reference_id);
    if (!tenantId) return { kind: 'ignore', reason: 'checkout session without a tenant id' };
    if (session.mode !== 'subscription' || session.customer === null) {
      return { kind: 'ignore', reason: 'checkout session is not a subscription with a customer' };
    }
    return { kind: 'checkout', tenantId, customerId: idOf(session.customer), eventId: event.id, eventCreated };
  }
  return { kind: 'ignore', reason: `event type ${event.type} has no billing effect` };
}

/** Seats: the quantities of the items of the seat price; items of other prices are add-ons. */
export function seatCount(items: ReadonlyArray<Pick<Stripe.SubscriptionItem, 'price' | 'quantity'>>, seatPriceId: string): number {
  return items
    .filter((item) => item.price.id === seatPriceId)
    .reduce((sum, item) => sum + (item.quantity ?? 0), 0);
}

function tenantFrom(metadata: Stripe.Metadata | null | undefined): string | undefined {
  return validTenant(metadata?.[TENANT_METADATA_KEY]);
}

function validTenant(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && uuidPattern.test(value) ? value.toLowerCase() : undefined;
}

function idOf(ref: string | { id: string }): string {
  return typeof ref === 'string' ? ref : ref.id;
}

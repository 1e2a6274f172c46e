import type Stripe from 'stripe';
import type { SubscriptionSnapshot } from '../projection.js';
import { isRecordableEventId, parseCustomer, parseSubscription, periodEndOf } from './parse.js';

/** What one verified event means for billing, decided from the event alone (no DB). */
export type EventEffect =
  | { kind: 'subscription'; tenantId: string; snapshot: SubscriptionSnapshot }
  | { kind: 'checkout'; tenantId: string; customerId: string; eventId: string; eventCreated: number }
  /** Ours (it names a dealership) but unusable: acknowledged, recorded when the id allows. */
  | { kind: 'unusable'; tenantId: string; eventId: string; eventCreated: number; reason: string; recordable: boolean }
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
  const object: unknown = (event.data as { object?: unknown } | undefined)?.object;
  const fields = typeof object === 'object' && object !== null ? (object as Record<string, unknown>) : {};
  const created: unknown = event.created;
  const eventCreated = typeof created === 'number' && Number.isInteger(created) ? created * 1000 : NaN;
  const unusable = (tenantId: string, reason: string): EventEffect => ({
    kind: 'unusable', tenantId, eventId: String(event.id), eventCreated, reason,
    recordable: isRecordableEventId(event.id) && Number.isFinite(eventCreated),
  });

  if (SUBSCRIPTION_EVENTS.has(event.type)) {
    const tenantId = tenantFrom(fields.metadata);
    if (!tenantId) return { kind: 'ignore', reason: 'subscription without a tenant_id in its metadata' };
    const parsed = parseSubscription(object);
    if (!parsed.ok) return unusable(tenantId, parsed.reason);
    if (!isRecordableEventId(event.id) || !Number.isFinite(eventCreated)) return unusable(tenantId, 'unusable event: invalid id or created');
    const sub = parsed.value;
    return {
      kind: 'subscription',
      tenantId,
      snapshot: {
        eventId: event.id,
        eventCreated,
        subscriptionId: sub.id,
        customerId: sub.customer,
        status: sub.status,
        seats: seatCount(sub.items.data, options.seatPriceId),
        subscriptionCreated: sub.created * 1000,
        cancelAtPeriodEnd: sub.cancel_at_period_end,
        periodEnd: periodEndOf(sub, options.seatPriceId),
      },
    };
  }
  if (event.type === 'checkout.session.completed') {
    const tenantId = tenantFrom(fields.metadata) ?? validTenant(fields.client_reference_id);
    if (!tenantId) return { kind: 'ignore', reason: 'checkout session without a tenant id' };
    if (fields.mode !== 'subscription' || fields.customer === null || fields.customer === undefined) {
      return { kind: 'ignore', reason: 'checkout session is not a subscription with a customer' };
    }
    const customer = parseCustomer(fields.customer);
    if (!customer.ok) return unusable(tenantId, customer.reason);
    if (!isRecordableEventId(event.id) || !Number.isFinite(eventCreated)) return unusable(tenantId, 'unusable event: invalid id or created');
    return { kind: 'checkout', tenantId, customerId: customer.value, eventId: event.id, eventCreated };
  }
  return { kind: 'ignore', reason: `event type ${event.type} has no billing effect` };
}

/** Seats: the quantities of the items of the seat price; items of other prices are add-ons. */
export function seatCount(
  items: ReadonlyArray<{ price: { id: string }; quantity?: number | null }>,
  seatPriceId: string,
): number {
  return items
    .filter((item) => item.price.id === seatPriceId)
    .reduce((sum, item) => sum + (item.quantity ?? 0), 0);
}

function tenantFrom(metadata: unknown): string | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  return validTenant((metadata as Record<string, unknown>)[TENANT_METADATA_KEY]);
}

function validTenant(value: unknown): string | undefined {
  return typeof value === 'string' && uuidPattern.test(value) ? value.toLowerCase() : undefined;
}

import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

/**
 * Builders for Stripe-shaped objects and events (the fields billing reads, shaped as the
 * API returns them), shared by the fake server and tests. Test/dev only.
 */

export function stripeId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

export interface FakeSubscriptionFields {
  id: string;
  customer: string;
  status: string;
  seats: number;
  priceId: string;
  /** seconds */
  created: number;
  metadata: Record<string, string>;
  cancelAtPeriodEnd?: boolean;
  itemId?: string;
  /** Further items of other prices (add-ons): they are not seats. */
  addOns?: ReadonlyArray<{ priceId: string; quantity: number }>;
  /** seconds: the items' current_period_end (default: 30 days after created). */
  periodEnd?: number;
}

export function subscriptionObject(f: FakeSubscriptionFields): Record<string, unknown> {
  return {
    id: f.id,
    object: 'subscription',
    customer: f.customer,
    status: f.status,
    created: f.created,
    start_date: f.created,
    livemode: false,
    cancel_at_period_end: f.cancelAtPeriodEnd ?? false,
    canceled_at: f.status === 'canceled' ? f.created : null,
    ended_at: null,
    trial_end: null,
    currency: 'usd',
    collection_method: 'charge_automatically',
    metadata: f.metadata,
    items: {
      object: 'list',
      has_more: false,
      url: `/v1/subscription_items?subscription=${f.id}`,
      data: [
        item(f, f.itemId ?? `si_${f.id.slice(4)}`, f.priceId, f.seats),
        ...(f.addOns ?? []).map((a, i) => item(f, `si_${f.id.slice(4)}_addon${i}`, a.priceId, a.quantity)),
      ],
    },
  };
}

function item(f: FakeSubscriptionFields, id: string, priceId: string, quantity: number): Record<string, unknown> {
  const periodEnd = f.periodEnd ?? f.created + 30 * 86_400;
  return {
    id,
    object: 'subscription_item',
    created: f.created,
    current_period_start: periodEnd - 30 * 86_400,
    current_period_end: periodEnd,
    quantity,
    subscription: f.id,
    metadata: {},
    price: { id: priceId, object: 'price', recurring: { interval: 'month' }, unit_amount: 4900 },
  };
}

export function eventObject(
  type: string,
  object: Record<string, unknown>,
  created: number,
  id: string = stripeId('evt'),
): Record<string, unknown> {
  return {
    id,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** The exact bytes and Stripe-Signature header Stripe would send for this event. */
export function signEvent(
  event: Record<string, unknown>,
  secret: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): { payload: string; header: string } {
  const payload = JSON.stringify(event, null, 2);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: timestampSeconds });
  return { payload, header };
}

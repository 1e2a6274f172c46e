/**
 * Stripe subscription statuses and what each means for a dealership's access.
 * Stripe may add statuses; an unknown one is treated like `unpaid` (read-only), never as
 * paid access.
 */
export const SUBSCRIPTION_STATUSES = [
  'incomplete',
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'paused',
  'canceled',
  'incomplete_expired',
] as const;

export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export function isSubscriptionStatus(value: string): value is SubscriptionStatus {
  return (SUBSCRIPTION_STATUSES as readonly string[]).includes(value);
}

/** A subscription in one of these can never change again (Stripe starts a new one). */
export function isTerminal(status: string): boolean {
  return status === 'canceled' || status === 'incomplete_expired';
}

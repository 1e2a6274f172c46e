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

/**
 * Tie-break between two snapshots stamped with the same event.created second: the one
 * further along the lifecycle wins. Only used when timestamps are equal.
 */
export function statusRank(status: string): number {
  const rank: Record<SubscriptionStatus, number> = {
    incomplete: 0,
    trialing: 1,
    active: 2,
    past_due: 3,
    paused: 4,
    unpaid: 5,
    canceled: 6,
    incomplete_expired: 6,
  };
  return isSubscriptionStatus(status) ? rank[status] : 5;
}

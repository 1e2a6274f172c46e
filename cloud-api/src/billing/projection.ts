import { isTerminal, statusRank } from './status.js';

/** One subscription snapshot carried by one Stripe event. */
export interface SubscriptionSnapshot {
  eventId: string;
  /** event.created, ms since epoch. */
  eventCreated: number;
  subscriptionId: string;
  customerId: string;
  status: string;
  seats: number;
  /** subscription.created, ms since epoch. */
  subscriptionCreated: number;
  cancelAtPeriodEnd: boolean;
}

export interface SubscriptionState {
  subscriptionId: string;
  customerId: string;
  status: string;
  seats: number;
  /** ms: when the current status began (first snapshot of the trailing run). */
  statusSince: number;
  subscriptionCreated: number;
  lastEventId: string;
  lastEventCreated: number;
  cancelAtPeriodEnd: boolean;
}

/**
 * Total order on snapshots: event time, then lifecycle rank (same-second ties), then
 * event id, so the fold below has one answer for a given set of snapshots whatever order
 * they arrived in.
 */
export function compareSnapshots(a: SubscriptionSnapshot, b: SubscriptionSnapshot): number {
  return (
    a.eventCreated - b.eventCreated ||
    statusRank(a.status) - statusRank(b.status) ||
    (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)
  );
}

/**
 * The current state of one subscription from every snapshot seen so far. A terminal
 * snapshot (canceled) ends the subscription: later-stamped non-terminal snapshots of the
 * same subscription cannot revive it (Stripe never un-cancels; a new one gets a new id).
 */
export function projectSubscription(
  snapshots: readonly SubscriptionSnapshot[],
): SubscriptionState | undefined {
  const ordered = [...snapshots].sort(compareSnapshots);
  const terminalAt = ordered.findIndex((s) => isTerminal(s.status));
  const effective = terminalAt === -1 ? ordered : ordered.slice(0, terminalAt + 1);
  const last = effective.at(-1);
  if (!last) return undefined;
  let runStart = last;
  for (let i = effective.length - 1; i >= 0; i--) {
    const s = effective[i];
    if (!s || s.status !== last.status) break;
    runStart = s;
  }
  return {
    subscriptionId: last.subscriptionId,
    customerId: last.customerId,
    status: last.status,
    seats: last.seats,
    statusSince: runStart.eventCreated,
    subscriptionCreated: last.subscriptionCreated,
    lastEventId: last.eventId,
    lastEventCreated: last.eventCreated,
    cancelAtPeriodEnd: last.cancelAtPeriodEnd,
  };
}

/**
 * Which of a dealership's subscriptions governs access: the newest live one (not
 * canceled/expired); if none is live, the newest one. Ties by id keep it deterministic.
 */
export function currentSubscription<T extends { status: string; subscriptionCreated: number; subscriptionId: string }>(
  subscriptions: readonly T[],
): T | undefined {
  const newestFirst = [...subscriptions].sort(
    (a, b) =>
      b.subscriptionCreated - a.subscriptionCreated ||
      (a.subscriptionId < b.subscriptionId ? 1 : a.subscriptionId > b.subscriptionId ? -1 : 0),
  );
  return newestFirst.find((s) => !isTerminal(s.status)) ?? newestFirst[0];
}

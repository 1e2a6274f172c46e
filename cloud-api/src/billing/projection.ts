import { isTerminal } from './status.js';

/** The fields of a subscription that decide access, as an event or Stripe's API gave them. */
interface Governing {
  subscriptionId: string;
  customerId: string;
  status: string;
  seats: number;
  /** subscription.created, ms since epoch. */
  subscriptionCreated: number;
  cancelAtPeriodEnd: boolean;
}

/** One subscription snapshot carried by one Stripe event. */
export interface SubscriptionSnapshot extends Governing {
  eventId: string;
  /** event.created, ms since epoch (Stripe stamps whole seconds). */
  eventCreated: number;
  /** ms: the seat items' current_period_end; it only grows. null/absent: unknown. */
  periodEnd?: number | null;
  /** ms: when the webhook received it (absent: long ago). */
  observedAt?: number;
}

/** The subscription as Stripe's API returned it at readAt (a re-read; see README). */
export interface SubscriptionRead extends Governing {
  /** ms: just before the request was sent, so it reflects every change received before. */
  readAt: number;
  periodEnd: number | null;
}

export interface SubscriptionState extends Governing {
  /** ms: when the current status began (first snapshot of the trailing run). */
  statusSince: number;
  lastEventId: string;
  lastEventCreated: number;
  /**
   * The newest snapshots could not be ordered by the subscription's own state and no
   * re-read received after them settles it: the caller re-reads it from Stripe.
   */
  needsReread: boolean;
}

/**
 * Order within one second, by what only moves one way in a subscription's life: nothing
 * returns to `incomplete`, a terminal status (canceled, incomplete_expired) is last, and
 * the current period's end only grows. Unknown period ends sort first.
 */
function sameSecondKey(s: SubscriptionSnapshot): [number, number, number] {
  return [isTerminal(s.status) ? 1 : 0, s.status === 'incomplete' ? 0 : 1, s.periodEnd ?? -Infinity];
}

/** Total order (event id last, only so the fold is deterministic). */
export function compareSnapshots(a: SubscriptionSnapshot, b: SubscriptionSnapshot): number {
  const [ka, kb] = [sameSecondKey(a), sameSecondKey(b)];
  return (
    a.eventCreated - b.eventCreated ||
    ka[0] - kb[0] ||
    ka[1] - kb[1] ||
    ka[2] - kb[2] ||
    (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)
  );
}

/** True when the subscription's own state cannot tell which of a and b came later. */
function undecided(a: SubscriptionSnapshot, b: SubscriptionSnapshot): boolean {
  const [ka, kb] = [sameSecondKey(a), sameSecondKey(b)];
  const periods = a.periodEnd == null || b.periodEnd == null || a.periodEnd === b.periodEnd;
  return a.eventCreated === b.eventCreated && ka[0] === kb[0] && ka[1] === kb[1] && periods;
}

const sameGoverning = (a: Governing, b: Governing): boolean =>
  a.status === b.status && a.seats === b.seats && a.customerId === b.customerId && a.cancelAtPeriodEnd === b.cancelAtPeriodEnd;

/**
 * The current state of one subscription from every snapshot (and re-read) seen so far. A
 * terminal snapshot ends the subscription: later-stamped non-terminal snapshots cannot
 * revive it (Stripe never un-cancels; a new one gets a new id). When the newest snapshots
 * disagree and cannot be ordered, the newest re-read made after all of them were received
 * decides; without one, needsReread is set (the state is then the event-id order's).
 */
export function projectSubscription(
  snapshots: readonly SubscriptionSnapshot[],
  reads: readonly SubscriptionRead[] = [],
): SubscriptionState | undefined {
  const ordered = [...snapshots].sort(compareSnapshots);
  const terminalAt = ordered.findIndex((s) => isTerminal(s.status));
  const effective = terminalAt === -1 ? ordered : ordered.slice(0, terminalAt + 1);
  const last = effective.at(-1);
  if (!last) return undefined;
  const tied = effective.filter((s) => undecided(s, last));
  let head: Governing = last;
  let needsReread = false;
  if (tied.some((s) => !sameGoverning(s, last))) {
    const receivedBy = Math.max(...tied.map((s) => s.observedAt ?? 0));
    const settling = reads.filter((r) => r.readAt >= receivedBy).sort((a, b) => b.readAt - a.readAt)[0];
    if (settling) head = settling;
    else needsReread = true;
  }
  let runStart = last;
  for (let i = effective.length - 1; i >= 0; i--) {
    const s = effective[i];
    if (!s || s.status !== head.status) break;
    runStart = s;
  }
  return {
    subscriptionId: last.subscriptionId,
    customerId: head.customerId,
    status: head.status,
    seats: head.seats,
    statusSince: runStart.eventCreated,
    subscriptionCreated: last.subscriptionCreated,
    lastEventId: last.eventId,
    lastEventCreated: last.eventCreated,
    cancelAtPeriodEnd: head.cancelAtPeriodEnd,
    needsReread,
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

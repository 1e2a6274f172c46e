import type pg from 'pg';
import { projectSubscription, type SubscriptionRead } from '../projection.js';
import type { EventEffect } from './extract.js';
import { insertRead, insertSnapshot, loadHistory, recordCustomer, upsertSubscription } from './store.js';

/** `reread`: the subscription's newest events cannot be ordered; re-read it from Stripe. */
export type ApplyOutcome =
  | { outcome: 'applied'; change: BillingChange | undefined; reread?: string }
  | { outcome: 'duplicate'; reread?: string }
  | { outcome: 'unusable'; reason: string }
  | { outcome: 'ignored'; reason: string };

/** A change of a subscription's governing fields, for the audit log. */
export interface BillingChange {
  subscriptionId: string;
  before: { status: string; seats: number } | null;
  after: { status: string; seats: number };
}

type Effect = Exclude<EventEffect, { kind: 'ignore' }>;

export interface ApplyOptions {
  /** ms: when the webhook received the event (default: now). */
  observedAt?: number;
}

/**
 * Applies one event inside the dealership's transaction (withTenantTx for effect.tenantId):
 * records the event id and its effect together, so a redelivery is a no-op and a failure
 * leaves neither. Events of one dealership are serialised by a transaction-scoped lock.
 */
export async function applyEffect(
  client: pg.PoolClient,
  effect: Effect,
  eventType: string,
  options: ApplyOptions = {},
): Promise<ApplyOutcome> {
  if (!(await lockDealership(client, effect.tenantId))) return { outcome: 'ignored', reason: 'no such dealership' };
  const eventId = effect.kind === 'subscription' ? effect.snapshot.eventId : effect.eventId;
  const eventCreated = effect.kind === 'subscription' ? effect.snapshot.eventCreated : effect.eventCreated;
  const reason = effect.kind === 'unusable' ? effect.reason : null;
  const inserted = await client.query(
    `insert into stripe_events (event_id, tenant_id, type, event_created, outcome, reason)
     values ($1, $2, $3, to_timestamp($4::float8 / 1000), $5, $6)
     on conflict (event_id) do nothing`,
    [eventId, effect.tenantId, eventType, eventCreated, reason === null ? 'applied' : 'unusable', reason],
  );
  if (inserted.rowCount === 0) {
    // A redelivery: if its subscription still waits for a re-read (Stripe was unreachable
    // the first time), say so again.
    if (effect.kind !== 'subscription') return { outcome: 'duplicate' };
    const result = await reproject(client, effect.tenantId, effect.snapshot.subscriptionId);
    return { outcome: 'duplicate', ...(result.reread !== undefined && { reread: result.reread }) };
  }
  if (effect.kind === 'unusable') return { outcome: 'unusable', reason: effect.reason };
  if (effect.kind === 'checkout') {
    await recordCustomer(client, effect.tenantId, effect.customerId, eventId, eventCreated);
    return { outcome: 'applied', change: undefined };
  }
  await insertSnapshot(client, effect.tenantId, effect.snapshot, options.observedAt ?? Date.now());
  return { outcome: 'applied', ...(await reproject(client, effect.tenantId, effect.snapshot.subscriptionId)) };
}

/** Records what Stripe's API said about a subscription and recomputes its state. */
export async function applyRead(
  client: pg.PoolClient,
  tenantId: string,
  read: SubscriptionRead,
): Promise<{ change: BillingChange | undefined; reread?: string }> {
  if (!(await lockDealership(client, tenantId))) return { change: undefined };
  await insertRead(client, tenantId, read);
  return reproject(client, tenantId, read.subscriptionId);
}

async function lockDealership(client: pg.PoolClient, tenantId: string): Promise<boolean> {
  const dealership = await client.query('select 1 from dealerships');
  if (dealership.rowCount === 0) return false;
  await client.query("select pg_advisory_xact_lock(hashtextextended('billing:' || $1, 0))", [tenantId]);
  return true;
}

/**
 * The subscription's state from all its snapshots and re-reads. While its newest snapshots
 * cannot be ordered (needsReread), the stored state is left as it was and the caller is
 * told to re-read; a subscription's first state is written even then.
 */
async function reproject(
  client: pg.PoolClient,
  tenantId: string,
  subscriptionId: string,
): Promise<{ change: BillingChange | undefined; reread?: string }> {
  const history = await loadHistory(client, subscriptionId);
  const state = projectSubscription(history.snapshots, history.reads);
  if (!state) return { change: undefined };
  const before = await client.query<{ status: string; seats: number }>(
    'select status, seats from billing_subscriptions where stripe_subscription_id = $1 for update',
    [subscriptionId],
  );
  const prior = before.rows[0] ?? null;
  const reread = state.needsReread ? { reread: subscriptionId } : {};
  if (state.needsReread && prior) return { change: undefined, ...reread };
  await upsertSubscription(client, tenantId, state);
  await recordCustomer(client, tenantId, state.customerId, state.lastEventId, state.lastEventCreated);
  if (prior && prior.status === state.status && prior.seats === state.seats) return { change: undefined, ...reread };
  return { change: { subscriptionId, before: prior, after: { status: state.status, seats: state.seats } }, ...reread };
}

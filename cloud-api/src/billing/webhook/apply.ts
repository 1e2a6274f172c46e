import type pg from 'pg';
import { projectSubscription, type SubscriptionSnapshot, type SubscriptionState } from '../projection.js';
import type { EventEffect } from './extract.js';

export type ApplyOutcome =
  | { outcome: 'applied'; change: BillingChange | undefined }
  | { outcome: 'duplicate' }
  | { outcome: 'unusable'; reason: string }
  | { outcome: 'ignored'; reason: string };

/** A change of a subscription's governing fields, for the audit log. */
export interface BillingChange {
  subscriptionId: string;
  before: { status: string; seats: number } | null;
  after: { status: string; seats: number };
}

type Effect = Exclude<EventEffect, { kind: 'ignore' }>;

/**
 * Applies one event inside the dealership's transaction (withTenantTx for effect.tenantId):
 * records the event id and its effect together, so a redelivery is a no-op and a failure
 * leaves neither. Events of one dealership are serialised by a transaction-scoped lock.
 */
export async function applyEffect(
  client: pg.PoolClient,
  effect: Effect,
  eventType: string,
): Promise<ApplyOutcome> {
  const dealership = await client.query('select 1 from dealerships');
  if (dealership.rowCount === 0) return { outcome: 'ignored', reason: 'no such dealership' };

  await client.query("select pg_advisory_xact_lock(hashtextextended('billing:' || $1, 0))", [effect.tenantId]);
  const eventId = effect.kind === 'subscription' ? effect.snapshot.eventId : effect.eventId;
  const eventCreated = effect.kind === 'subscription' ? effect.snapshot.eventCreated : effect.eventCreated;
  const reason = effect.kind === 'unusable' ? effect.reason : null;
  const inserted = await client.query(
    `insert into stripe_events (event_id, tenant_id, type, event_created, outcome, reason)
     values ($1, $2, $3, to_timestamp($4::float8 / 1000), $5, $6)
     on conflict (event_id) do nothing`,
    [eventId, effect.tenantId, eventType, eventCreated, reason === null ? 'applied' : 'unusable', reason],
  );
  if (inserted.rowCount === 0) return { outcome: 'duplicate' };
  if (effect.kind === 'unusable') return { outcome: 'unusable', reason: effect.reason };

  if (effect.kind === 'checkout') {
    await recordCustomer(client, effect.tenantId, effect.customerId, eventId, eventCreated);
    return { outcome: 'applied', change: undefined };
  }
  const change = await applySnapshot(client, effect.tenantId, effect.snapshot);
  return { outcome: 'applied', change };
}

async function applySnapshot(
  client: pg.PoolClient,
  tenantId: string,
  s: SubscriptionSnapshot,
): Promise<BillingChange | undefined> {
  await client.query(
    `insert into billing_subscription_snapshots
       (tenant_id, event_id, stripe_subscription_id, stripe_customer_id, status, seats,
        subscription_created, event_created, cancel_at_period_end)
     values ($1, $2, $3, $4, $5, $6, to_timestamp($7::float8 / 1000), to_timestamp($8::float8 / 1000), $9)`,
    [tenantId, s.eventId, s.subscriptionId, s.customerId, s.status, s.seats, s.subscriptionCreated, s.eventCreated, s.cancelAtPeriodEnd],
  );
  const all = await client.query<SubscriptionSnapshot>(
    `select event_id as "eventId", stripe_subscription_id as "subscriptionId",
            stripe_customer_id as "customerId", status, seats,
            cancel_at_period_end as "cancelAtPeriodEnd",
            (extract(epoch from event_created) * 1000)::float8 as "eventCreated",
            (extract(epoch from subscription_created) * 1000)::float8 as "subscriptionCreated"
       from billing_subscription_snapshots where stripe_subscription_id = $1`,
    [s.subscriptionId],
  );
  const state = projectSubscription(all.rows);
  if (!state) return undefined;
  const before = await client.query<{ status: string; seats: number }>(
    'select status, seats from billing_subscriptions where stripe_subscription_id = $1 for update',
    [s.subscriptionId],
  );
  await upsertSubscription(client, tenantId, state);
  await recordCustomer(client, tenantId, state.customerId, state.lastEventId, state.lastEventCreated);
  const prior = before.rows[0] ?? null;
  if (prior && prior.status === state.status && prior.seats === state.seats) return undefined;
  return {
    subscriptionId: state.subscriptionId,
    before: prior,
    after: { status: state.status, seats: state.seats },
  };
}

async function upsertSubscription(client: pg.PoolClient, tenantId: string, st: SubscriptionState): Promise<void> {
  await client.query(
    `insert into billing_subscriptions
       (tenant_id, stripe_subscription_id, stripe_customer_id, status, seats, status_since,
        subscription_created, last_event_id, last_event_created, cancel_at_period_end, updated_at)
     values ($1, $2, $3, $4, $5, to_timestamp($6::float8 / 1000), to_timestamp($7::float8 / 1000),
             $8, to_timestamp($9::float8 / 1000), $10, now())
     on conflict (tenant_id, stripe_subscription_id) do update set
       stripe_customer_id = excluded.stripe_customer_id, status = excluded.status,
       seats = excluded.seats, status_since = excluded.status_since,
       subscription_created = excluded.subscription_created,
       last_event_id = excluded.last_event_id, last_event_created = excluded.last_event_created,
       cancel_at_period_end = excluded.cancel_at_period_end, updated_at = now()`,
    [tenantId, st.subscriptionId, st.customerId, st.status, st.seats, st.statusSince,
      st.subscriptionCreated, st.lastEventId, st.lastEventCreated, st.cancelAtPeriodEnd],
  );
}

/** The customer named by the newest event wins, whatever order events arrive in. */
async function recordCustomer(
  client: pg.PoolClient,
  tenantId: string,
  customerId: string,
  eventId: string,
  eventCreated: number,
): Promise<void> {
  await client.query(
    `insert into billing_accounts (tenant_id, stripe_customer_id, source_event_id, source_created)
     values ($1, $2, $3, to_timestamp($4::float8 / 1000))
     on conflict (tenant_id) do update set
       stripe_customer_id = excluded.stripe_customer_id,
       source_event_id = excluded.source_event_id,
       source_created = excluded.source_created, updated_at = now()
     where (billing_accounts.source_created, billing_accounts.source_event_id)
         < (excluded.source_created, excluded.source_event_id)`,
    [tenantId, customerId, eventId, eventCreated],
  );
}

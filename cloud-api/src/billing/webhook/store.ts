import type pg from 'pg';
import type { SubscriptionRead, SubscriptionSnapshot, SubscriptionState } from '../projection.js';

/** Billing's rows of one subscription, inside the dealership's transaction (RLS applies). */

const ms = (column: string, as: string): string => `(extract(epoch from ${column}) * 1000)::float8 as "${as}"`;

export async function insertSnapshot(client: pg.PoolClient, tenantId: string, s: SubscriptionSnapshot, observedAt: number): Promise<void> {
  await client.query(
    `insert into billing_subscription_snapshots
       (tenant_id, event_id, stripe_subscription_id, stripe_customer_id, status, seats,
        subscription_created, event_created, cancel_at_period_end, period_end, observed_at)
     values ($1, $2, $3, $4, $5, $6, to_timestamp($7::float8 / 1000), to_timestamp($8::float8 / 1000), $9,
             to_timestamp($10::float8 / 1000), to_timestamp($11::float8 / 1000))`,
    [tenantId, s.eventId, s.subscriptionId, s.customerId, s.status, s.seats, s.subscriptionCreated,
      s.eventCreated, s.cancelAtPeriodEnd, s.periodEnd ?? null, observedAt],
  );
}

export async function insertRead(client: pg.PoolClient, tenantId: string, r: SubscriptionRead): Promise<void> {
  await client.query(
    `insert into billing_subscription_reads
       (tenant_id, stripe_subscription_id, read_at, stripe_customer_id, status, seats,
        subscription_created, period_end, cancel_at_period_end)
     values ($1, $2, to_timestamp($3::float8 / 1000), $4, $5, $6, to_timestamp($7::float8 / 1000),
             to_timestamp($8::float8 / 1000), $9)
     on conflict do nothing`,
    [tenantId, r.subscriptionId, r.readAt, r.customerId, r.status, r.seats, r.subscriptionCreated, r.periodEnd, r.cancelAtPeriodEnd],
  );
}

export async function loadHistory(
  client: pg.PoolClient,
  subscriptionId: string,
): Promise<{ snapshots: SubscriptionSnapshot[]; reads: SubscriptionRead[] }> {
  const common = `stripe_subscription_id as "subscriptionId", stripe_customer_id as "customerId", status, seats,
            cancel_at_period_end as "cancelAtPeriodEnd", ${ms('subscription_created', 'subscriptionCreated')},
            ${ms('period_end', 'periodEnd')}`;
  const snapshots = await client.query<SubscriptionSnapshot>(
    `select event_id as "eventId", ${common}, ${ms('event_created', 'eventCreated')}, ${ms('observed_at', 'observedAt')}
       from billing_subscription_snapshots where stripe_subscription_id = $1`,
    [subscriptionId],
  );
  const reads = await client.query<SubscriptionRead>(
    `select ${common}, ${ms('read_at', 'readAt')} from billing_subscription_reads where stripe_subscription_id = $1`,
    [subscriptionId],
  );
  return { snapshots: snapshots.rows, reads: reads.rows };
}

export async function upsertSubscription(client: pg.PoolClient, tenantId: string, st: SubscriptionState): Promise<void> {
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
export async function recordCustomer(
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

-- 0050: billing (Stripe). Every table is dealership-scoped: tenant_id, ENABLE + FORCE row
-- level security and one FOR ALL policy bound to app.tenant_id, the same predicate as
-- 0004. The webhook finds the dealership in the event's own metadata and runs inside
-- withTenantTx, so it never reads or writes another dealership's billing rows.
-- Billing events never delete anything: the API role gets no DELETE here except what a
-- dealership deletion needs (on delete cascade from dealerships runs as the owner).

-- Every Stripe event that reached an effect, recorded in the same transaction as the
-- effect: a redelivered event id conflicts on the primary key and is skipped.
create table stripe_events (
  event_id      text primary key check (event_id like 'evt_%'),
  tenant_id     uuid not null references dealerships (tenant_id) on delete cascade,
  type          text not null,
  event_created timestamptz not null,
  received_at   timestamptz not null default now()
);
create index stripe_events_tenant on stripe_events (tenant_id, event_created);

-- Each subscription snapshot carried by an event (one row per event). The current state
-- of a subscription is a pure function of this set (see src/billing/projection.ts), so
-- any delivery order of the same events ends in the same state.
create table billing_subscription_snapshots (
  tenant_id               uuid not null references dealerships (tenant_id) on delete cascade,
  event_id                text not null references stripe_events (event_id) on delete cascade,
  stripe_subscription_id  text not null check (stripe_subscription_id like 'sub_%'),
  stripe_customer_id      text not null,
  status                  text not null,
  seats                   integer not null check (seats >= 0),
  subscription_created    timestamptz not null,
  event_created           timestamptz not null,
  cancel_at_period_end    boolean not null default false,
  primary key (tenant_id, event_id)
);
create index billing_subscription_snapshots_sub
  on billing_subscription_snapshots (tenant_id, stripe_subscription_id);

-- Projection: one row per Stripe subscription, recomputed from its snapshots after each
-- event. status_since is when the current status began (start of the trailing run of
-- snapshots with that status), which is what the past_due grace period counts from.
create table billing_subscriptions (
  tenant_id               uuid not null references dealerships (tenant_id) on delete cascade,
  stripe_subscription_id  text not null check (stripe_subscription_id like 'sub_%'),
  stripe_customer_id      text not null,
  status                  text not null,
  seats                   integer not null check (seats >= 0),
  status_since            timestamptz not null,
  subscription_created    timestamptz not null,
  last_event_id           text not null,
  last_event_created      timestamptz not null,
  cancel_at_period_end    boolean not null default false,
  updated_at              timestamptz not null default now(),
  primary key (tenant_id, stripe_subscription_id)
);

-- The dealership's Stripe customer (for Customer Portal links), from the newest event that
-- named one (checkout.session.completed or a subscription event).
create table billing_accounts (
  tenant_id           uuid primary key references dealerships (tenant_id) on delete cascade,
  stripe_customer_id  text not null check (stripe_customer_id like 'cus_%'),
  source_event_id     text not null,
  source_created      timestamptz not null,
  updated_at          timestamptz not null default now()
);

alter table stripe_events enable row level security;
alter table stripe_events force row level security;
create policy stripe_events_tenant on stripe_events for all to leadpulse_api
  using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

alter table billing_subscription_snapshots enable row level security;
alter table billing_subscription_snapshots force row level security;
create policy billing_subscription_snapshots_tenant on billing_subscription_snapshots
  for all to leadpulse_api
  using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

alter table billing_subscriptions enable row level security;
alter table billing_subscriptions force row level security;
create policy billing_subscriptions_tenant on billing_subscriptions for all to leadpulse_api
  using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

alter table billing_accounts enable row level security;
alter table billing_accounts force row level security;
create policy billing_accounts_tenant on billing_accounts for all to leadpulse_api
  using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- No DELETE: billing events never delete data (a dealership deletion cascades from
-- dealerships, which the deletion code does as its own tenant-scoped DELETE).
grant select, insert on stripe_events to leadpulse_api;
grant select, insert on billing_subscription_snapshots to leadpulse_api;
grant select, insert, update on billing_subscriptions to leadpulse_api;
grant select, insert, update on billing_accounts to leadpulse_api;

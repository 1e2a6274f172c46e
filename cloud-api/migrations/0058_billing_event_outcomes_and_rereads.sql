-- 0058: billing webhook robustness (src/billing/README.md, "Webhooks").

-- What became of each recorded event: 'applied', or 'unusable' for a well-signed event
-- billing cannot use (a subscription event without items or customer, an id that is not a
-- subscription). Unusable events are acknowledged (200) and recorded here, so Stripe stops
-- retrying them and a redelivery is a duplicate. `reason` is billing's own text, never
-- content from the event.
alter table stripe_events
  add column outcome text not null default 'applied' check (outcome in ('applied', 'unusable')),
  add column reason  text check (reason is null or length(reason) <= 200);

-- Same-second ordering. period_end: the seat items' current_period_end (it only grows, so
-- it orders two snapshots of one second); observed_at: when the webhook received the event
-- (a re-read from Stripe's API settles only the events received before it was made).
alter table billing_subscription_snapshots
  add column period_end  timestamptz,
  add column observed_at timestamptz not null default now();

-- The subscription as Stripe's API returned it when two events of the same second could not
-- be ordered by the subscription's own state. Billing never deletes these (like snapshots).
create table billing_subscription_reads (
  tenant_id               uuid not null references dealerships (tenant_id) on delete cascade,
  stripe_subscription_id  text not null check (stripe_subscription_id like 'sub_%'),
  read_at                 timestamptz not null,
  stripe_customer_id      text not null,
  status                  text not null,
  seats                   integer not null check (seats >= 0),
  subscription_created    timestamptz not null,
  period_end              timestamptz,
  cancel_at_period_end    boolean not null default false,
  primary key (tenant_id, stripe_subscription_id, read_at)
);

alter table billing_subscription_reads enable row level security;
alter table billing_subscription_reads force row level security;
create policy billing_subscription_reads_tenant on billing_subscription_reads
  for all to leadpulse_api
  using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

grant select, insert on billing_subscription_reads to leadpulse_api;

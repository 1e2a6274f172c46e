-- 0005: lead metadata for coordination between a dealership's desktops (claims, status,
-- first-response times). No email content and no customer details: the customer is only
-- present as opaque keys (HMAC-SHA256 of the normalised email / phone under the
-- dealership's customer_key_salt), so deletion by email or phone can find the rows.
create table leads_meta (
  tenant_id         uuid not null references dealerships (tenant_id) on delete cascade,
  id                uuid not null,
  status            text not null default 'new'
                    check (status in ('new', 'claimed', 'responded', 'closed')),
  assignee_user_id  uuid references users (id) on delete set null,
  source            text not null check (length(source) between 1 and 64),
  received_at       timestamptz not null,
  first_response_at timestamptz,
  customer_keys     text[] not null default '{}',
  created_at        timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index leads_meta_received on leads_meta (tenant_id, received_at desc, id);
create index leads_meta_customer_keys on leads_meta using gin (customer_keys);

alter table leads_meta enable row level security;
alter table leads_meta force row level security;
create policy leads_meta_tenant on leads_meta for all to leadpulse_api
  using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

grant select, insert, update, delete on leads_meta to leadpulse_api;

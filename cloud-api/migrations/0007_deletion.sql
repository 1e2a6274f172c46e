-- 0007: deletion on request.
-- purge_instructions: what desktops must erase locally after an admin deleted a
-- customer's data (opaque lead ids and customer keys only).
create table purge_instructions (
  tenant_id     uuid not null references dealerships (tenant_id) on delete cascade,
  id            bigint generated always as identity,
  created_at    timestamptz not null default now(),
  requested_by  uuid not null,
  customer_keys text[] not null,
  lead_ids      uuid[] not null,
  primary key (tenant_id, id)
);

alter table purge_instructions enable row level security;
alter table purge_instructions force row level security;
create policy purge_instructions_tenant on purge_instructions for all to leadpulse_api
  using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

grant select, insert on purge_instructions to leadpulse_api;

-- Receipts of whole-dealership deletions: global (the dealership is gone), and without
-- personal data: ids, when, and how many rows each table lost. Insert-only for the API.
create table deletion_receipts (
  id              uuid primary key,
  dealership_id   uuid not null,
  requested_by    uuid not null,
  deleted_at      timestamptz not null default now(),
  deleted_counts  jsonb not null
);

grant insert on deletion_receipts to leadpulse_api;

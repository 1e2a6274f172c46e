-- 0006: the audit trail of each dealership. Append-only for the API role: INSERT and
-- SELECT, no UPDATE, no DELETE. Rows disappear only with their dealership (whole-
-- dealership deletion cascades; a deletion receipt without personal data remains).
create table audit_log (
  tenant_id     uuid not null references dealerships (tenant_id) on delete cascade,
  id            bigint generated always as identity,
  at            timestamptz not null default now(),
  actor_user_id uuid,
  action        text not null check (length(action) between 1 and 100),
  target        text check (length(target) <= 200),
  client        text check (length(client) <= 200),
  outcome       text not null check (outcome in ('success', 'denied', 'failure')),
  details       jsonb not null default '{}',
  primary key (tenant_id, id)
);
create index audit_log_at on audit_log (tenant_id, at, id);

alter table audit_log enable row level security;
alter table audit_log force row level security;
create policy audit_log_tenant on audit_log for all to leadpulse_api
  using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

grant select, insert on audit_log to leadpulse_api;

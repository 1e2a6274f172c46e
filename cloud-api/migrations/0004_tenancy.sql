-- 0004: dealerships (tenants), their members and invitations. Every table here has
-- tenant_id and is under FORCE row-level security: the API role sees and writes only the
-- rows of the dealership set with set_config('app.tenant_id', ..., true) in its
-- transaction.
--
-- Every table has one FOR ALL policy bound to app.tenant_id (USING and WITH CHECK), so
-- inserts, updates and deletes never cross tenants. Two extra SELECT-only policies let a
-- person read their own rows across dealerships; their settings are set only by code
-- that runs in no dealership's transaction:
--   app.user_id    - a user lists their own memberships (members.user_id)
--   app.user_email - first sign-in finds invitations addressed to the verified email

create table dealerships (
  tenant_id         uuid primary key,
  name              text not null check (length(name) between 1 and 200),
  -- Key of the HMAC that turns a customer's email/phone into an opaque customer key.
  customer_key_salt bytea not null,
  created_at        timestamptz not null default now()
);

create table members (
  tenant_id  uuid not null references dealerships (tenant_id) on delete cascade,
  user_id    uuid not null references users (id) on delete cascade,
  role       text not null check (role in ('admin', 'manager', 'rep')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);
create index members_user on members (user_id);

create table invitations (
  tenant_id   uuid not null references dealerships (tenant_id) on delete cascade,
  id          uuid not null,
  email       text not null check (email = lower(email)),
  role        text not null check (role in ('admin', 'manager', 'rep')),
  invited_by  uuid not null references users (id),
  created_at  timestamptz not null default now(),
  accepted_at timestamptz,
  accepted_by uuid references users (id),
  primary key (tenant_id, id)
);
create unique index invitations_pending_email on invitations (tenant_id, email) where accepted_at is null;
create index invitations_email on invitations (email) where accepted_at is null;

alter table dealerships enable row level security;
alter table dealerships force row level security;
create policy dealerships_tenant on dealerships for all to leadpulse_api
  using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

alter table members enable row level security;
alter table members force row level security;
create policy members_tenant on members for all to leadpulse_api
  using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- Read-only, a person's own memberships (GET /v1/me runs with app.user_id, no tenant).
create policy members_self_read on members for select to leadpulse_api
  using (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

alter table invitations enable row level security;
alter table invitations force row level security;
create policy invitations_tenant on invitations for all to leadpulse_api
  using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- Read-only, pending invitations addressed to the verified email of the person signing in.
create policy invitations_invitee_read on invitations for select to leadpulse_api
  using (accepted_at is null and email = nullif(current_setting('app.user_email', true), ''));

grant select, insert, update, delete on dealerships to leadpulse_api;
grant select, insert, update, delete on members to leadpulse_api;
grant select, insert, update, delete on invitations to leadpulse_api;

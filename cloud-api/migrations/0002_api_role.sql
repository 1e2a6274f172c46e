-- 0002: the role the API serves requests as. Migrations run as the owner (the embedded
-- superuser or DATABASE_URL's user); requests run as leadpulse_api, which owns nothing,
-- is not superuser, cannot bypass row-level security and gets table grants one by one
-- in the migrations that create the tables. The role is created NOLOGIN here; startup
-- code (embedded / development) or the operator (production, see README) gives it LOGIN
-- and a password.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'leadpulse_api') then
    create role leadpulse_api nologin nosuperuser nocreatedb nocreaterole noinherit nobypassrls;
  end if;
end
$$;

-- Nobody but the owner creates objects in public (Postgres 15+ already says so; older
-- servers and managed ones may not).
revoke create on schema public from public;
grant usage on schema public to leadpulse_api;

-- The dealership-scoped predicate every tenant policy uses, spelled out in each policy
-- (no helper function, so the catalog shows exactly what is enforced):
--   tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
-- current_setting(..., true) is NULL when never set, and '' once a transaction-local
-- setting has ended on a pooled connection; nullif turns both into NULL, so the
-- comparison is NULL (row denied) instead of a cast error.

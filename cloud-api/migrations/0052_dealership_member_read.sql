-- 0052: a person reads the dealerships they are a member of, in their own user-scoped
-- transaction (app.user_id, no tenant), so GET /v1/me and POST /v1/auth/refresh list
-- memberships with dealership names in ONE transaction instead of one per dealership.
-- Read-only, and only rows of dealerships where a members row of that person exists; the
-- members subquery is itself under members' row-level security (members_self_read under
-- app.user_id). Set only by code that runs in no dealership's transaction (src/db/tx.ts).
create policy dealerships_member_read on dealerships for select to leadpulse_api
  using (exists (select 1 from members m
                  where m.tenant_id = dealerships.tenant_id
                    and m.user_id = nullif(current_setting('app.user_id', true), '')::uuid));

-- 0055: the person-scoped read policies apply only outside a dealership's transaction.
-- They are permissive, so they OR with each table's tenant policy: a transaction that set
-- both app.tenant_id and app.user_id (or app.user_email) would see, in a query meant to be
-- scoped to one dealership, the rows of every dealership that person belongs to or is
-- invited to (e.g. `select customer_key_salt from dealerships` returning several rows).
-- No code sets both today (src/db/tx.ts, src/db/tenant-tx.ts); this keeps it harmless.
drop policy members_self_read on members;
create policy members_self_read on members for select to leadpulse_api
  using (nullif(current_setting('app.tenant_id', true), '') is null
         and user_id = nullif(current_setting('app.user_id', true), '')::uuid);

drop policy invitations_invitee_read on invitations;
create policy invitations_invitee_read on invitations for select to leadpulse_api
  using (nullif(current_setting('app.tenant_id', true), '') is null
         and accepted_at is null and email = nullif(current_setting('app.user_email', true), ''));

drop policy dealerships_member_read on dealerships;
create policy dealerships_member_read on dealerships for select to leadpulse_api
  using (nullif(current_setting('app.tenant_id', true), '') is null
         and exists (select 1 from members m
                     where m.tenant_id = dealerships.tenant_id
                       and m.user_id = nullif(current_setting('app.user_id', true), '')::uuid));

-- 0051: the lead list desktops poll, as ONE prepared call instead of three round trips
-- (begin + membership check, the read, commit). Same rules as every other request:
--   - SECURITY INVOKER: it runs as the API role, so FORCE row-level security applies to
--     every table it reads, exactly as if the statements were sent one by one;
--   - the dealership is set with set_config(..., true) inside the caller's transaction (the
--     call's own implicit transaction: the setting ends with it);
--   - membership, role and session are read in the same statement as the leads, and the
--     leads are joined to that membership, so a removed member or revoked session gets none.
-- It refuses to run inside a transaction already scoped to another dealership, so it can
-- never switch a withTenantTx transaction's tenant halfway.
-- The JSON is the API's Lead shape (api-schemas.ts leadSchema), timestamps as
-- Date.toISOString() writes them; a test holds the two together.
create function lead_list_page(
  p_tenant          uuid,
  p_user            uuid,
  p_session         uuid,
  p_limit           integer,
  p_read_all_roles  text[]
) returns table (role text, session_live boolean, leads text)
language plpgsql volatile security invoker
as $$
declare
  current_tenant text := nullif(current_setting('app.tenant_id', true), '');
begin
  if current_tenant is not null and current_tenant <> p_tenant::text then
    raise exception 'lead_list_page: transaction already scoped to another dealership';
  end if;
  perform set_config('app.tenant_id', p_tenant::text, true);
  return query
    with me as (
      select m.role from members m where m.user_id = p_user and m.tenant_id = p_tenant
    ), live as (
      select exists (select 1 from refresh_token_families f
                      where f.id = p_session and f.user_id = p_user and f.revoked_at is null) as ok
    )
    select (select me.role from me),
           (select live.ok from live),
           (select coalesce(json_agg(json_build_object(
                     'id', l.id,
                     'status', l.status,
                     'assigneeUserId', l.assignee_user_id,
                     'source', l.source,
                     'receivedAt', to_char(l.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                     'firstResponseAt', to_char(l.first_response_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                   ) order by l.received_at desc, l.id), '[]')::text
              from (select l.* from leads_meta l, me, live
                     where live.ok
                       and (me.role = any (p_read_all_roles) or l.assignee_user_id is null or l.assignee_user_id = p_user)
                     order by l.received_at desc, l.id
                     limit p_limit) l);
end
$$;

revoke all on function lead_list_page(uuid, uuid, uuid, integer, text[]) from public;
grant execute on function lead_list_page(uuid, uuid, uuid, integer, text[]) to leadpulse_api;

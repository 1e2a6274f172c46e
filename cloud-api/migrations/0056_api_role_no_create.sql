-- 0056: lead_list_page (0051, SECURITY INVOKER plpgsql) resolves names through a pinned
-- search_path, pg_temp excluded (an unqualified name can then never hit a temporary object
-- created in the caller's session), and the API role may create nothing: no TEMP on this
-- database (granted to PUBLIC by default), no CREATE in public (0002). The catalog guard
-- test checks both (src/testing/catalog-guard.ts).
alter function lead_list_page(uuid, uuid, uuid, integer, text[]) set search_path = pg_catalog, public;

do $$
begin
  execute format('revoke temporary on database %I from public', current_database());
  execute format('revoke temporary on database %I from leadpulse_api', current_database());
end
$$;

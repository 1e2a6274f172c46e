-- 0057: the API role keeps to its own database and to tables under row-level security.
--
-- Large objects (pg_largeobject) have no tenant_id, no RLS and no cascade: one created by
-- the API role would outlive its dealership's deletion. The functions that create them
-- (lo_creat, lo_create, lo_from_bytea; the server-side lo_import is not PUBLIC by default)
-- are executable by PUBLIC: revoke them from PUBLIC and the API role. LeadPulse uses no
-- large object, so nothing is granted back. A large object the API role owns is handed to
-- the owner running this migration (kept for an operator to look at, out of the API's
-- reach), and grants on large objects to PUBLIC or the API role are revoked.
-- lo_compat_privileges (superuser-only, off by default) must stay off: on, it switches
-- every large object's privilege check off. Nothing here can change it; the checks below
-- refuse it.
--
-- Other databases: CONNECT and TEMP are granted to PUBLIC on every database by default, so
-- the API role could connect to postgres, template1 or any other database of the cluster
-- and create temporary objects there. Database privileges live in the shared pg_database
-- catalog, so this one migration can revoke them everywhere:
-- - TEMP on this database is already revoked (0056); TEMP is revoked on every other one.
-- - CONNECT is revoked from PUBLIC and the API role on every other database except other
--   LeadPulse databases of the same server (several share one test server, and the role
--   is cluster-wide): those are recognised from the shared catalog pg_shdepend, which
--   records every grant or policy naming leadpulse_api in any database. Nothing is
--   written to mark them, and a LeadPulse database migrated before this one is
--   recognised too, so it is never locked out.
-- - Every other login role (not superuser, not the database's owner) that could connect
--   or create temporary objects through PUBLIC is granted exactly that, explicitly, first:
--   on a shared server another application keeps the access it had; only roles created
--   later no longer get it from PUBLIC.
-- - This database grants CONNECT to the API role explicitly, so a revoke of PUBLIC's
--   CONNECT here (by an operator, or a sibling created before it was migrated) cannot
--   lock the API out.
-- A database created later gets PUBLIC's defaults again: cloud-api/README.md (Roles) has
-- the statements to run for it.
--
-- Without the rights (a managed server whose owner is no superuser) Postgres skips a
-- REVOKE with a warning; every step is checked afterwards and warns with the statement a
-- superuser has to run instead of failing. The startup check (src/db/api-role.ts) refuses
-- to serve while the API role can create, owns or may use a large object; the catalog
-- guard test checks all of it (src/testing/catalog-guard.ts).
do $$
declare
  api constant oid := 'leadpulse_api'::regrole;
  fn regprocedure;
  lo oid;
  db record;
  other record;
begin
  for fn in
    select p.oid::regprocedure from pg_proc p
    where p.pronamespace = 'pg_catalog'::regnamespace
      and p.proname in ('lo_creat', 'lo_create', 'lo_from_bytea', 'lo_import')
  loop
    begin
      execute format('revoke execute on function %s from public, leadpulse_api', fn);
    exception when insufficient_privilege then
      null; -- reported just below
    end;
    if has_function_privilege(api, fn, 'execute') then
      raise warning 'leadpulse_api may still execute %: a superuser must run REVOKE EXECUTE ON FUNCTION % FROM PUBLIC, leadpulse_api', fn, fn;
    end if;
  end loop;

  for lo in
    select m.oid from pg_largeobject_metadata m
    where m.lomowner = api
       or exists (select 1 from aclexplode(m.lomacl) a where a.grantee in (0, api))
  loop
    begin
      if (select lomowner from pg_largeobject_metadata where oid = lo) = api then
        execute format('alter large object %s owner to %I', lo, current_user);
        raise warning 'large object % was owned by leadpulse_api; it now belongs to %', lo, current_user;
      end if;
      execute format('revoke all on large object %s from public, leadpulse_api', lo);
    exception when insufficient_privilege then
      raise warning 'could not take large object % away from leadpulse_api: a superuser must run ALTER LARGE OBJECT % OWNER TO %', lo, lo, current_user;
    end;
  end loop;

  execute format('grant connect on database %I to leadpulse_api', current_database());

  for db in
    select * from (
      select d.oid, d.datname, d.datdba,
             exists (select 1 from pg_shdepend s
                     where s.dbid = d.oid and s.refclassid = 'pg_authid'::regclass and s.refobjid = api) as leadpulse
      from pg_database d
      where d.datallowconn and d.datname <> current_database()
    ) d
    where has_database_privilege(api, d.oid, 'temporary')
       or (not d.leadpulse and has_database_privilege(api, d.oid, 'connect'))
    order by d.datname
  loop
    begin
      for other in
        select r.oid, r.rolname,
               has_database_privilege(r.oid, db.oid, 'temporary') as temp,
               has_database_privilege(r.oid, db.oid, 'connect') as connect
        from pg_roles r
        where r.rolcanlogin and not r.rolsuper and r.oid not in (api, db.datdba)
      loop
        if other.temp then
          execute format('grant temporary on database %I to %I', db.datname, other.rolname);
        end if;
        if other.connect and not db.leadpulse then
          execute format('grant connect on database %I to %I', db.datname, other.rolname);
        end if;
      end loop;
      if db.leadpulse then
        execute format('revoke temporary on database %I from public, leadpulse_api', db.datname);
      else
        execute format('revoke connect, temporary on database %I from public, leadpulse_api', db.datname);
      end if;
    exception when insufficient_privilege then
      null; -- reported just below
    end;
    if has_database_privilege(api, db.oid, 'temporary')
       or (not db.leadpulse and has_database_privilege(api, db.oid, 'connect')) then
      raise warning 'leadpulse_api may still connect to or create TEMP objects in database %: its owner or a superuser must run REVOKE % ON DATABASE % FROM PUBLIC, leadpulse_api',
        db.datname, case when db.leadpulse then 'TEMPORARY' else 'CONNECT, TEMPORARY' end, db.datname;
    end if;
  end loop;
end
$$;

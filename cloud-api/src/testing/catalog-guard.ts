import type pg from 'pg';
import { API_ROLE, largeObjectProblems } from '../db/api-role.js';

/**
 * The database-level promises, checked from the catalog (run as the owner). Returns one
 * line per problem; an empty list means:
 * - every table with a tenant_id column has ENABLE + FORCE row-level security, a FOR ALL
 *   policy whose USING and WITH CHECK both compare tenant_id with app.tenant_id, no other
 *   policy except reviewed read-only ones (ALLOWED_EXTRA_POLICIES), and a foreign key to
 *   dealerships ON DELETE CASCADE (so deleting a dealership deletes every row);
 * - every other table the API role can touch is classified global (GLOBAL_TABLES, or a
 *   table comment starting with "global:") - global tables must not hold dealership data;
 * - the API role is no superuser, cannot bypass RLS, owns nothing, inherits no role, has
 *   TRUNCATE nowhere (TRUNCATE ignores RLS), and audit_log is INSERT + SELECT only for it;
 * - no SECURITY DEFINER function and no view the API role can read that runs as its owner;
 * - the API role may CREATE in no schema and create no TEMP objects; every function pins its
 *   search_path (pg_temp last or absent);
 * - the API role may create no large object (they live outside RLS and outlive a
 *   dealership's deletion), owns none, may use none, and lo_compat_privileges is off;
 * - on other databases of the cluster it has no TEMP, and CONNECT only on other LeadPulse
 *   databases (migration 0057).
 */
export const GLOBAL_TABLES = new Set([
  'users',
  'user_identities',
  'refresh_token_families',
  'refresh_tokens',
  'deletion_receipts',
  'rate_limits',
]);

export const ALLOWED_EXTRA_POLICIES = new Set([
  'members.members_self_read',
  'invitations.invitations_invitee_read',
  'dealerships.dealerships_member_read',
]);

const TENANT_PREDICATE = "(tenant_id = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid)";

interface PolicyRow {
  table: string;
  policy: string;
  cmd: string;
  permissive: boolean;
  qual: string | null;
  with_check: string | null;
  applies_to_api: boolean;
}

export async function catalogProblems(owner: pg.Pool | pg.PoolClient): Promise<string[]> {
  const problems: string[] = [];

  const tables = await owner.query<{
    table: string;
    has_tenant: boolean;
    rls: boolean;
    force: boolean;
    comment: string | null;
    api_can_touch: boolean;
  }>(`
    select c.relname as table,
           exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped) as has_tenant,
           c.relrowsecurity as rls, c.relforcerowsecurity as force,
           obj_description(c.oid, 'pg_class') as comment,
           (has_table_privilege('${API_ROLE}', c.oid, 'select') or has_table_privilege('${API_ROLE}', c.oid, 'insert')
            or has_table_privilege('${API_ROLE}', c.oid, 'update') or has_table_privilege('${API_ROLE}', c.oid, 'delete')) as api_can_touch
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and c.relkind in ('r', 'p')
    order by c.relname`);

  const policies = await owner.query<PolicyRow>(`
    select c.relname as table, p.polname as policy, p.polcmd::text as cmd, p.polpermissive as permissive,
           pg_get_expr(p.polqual, p.polrelid) as qual, pg_get_expr(p.polwithcheck, p.polrelid) as with_check,
           (0 = any (p.polroles) or (select oid from pg_roles where rolname = '${API_ROLE}') = any (p.polroles)) as applies_to_api
    from pg_policy p join pg_class c on c.oid = p.polrelid`);
  const byTable = new Map<string, PolicyRow[]>();
  for (const p of policies.rows) byTable.set(p.table, [...(byTable.get(p.table) ?? []), p]);

  const cascades = await owner.query<{ table: string }>(`
    select c.relname as table from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class r on r.oid = k.confrelid
    where k.contype = 'f' and r.relname = 'dealerships' and k.confdeltype = 'c'
      and (select array_agg(attname order by attname) from pg_attribute where attrelid = k.conrelid and attnum = any (k.conkey)) = array['tenant_id'::name]`);
  const cascading = new Set(cascades.rows.map((r) => r.table));

  for (const t of tables.rows) {
    if (t.has_tenant) {
      if (!t.rls) problems.push(`${t.table}: row-level security not enabled`);
      if (!t.force) problems.push(`${t.table}: row-level security not forced`);
      const own = byTable.get(t.table) ?? [];
      const tenantPolicy = own.find(
        (p) =>
          p.cmd === '*' &&
          p.permissive &&
          p.applies_to_api &&
          p.qual === TENANT_PREDICATE &&
          p.with_check === TENANT_PREDICATE,
      );
      if (!tenantPolicy) {
        problems.push(`${t.table}: no FOR ALL policy with USING and WITH CHECK ${TENANT_PREDICATE}`);
      }
      for (const p of own) {
        if (p === tenantPolicy) continue;
        const key = `${t.table}.${p.policy}`;
        if (!p.permissive) continue; // restrictive policies only narrow access
        if (p.cmd !== 'r' || !ALLOWED_EXTRA_POLICIES.has(key)) {
          problems.push(`${t.table}: unreviewed policy ${p.policy} (cmd ${p.cmd})`);
        }
      }
      if (t.table !== 'dealerships' && !cascading.has(t.table)) {
        problems.push(`${t.table}: tenant_id lacks a foreign key to dealerships ON DELETE CASCADE`);
      }
    } else if (t.api_can_touch && !GLOBAL_TABLES.has(t.table) && !t.comment?.startsWith('global:')) {
      problems.push(`${t.table}: the API role can use it, it has no tenant_id and it is not classified global`);
    }
  }

  const role = await owner.query<{ rolsuper: boolean; rolbypassrls: boolean; owned: number; inherits: number; rolcreaterole: boolean }>(`
    select r.rolsuper, r.rolbypassrls, r.rolcreaterole,
      (select count(*)::int from pg_class c where c.relowner = r.oid)
      + (select count(*)::int from pg_proc p where p.proowner = r.oid)
      + (select count(*)::int from pg_namespace n where n.nspowner = r.oid) as owned,
      (select count(*)::int from pg_auth_members m where m.member = r.oid) as inherits
    from pg_roles r where r.rolname = '${API_ROLE}'`);
  const facts = role.rows[0];
  if (!facts) problems.push(`role ${API_ROLE} does not exist`);
  else {
    if (facts.rolsuper) problems.push(`${API_ROLE} is superuser`);
    if (facts.rolbypassrls) problems.push(`${API_ROLE} has BYPASSRLS`);
    if (facts.rolcreaterole) problems.push(`${API_ROLE} has CREATEROLE`);
    if (facts.owned > 0) problems.push(`${API_ROLE} owns ${facts.owned} object(s)`);
    if (facts.inherits > 0) problems.push(`${API_ROLE} is a member of ${facts.inherits} other role(s)`);
  }

  const truncatable = await owner.query<{ table: string }>(`
    select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and has_table_privilege('${API_ROLE}', c.oid, 'truncate')`);
  for (const t of truncatable.rows) problems.push(`${t.table}: ${API_ROLE} may TRUNCATE (bypasses RLS)`);

  const audit = await owner.query<{ update: boolean; delete: boolean; insert: boolean; select: boolean }>(`
    select has_table_privilege('${API_ROLE}', 'audit_log', 'update') as update,
           has_table_privilege('${API_ROLE}', 'audit_log', 'delete') as delete,
           has_table_privilege('${API_ROLE}', 'audit_log', 'insert') as insert,
           has_table_privilege('${API_ROLE}', 'audit_log', 'select') as select
    where to_regclass('audit_log') is not null`);
  const a = audit.rows[0];
  if (a && (a.update || a.delete || !a.insert || !a.select)) {
    problems.push(`audit_log: ${API_ROLE} must have INSERT and SELECT only`);
  }

  // The API role creates nothing: no CREATE in any schema, no temporary objects (a temp
  // table or function can shadow an unqualified name in a function's search_path).
  const creatable = await owner.query<{ schema: string }>(`
    select nspname as schema from pg_namespace
    where nspname not like 'pg\\_%' and nspname <> 'information_schema'
      and has_schema_privilege('${API_ROLE}', oid, 'create')
    order by nspname`);
  for (const s of creatable.rows) problems.push(`${API_ROLE} may CREATE in schema ${s.schema}`);
  const temp = await owner.query<{ temp: boolean }>(
    `select has_database_privilege('${API_ROLE}', current_database(), 'temporary') as temp`,
  );
  if (temp.rows[0]?.temp) problems.push(`${API_ROLE} may create TEMP objects`);

  problems.push(...(await largeObjectProblems(owner, API_ROLE, true)));

  // Other databases of the cluster (0057): no TEMP anywhere, CONNECT only to LeadPulse
  // databases, i.e. those in which some object grants to or names the API role (the
  // shared catalog pg_shdepend records it for every database).
  const databases = await owner.query<{ name: string; connect: boolean; temp: boolean; leadpulse: boolean }>(`
    select d.datname as name,
           has_database_privilege('${API_ROLE}', d.oid, 'connect') as connect,
           has_database_privilege('${API_ROLE}', d.oid, 'temporary') as temp,
           exists (select 1 from pg_shdepend s where s.dbid = d.oid and s.refclassid = 'pg_authid'::regclass
                   and s.refobjid = '${API_ROLE}'::regrole) as leadpulse
    from pg_database d
    where d.datallowconn and d.datname <> current_database()
    order by d.datname`);
  for (const d of databases.rows) {
    if (d.connect && !d.leadpulse) problems.push(`${API_ROLE} may CONNECT to database ${d.name}, which is no LeadPulse database`);
    if (d.temp) problems.push(`${API_ROLE} may create TEMP objects in database ${d.name}`);
  }

  // Functions outside the catalogs pin their search_path (pg_temp, if at all, last).
  const unpinned = await owner.query<{ name: string }>(`
    select n.nspname || '.' || p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
      and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c
                      where c like 'search\\_path=%' and c not like 'search\\_path=pg\\_temp%'
                        and c not like 'search\\_path=%pg\\_temp,%')`);
  for (const f of unpinned.rows) problems.push(`function ${f.name} has no pinned search_path (pg_temp last or absent)`);

  const definers = await owner.query<{ name: string }>(`
    select n.nspname || '.' || p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')`);
  for (const f of definers.rows) problems.push(`SECURITY DEFINER function ${f.name}`);

  const views = await owner.query<{ name: string }>(`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('v', 'm') and n.nspname not in ('pg_catalog', 'information_schema')
      and has_table_privilege('${API_ROLE}', c.oid, 'select')
      and (c.relkind = 'm' or not coalesce('security_invoker=true' = any (c.reloptions), false))`);
  for (const v of views.rows) problems.push(`view ${v.name} runs as its owner and the API role can read it`);

  return problems;
}

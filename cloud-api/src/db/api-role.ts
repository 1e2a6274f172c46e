import { createHmac } from 'node:crypto';
import type pg from 'pg';

/** The role every request runs as (created NOLOGIN by migration 0002). */
export const API_ROLE = 'leadpulse_api';

/**
 * Development and embedded mode: the API role's password is derived from the owner's
 * connection string (HMAC), so every instance that can migrate computes the same one and
 * nothing new has to be stored. Whoever holds the owner credentials is already all-powerful
 * over this database, so the derivation grants nothing extra.
 */
export function deriveApiPassword(ownerConnectionString: string): string {
  // Roles are cluster-wide: the database name is left out, so every database of one
  // server derives the same password and setting it never locks out another pool.
  const url = new URL(ownerConnectionString);
  const secret = `${url.username}:${url.password}@${url.hostname}:${url.port}`;
  return createHmac('sha256', secret).update(API_ROLE).digest('base64url');
}

/** The owner's URL with the API role's credentials instead. */
export function apiConnectionString(ownerConnectionString: string, password: string): string {
  const url = new URL(ownerConnectionString);
  url.username = API_ROLE;
  url.password = password;
  return url.toString();
}

/**
 * Gives the API role LOGIN and the derived password (idempotent). Run as the owner after
 * migrations; the owner needs CREATEROLE (the embedded superuser has it).
 */
export async function enableApiLogin(owner: pg.Pool, ownerConnectionString: string): Promise<string> {
  const password = deriveApiPassword(ownerConnectionString);
  const client = await owner.connect();
  try {
    // ALTER ROLE takes no bind parameters; escapeLiteral quotes the value safely.
    await client.query(
      `alter role ${API_ROLE} with login password ${client.escapeLiteral(password)}`,
    );
  } finally {
    client.release();
  }
  return apiConnectionString(ownerConnectionString, password);
}

export class UnsafeApiRoleError extends Error {
  override readonly name = 'UnsafeApiRoleError';
}

interface RoleFacts {
  current_user: string;
  rolsuper: boolean;
  rolbypassrls: boolean;
  owned: number;
}

/** The functions that create a large object (server-side lo_import included). */
const LARGE_OBJECT_CREATORS = ['lo_creat', 'lo_create', 'lo_from_bytea', 'lo_import'];

/**
 * Large objects live outside row-level security (pg_largeobject has no tenant_id, no
 * policy, no cascade), so one the API role made would outlive its dealership's deletion
 * (migration 0057). One line per problem: `role` may execute a function that creates one,
 * owns one, may read or write one through a grant to it or to PUBLIC, or
 * lo_compat_privileges is on in this session (it switches every large object's privilege
 * check off). `alsoStoredSettings` (owner only: the catalog is not readable by everyone)
 * also finds it set for the role or this database by ALTER ROLE / ALTER DATABASE ... SET.
 */
export async function largeObjectProblems(
  db: Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>,
  role: string,
  alsoStoredSettings = false,
): Promise<string[]> {
  const { rows } = await db.query<{ creators: string[]; owned: number; usable: number; compat: boolean }>(
    `select array(select p.oid::regprocedure::text from pg_proc p
                  where p.pronamespace = 'pg_catalog'::regnamespace and p.proname = any ($2::text[])
                    and has_function_privilege($1::text::regrole::oid, p.oid, 'execute')
                  order by 1) as creators,
            (select count(*)::int from pg_largeobject_metadata m where m.lomowner = $1::text::regrole) as owned,
            (select count(*)::int from pg_largeobject_metadata m
             where m.lomowner <> $1::text::regrole
               and exists (select 1 from aclexplode(m.lomacl) a where a.grantee in (0, $1::text::regrole))) as usable,
            current_setting('lo_compat_privileges')::boolean as compat`,
    [role, LARGE_OBJECT_CREATORS],
  );
  let compat = rows[0]?.compat ?? false;
  if (alsoStoredSettings && !compat) {
    const stored = await db.query(
      `select 1 from pg_db_role_setting s, unnest(s.setconfig) c
       where s.setrole in (0, $1::text::regrole) and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
         and c ~* '^lo_compat_privileges=(on|t|tr|tru|true|y|ye|yes|1)$'`,
      [role],
    );
    compat = (stored.rowCount ?? 0) > 0;
  }
  const facts = rows[0];
  const problems: string[] = [];
  for (const fn of facts?.creators ?? []) problems.push(`${role} may create large objects (${fn})`);
  if (facts && facts.owned > 0) problems.push(`${role} owns ${facts.owned} large object(s)`);
  if (facts && facts.usable > 0) {
    problems.push(`${role} may read or write ${facts.usable} large object(s) granted to it or to PUBLIC`);
  }
  if (compat) problems.push('lo_compat_privileges is on: every role may read and write every large object');
  return problems;
}

/**
 * Refuses to serve through a connection that could sidestep row-level security: it must
 * log in as leadpulse_api, which must not be superuser, must not bypass RLS, must own no
 * relation, and must not be able to create, own or use a large object (nor may
 * lo_compat_privileges be on). Checked at every start, also against a production
 * API_DATABASE_URL. (Access to other databases of the cluster is revoked by migration
 * 0057 and checked by the catalog guard test, not here: a database someone creates later
 * on a shared server must not stop the API.)
 */
export async function assertApiRoleSafe(api: pg.Pool): Promise<void> {
  const { rows } = await api.query<RoleFacts>(`
    select current_user::text as current_user, r.rolsuper, r.rolbypassrls,
           (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
    from pg_roles r where r.rolname = current_user`);
  const facts = rows[0];
  const problems: string[] = [];
  if (!facts) problems.push('cannot read its own role');
  else {
    if (facts.current_user !== API_ROLE) problems.push(`logs in as ${facts.current_user}, not ${API_ROLE}`);
    if (facts.rolsuper) problems.push('is a superuser');
    if (facts.rolbypassrls) problems.push('has BYPASSRLS');
    if (facts.owned > 0) problems.push(`owns ${facts.owned} relation(s)`);
  }
  const largeObjects = await largeObjectProblems(api, API_ROLE);
  if (problems.length > 0) {
    throw new UnsafeApiRoleError(
      `refusing to serve: the API database connection ${problems.join(', ')}. ` +
        `Connect API_DATABASE_URL as ${API_ROLE} (see cloud-api/README.md, Roles).`,
    );
  }
  if (largeObjects.length > 0) {
    throw new UnsafeApiRoleError(
      `refusing to serve: ${largeObjects.join('; ')}. Large objects are outside row-level ` +
        'security; a superuser must revoke this (see cloud-api/README.md, Roles).',
    );
  }
}

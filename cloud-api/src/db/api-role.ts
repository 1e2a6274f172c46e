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

/**
 * Refuses to serve through a connection that could sidestep row-level security: it must
 * log in as leadpulse_api, which must not be superuser, must not bypass RLS and must own
 * no relation. Checked at every start, also against a production API_DATABASE_URL.
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
  if (problems.length > 0) {
    throw new UnsafeApiRoleError(
      `refusing to serve: the API database connection ${problems.join(', ')}. ` +
        `Connect API_DATABASE_URL as ${API_ROLE} (see cloud-api/README.md, Roles).`,
    );
  }
}

import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { Role } from '@leadpulse/cloud-contract';
import { recordAudit } from '../audit/record-audit.js';
import { authenticate, type Principal } from '../auth/authenticate.js';
import { isUuid } from '../db/sql-literals.js';
import { withTenantTx, withTenantTxOpening } from '../db/tenant-tx.js';
import { clientLabel } from '../http/client-label.js';
import { forbidden, unauthorized } from '../http/errors.js';
import { membershipCheckSql, type MembershipCheckRow } from '../repositories/members.js';
import type { ApiServices } from '../services.js';
import { can, type Permission } from './permissions.js';

export interface TenantContext {
  client: pg.PoolClient;
  tenantId: string;
  userId: string;
  role: Role;
  /** For audit rows. */
  clientLabel: string | null;
}

/** The membership check's row: memberCheckSql's, and the first two columns of a one-call read. */
export type MemberCheckRow = MembershipCheckRow;

/**
 * Membership, role and session, read in the same transaction as the data the request
 * touches. One SELECT (membershipCheckSql, repositories/members.ts), sent in the same round trip as `begin` + set_config (simple protocol,
 * so the ids are inlined: each must pass the strict uuid check of uuidLiteral; they come
 * from a verified access token, and a malformed one is refused as 401 before any SQL).
 *
 * Writes also take a FOR SHARE lock on the membership row: a removal (DELETE of that row)
 * then waits for the member's in-flight writes and every later one finds no row, so no
 * write of a removed member can land after the removal commits. Reads skip the lock (it
 * would turn every read into a row write); a read that began before the removal may still
 * finish with what was visible when it began.
 */
export function memberCheckSql(principal: Principal, lockForWrite: boolean): string {
  if (!isUuid(principal.userId) || !isUuid(principal.sessionId)) throw unauthorized();
  return membershipCheckSql(principal.userId, principal.sessionId, lockForWrite);
}

/**
 * What every dealership request does with its membership row: 401 when the session is
 * revoked, 403 when not a member, then the dealership's rate limit (counted only once
 * membership is known, so an outsider with a valid token cannot use up another dealership's
 * requests), then the permission: lacking it, `recordDenial` writes the audit row and the
 * answer is null (the caller answers 403 once that row is committed).
 */
async function admit(
  services: ApiServices,
  row: MemberCheckRow | undefined,
  tenantId: string,
  permission: Permission,
  recordDenial: (role: Role) => Promise<void>,
): Promise<Role | null> {
  if (!row?.session_live) throw unauthorized();
  const { role } = row;
  if (role === null) throw forbidden();
  await services.rateLimiter.consume({ tenantId });
  if (can(role, permission)) return role;
  await recordDenial(role);
  return null;
}

function denial(tenantId: string, principal: Principal, action: string, label: string | null, role: Role, permission: Permission) {
  return { tenantId, actorUserId: principal.userId, action, client: label, outcome: 'denied' as const, details: { role, permission } };
}

class Denied extends Error {}

/**
 * The one way a request touches a dealership's data: authenticate, then in ONE
 * withTenantTx transaction check membership + role + live session and run fn. A removed
 * member or a revoked session fails here on the very next request, whatever the access
 * token's expiry. A member lacking the permission gets 403 and an audit row 'denied'.
 */
export async function inTenant<T>(
  services: ApiServices,
  request: FastifyRequest,
  tenantId: string,
  permission: Permission,
  action: string,
  fn: (ctx: TenantContext) => Promise<T>,
): Promise<T> {
  const principal = await authenticate(request, services);
  const label = clientLabel(request);
  const check = memberCheckSql(principal, request.method !== 'GET');
  const result = await withTenantTxOpening<MemberCheckRow, T | Denied>(services.pool, tenantId, check, async (client, rows) => {
    const role = await admit(services, rows[0], tenantId, permission, (denied) =>
      recordAudit(client, denial(tenantId, principal, action, label, denied, permission)),
    );
    // Thrown after the commit below: the denial is recorded, nothing else happened.
    if (role === null) return new Denied();
    return fn({ client, tenantId, userId: principal.userId, role, clientLabel: label });
  });
  if (result instanceof Denied) throw forbidden();
  return result;
}

/**
 * inTenant for the hot reads desktops poll, in ONE database round trip instead of three:
 * `query` calls a SECURITY INVOKER function (e.g. lead_list_page, migration 0051) that sets
 * the dealership with set_config(..., true) in the call's own transaction, reads the caller's
 * role and session, and reads the data joined to that membership, returning one row
 * (role, session_live, ...data). Same answers as inTenant: 401 revoked session, 403 not a
 * member or (audited) lacking the permission, 429 over the dealership's limit.
 */
export async function inTenantRead<R extends MemberCheckRow, T>(
  services: ApiServices,
  request: FastifyRequest,
  tenantId: string,
  permission: Permission,
  action: string,
  query: (principal: Principal) => pg.QueryConfig,
  map: (row: R) => T,
): Promise<T> {
  const principal = await authenticate(request, services);
  if (!isUuid(principal.userId) || !isUuid(principal.sessionId)) throw unauthorized();
  const { rows } = await services.pool.query<R>(query(principal));
  const row = rows[0];
  if (!row) throw new Error(`${action}: the read returned no row`);
  const role = await admit(services, row, tenantId, permission, (denied) =>
    withTenantTx(services.pool, tenantId, (client) =>
      recordAudit(client, denial(tenantId, principal, action, clientLabel(request), denied, permission)),
    ),
  );
  if (role === null) throw forbidden();
  return map(row);
}

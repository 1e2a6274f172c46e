import type { Role } from '@leadpulse/cloud-contract';
import { isUuid, uuidLiteral } from '../db/sql-literals.js';
import type { TxClient } from './client.js';

/**
 * The `members` table (one row per person per dealership, with the role), joined to `users`
 * for the email where an answer shows it. Unless a function says otherwise it runs inside a
 * dealership transaction (withTenantTx / inTenant): row-level security keeps it to that
 * dealership's rows, so no tenant id is passed.
 */

export interface MemberRow {
  userId: string;
  email: string;
  role: Role;
  /** When the person joined the dealership. */
  createdAt: Date;
}

/** A person's membership as seen from their side (person-scoped reads). */
export interface MembershipRow {
  tenantId: string;
  role: Role;
}

/** The membership check's row: membershipCheckSql's, and the first two columns of a one-call read. */
export interface MembershipCheckRow {
  role: Role | null;
  session_live: boolean;
}

const MEMBER_COLUMNS = 'm.user_id as "userId", u.email, m.role, m.created_at as "createdAt"';

/**
 * The membership + role + live-session check of a dealership request, as one SELECT that
 * withTenantTxOpening sends in the same round trip as `begin` + set_config (simple protocol,
 * so the ids are inlined as checked uuid literals; a non-uuid id throws before any SQL).
 * lockForWrite takes the membership row FOR SHARE (see inTenant).
 */
export function membershipCheckSql(userId: string, sessionId: string, lockForWrite: boolean): string {
  if (!isUuid(userId) || !isUuid(sessionId)) throw new TypeError('user and session ids must be uuids');
  const user = uuidLiteral(userId);
  const session = uuidLiteral(sessionId);
  return `select (select m.role from members m
                   where m.user_id = ${user}
                     and m.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
                   ${lockForWrite ? 'for share' : ''}) as role,
                exists (select 1 from refresh_token_families f
                         where f.id = ${session} and f.user_id = ${user} and f.revoked_at is null) as session_live`;
}

/** The team, oldest member first. */
export async function listMembers(client: TxClient): Promise<MemberRow[]> {
  const { rows } = await client.query<MemberRow>(
    `select ${MEMBER_COLUMNS}
     from members m join users u on u.id = m.user_id
     order by m.created_at, m.user_id`,
  );
  return rows;
}

/** That member's role, locking the row (FOR UPDATE) until the transaction ends; undefined: no such member. */
export async function lockMemberRole(client: TxClient, userId: string): Promise<Role | undefined> {
  const { rows } = await client.query<{ role: Role }>('select role from members where user_id = $1 for update', [
    userId,
  ]);
  return rows[0]?.role;
}

/** The admins' user ids, locking their rows (FOR UPDATE): two removals cannot both take the last admin. */
export async function lockAdminUserIds(client: TxClient): Promise<string[]> {
  const { rows } = await client.query<{ user_id: string }>(
    "select user_id from members where role = 'admin' for update",
  );
  return rows.map((r) => r.user_id);
}

/** Sets the role; the member as it is now, or undefined when there is no such member. */
export async function updateMemberRole(client: TxClient, userId: string, role: Role): Promise<MemberRow | undefined> {
  const { rows } = await client.query<MemberRow>(
    `update members m set role = $2 from users u
     where m.user_id = $1 and u.id = m.user_id
     returning ${MEMBER_COLUMNS}`,
    [userId, role],
  );
  return rows[0];
}

/** Removes the membership (waits for the member's in-flight writes, which hold the row FOR SHARE). */
export async function deleteMember(client: TxClient, userId: string): Promise<void> {
  await client.query('delete from members where user_id = $1', [userId]);
}

/** Whether that person is a member of the transaction's dealership. */
export async function isMember(client: TxClient, userId: string): Promise<boolean> {
  const { rowCount } = await client.query('select 1 from members where user_id = $1', [userId]);
  return rowCount !== 0;
}

/** Whether a member of the transaction's dealership has that email. */
export async function isMemberEmail(client: TxClient, email: string): Promise<boolean> {
  const { rowCount } = await client.query(
    'select 1 from members m join users u on u.id = m.user_id where u.email = $1',
    [email],
  );
  return rowCount !== 0;
}

export interface NewMember {
  tenantId: string;
  userId: string;
  role: Role;
}

/** Adds a member; a person already a member of that dealership is an error (unique violation). */
export async function insertMember(client: TxClient, member: NewMember): Promise<void> {
  await client.query('insert into members (tenant_id, user_id, role) values ($1, $2, $3)', [
    member.tenantId,
    member.userId,
    member.role,
  ]);
}

/** Adds a member unless that person is one already (then the existing row, role included, stays). */
export async function insertMemberIfAbsent(client: TxClient, member: NewMember): Promise<void> {
  await client.query(
    `insert into members (tenant_id, user_id, role) values ($1, $2, $3)
     on conflict (tenant_id, user_id) do nothing`,
    [member.tenantId, member.userId, member.role],
  );
}

/** What occupies a seat: members plus pending invitations, in one statement. */
export async function countSeatHolders(client: TxClient): Promise<number> {
  const result = await client.query<{ n: number }>(
    `select (select count(*) from members)::int
          + (select count(*) from invitations where accepted_at is null)::int as n`,
  );
  return result.rows[0]?.n ?? 0;
}

/**
 * A person's memberships across dealerships, oldest first. Person-scoped: inside withUserTx
 * or after scopeToUser (policy members_self_read), never a dealership transaction.
 */
export async function readMemberships(client: TxClient, userId: string): Promise<MembershipRow[]> {
  const { rows } = await client.query<MembershipRow>(
    'select tenant_id as "tenantId", role from members where user_id = $1 order by created_at, tenant_id',
    [userId],
  );
  return rows;
}

/** readMemberships with each dealership's name (policy dealerships_member_read). Person-scoped. */
export async function readMembershipsWithNames(
  client: TxClient,
  userId: string,
): Promise<Array<MembershipRow & { dealershipName: string }>> {
  const { rows } = await client.query<MembershipRow & { dealershipName: string }>(
    `select m.tenant_id as "tenantId", m.role, d.name as "dealershipName"
     from members m join dealerships d on d.tenant_id = m.tenant_id
     where m.user_id = $1 order by m.created_at, m.tenant_id`,
    [userId],
  );
  return rows;
}

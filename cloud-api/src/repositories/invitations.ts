import type { Role } from '@leadpulse/cloud-contract';
import type { TxClient } from './client.js';

/**
 * The `invitations` table: an email invited to a dealership with a role, pending until that
 * email signs in (accepted_at set). Unless a function says otherwise it runs inside a
 * dealership transaction (withTenantTx / inTenant): row-level security keeps it to that
 * dealership's invitations.
 */

export interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
}

/** A pending invitation as the invitee sees it at sign-in (any dealership). */
export interface InviteeInvitationRow {
  tenantId: string;
  id: string;
  role: Role;
}

export interface NewInvitation {
  tenantId: string;
  id: string;
  email: string;
  role: Role;
  invitedBy: string;
}

export interface UpsertedInvitation {
  id: string;
  createdAt: Date;
  /** true: this statement inserted the row; false: it updated that email's pending invitation. */
  inserted: boolean;
}

/** The dealership's pending invitations, oldest first. */
export async function listPendingInvitations(client: TxClient): Promise<InvitationRow[]> {
  const { rows } = await client.query<InvitationRow>(
    'select id, email, role, created_at as "createdAt" from invitations where accepted_at is null order by created_at',
  );
  return rows;
}

/** That email's pending invitation, locked (FOR UPDATE) until the transaction ends; undefined: none. */
export async function lockPendingInvitation(
  client: TxClient,
  email: string,
): Promise<{ id: string; role: Role } | undefined> {
  const { rows } = await client.query<{ id: string; role: Role }>(
    'select id, role from invitations where email = $1 and accepted_at is null for update',
    [email],
  );
  return rows[0];
}

/**
 * Inserts the invitation, or, when that email already has a pending one in the dealership
 * (also one a concurrent request inserted first), gives that one this role and inviter.
 */
export async function upsertPendingInvitation(client: TxClient, invitation: NewInvitation): Promise<UpsertedInvitation> {
  // xmax = 0: this statement inserted the row.
  const { rows } = await client.query<UpsertedInvitation>(
    `insert into invitations (tenant_id, id, email, role, invited_by) values ($1, $2, $3, $4, $5)
     on conflict (tenant_id, email) where accepted_at is null
     do update set role = excluded.role, invited_by = excluded.invited_by
     returning id, created_at as "createdAt", (xmax = 0) as inserted`,
    [invitation.tenantId, invitation.id, invitation.email, invitation.role, invitation.invitedBy],
  );
  const row = rows[0];
  if (!row) throw new Error('invitation upsert returned nothing');
  return row;
}

/** Deletes a pending invitation; its role, or undefined when there is none (revoked, accepted, another dealership's). */
export async function deletePendingInvitation(client: TxClient, id: string): Promise<Role | undefined> {
  const { rows } = await client.query<{ role: Role }>(
    'delete from invitations where id = $1 and accepted_at is null returning role',
    [id],
  );
  return rows[0]?.role;
}

/**
 * Pending invitations addressed to this verified email, across dealerships. Inside
 * withInviteeTx only (policy invitations_invitee_read, read-only).
 */
export async function listPendingForInvitee(client: TxClient, email: string): Promise<InviteeInvitationRow[]> {
  const { rows } = await client.query<InviteeInvitationRow>(
    'select tenant_id as "tenantId", id, role from invitations where accepted_at is null and email = $1',
    [email],
  );
  return rows;
}

/** Marks a pending invitation accepted by that person; false when it no longer is pending. */
export async function markInvitationAccepted(client: TxClient, id: string, userId: string): Promise<boolean> {
  const { rowCount } = await client.query(
    `update invitations set accepted_at = now(), accepted_by = $2
     where id = $1 and accepted_at is null`,
    [id, userId],
  );
  return rowCount !== 0;
}

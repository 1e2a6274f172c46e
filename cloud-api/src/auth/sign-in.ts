import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Membership } from '@leadpulse/cloud-contract';
import { recordAudit } from '../audit/record-audit.js';
import { withTenantTx } from '../db/tenant-tx.js';
import { withGlobalTx, withInviteeTx, withUserTx } from '../db/tx.js';
import type { TxClient } from '../repositories/client.js';
import { listPendingForInvitee, markInvitationAccepted } from '../repositories/invitations.js';
import { insertMemberIfAbsent, readMemberships as readMembershipRows } from '../repositories/members.js';
import { findUserIdByEmail, findUserIdByIdentity, insertUserIfNewEmail, linkIdentity } from '../repositories/users.js';
import type { VerifiedIdentity } from './oidc-verifier.js';
import { startFamily, type IssuedRefreshToken } from './refresh-tokens.js';

export interface SignInResult {
  userId: string;
  email: string;
  refresh: IssuedRefreshToken;
  memberships: Membership[];
}

/**
 * After the ID token is verified: find or create the user, start a session family,
 * accept pending invitations for the verified email (one dealership transaction each),
 * and record the sign-in in the audit log of every dealership the person belongs to.
 */
export async function signIn(
  pool: pg.Pool,
  identity: VerifiedIdentity,
  refreshTtlDays: number,
  clientLabel: string | null,
): Promise<SignInResult> {
  const { userId, refresh } = await withGlobalTx(pool, async (client) => {
    const id = await findOrCreateUser(client, identity);
    return { userId: id, refresh: await startFamily(client, id, refreshTtlDays) };
  });

  const pending = await withInviteeTx(pool, identity.email, (client) => listPendingForInvitee(client, identity.email));
  for (const invitation of pending) {
    await withTenantTx(pool, invitation.tenantId, async (client) => {
      if (!(await markInvitationAccepted(client, invitation.id, userId))) return;
      await insertMemberIfAbsent(client, { tenantId: invitation.tenantId, userId, role: invitation.role });
      await recordAudit(client, {
        tenantId: invitation.tenantId,
        actorUserId: userId,
        action: 'member.invitation_accepted',
        target: userId,
        client: clientLabel,
        outcome: 'success',
        details: { role: invitation.role, invitationId: invitation.id },
      });
    });
  }

  const memberships = await listMemberships(pool, userId);
  for (const membership of memberships) {
    await withTenantTx(pool, membership.dealershipId, (client) =>
      recordAudit(client, {
        tenantId: membership.dealershipId,
        actorUserId: userId,
        action: 'auth.sign_in',
        target: userId,
        client: clientLabel,
        outcome: 'success',
        details: { provider: identity.provider, sessionId: refresh.familyId },
      }),
    );
  }
  return { userId, email: identity.email, refresh, memberships };
}

async function findOrCreateUser(client: TxClient, identity: VerifiedIdentity): Promise<string> {
  const knownId = await findUserIdByIdentity(client, identity.issuer, identity.subject);
  if (knownId) return knownId;
  // Same verified email through another provider: the same person.
  await insertUserIfNewEmail(client, randomUUID(), identity.email);
  const userId = await findUserIdByEmail(client, identity.email);
  if (!userId) throw new Error('user row missing after insert');
  await linkIdentity(client, identity.issuer, identity.subject, userId);
  return userId;
}

/** A person's memberships across dealerships (user-scoped read, no tenant context). */
export async function listMemberships(pool: pg.Pool, userId: string): Promise<Membership[]> {
  return withUserTx(pool, userId, (client) => readMemberships(client, userId));
}

/** listMemberships inside a transaction already scoped to that person (withUserTx, scopeToUser). */
export async function readMemberships(client: TxClient, userId: string): Promise<Membership[]> {
  const rows = await readMembershipRows(client, userId);
  return rows.map((r) => ({ dealershipId: r.tenantId, role: r.role }));
}

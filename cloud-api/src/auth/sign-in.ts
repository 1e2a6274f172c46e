import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Membership, Role } from '@leadpulse/cloud-contract';
import { recordAudit } from '../audit/record-audit.js';
import { withTenantTx } from '../db/tenant-tx.js';
import { withGlobalTx, withInviteeTx, withUserTx } from '../db/tx.js';
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

  const pending = await withInviteeTx(pool, identity.email, async (client) => {
    const { rows } = await client.query<{ tenant_id: string; id: string; role: Role }>(
      'select tenant_id, id, role from invitations where accepted_at is null and email = $1',
      [identity.email],
    );
    return rows;
  });
  for (const invitation of pending) {
    await withTenantTx(pool, invitation.tenant_id, async (client) => {
      const accepted = await client.query(
        `update invitations set accepted_at = now(), accepted_by = $2
         where id = $1 and accepted_at is null`,
        [invitation.id, userId],
      );
      if (accepted.rowCount === 0) return;
      await client.query(
        `insert into members (tenant_id, user_id, role) values ($1, $2, $3)
         on conflict (tenant_id, user_id) do nothing`,
        [invitation.tenant_id, userId, invitation.role],
      );
      await recordAudit(client, {
        tenantId: invitation.tenant_id,
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

async function findOrCreateUser(client: pg.PoolClient, identity: VerifiedIdentity): Promise<string> {
  const known = await client.query<{ user_id: string }>(
    'select user_id from user_identities where issuer = $1 and subject = $2',
    [identity.issuer, identity.subject],
  );
  const knownId = known.rows[0]?.user_id;
  if (knownId) return knownId;
  // Same verified email through another provider: the same person.
  await client.query(
    'insert into users (id, email) values ($1, $2) on conflict (email) do nothing',
    [randomUUID(), identity.email],
  );
  const user = await client.query<{ id: string }>('select id from users where email = $1', [
    identity.email,
  ]);
  const userId = user.rows[0]?.id;
  if (!userId) throw new Error('user row missing after insert');
  await client.query(
    `insert into user_identities (issuer, subject, user_id) values ($1, $2, $3)
     on conflict (issuer, subject) do nothing`,
    [identity.issuer, identity.subject, userId],
  );
  return userId;
}

/** A person's memberships across dealerships (user-scoped read, no tenant context). */
export async function listMemberships(pool: pg.Pool, userId: string): Promise<Membership[]> {
  return withUserTx(pool, userId, (client) => readMemberships(client, userId));
}

/** listMemberships inside a transaction already scoped to that person (withUserTx, scopeToUser). */
export async function readMemberships(client: pg.PoolClient, userId: string): Promise<Membership[]> {
  const { rows } = await client.query<{ tenant_id: string; role: Role }>(
    'select tenant_id, role from members where user_id = $1 order by created_at, tenant_id',
    [userId],
  );
  return rows.map((r) => ({ dealershipId: r.tenant_id, role: r.role }));
}

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';

/**
 * Rotating refresh tokens. A token is 32 random bytes (base64url); only its SHA-256 is
 * stored. Each sign-in starts a family; each refresh marks the presented token used and
 * issues the next one in the same family. Presenting a used token again means it was
 * copied: the whole family is revoked (the legitimate holder signs in again).
 */

const TOKEN_BYTES = 32;

export interface IssuedRefreshToken {
  familyId: string;
  token: string;
  expiresAt: Date;
}

export type RotationResult =
  | { ok: true; userId: string; next: IssuedRefreshToken }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused'; familyId?: string; userId?: string };

export function hashRefreshToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

async function insertToken(
  client: pg.PoolClient,
  familyId: string,
  ttlDays: number,
): Promise<IssuedRefreshToken> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const { rows } = await client.query<{ expires_at: Date }>(
    `insert into refresh_tokens (token_hash, family_id, expires_at)
     values ($1, $2, now() + make_interval(days => $3)) returning expires_at`,
    [hashRefreshToken(token), familyId, ttlDays],
  );
  const expiresAt = rows[0]?.expires_at;
  if (!expiresAt) throw new Error('refresh token insert returned nothing');
  return { familyId, token, expiresAt };
}

export async function startFamily(
  client: pg.PoolClient,
  userId: string,
  ttlDays: number,
): Promise<IssuedRefreshToken> {
  const familyId = randomUUID();
  await client.query('insert into refresh_token_families (id, user_id) values ($1, $2)', [
    familyId,
    userId,
  ]);
  return insertToken(client, familyId, ttlDays);
}

interface TokenRow {
  family_id: string;
  user_id: string;
  used_at: Date | null;
  expired: boolean;
  revoked_at: Date | null;
}

/** Call inside a transaction and commit even when ok is false: reuse revokes the family. */
export async function rotateRefreshToken(
  client: pg.PoolClient,
  presented: string,
  ttlDays: number,
): Promise<RotationResult> {
  // FOR UPDATE on both rows: two concurrent refreshes of one token serialize, and the
  // second sees the token used (and revokes the family, as for any replay).
  const { rows } = await client.query<TokenRow>(
    `select t.family_id, f.user_id, t.used_at, t.expires_at <= now() as expired, f.revoked_at
     from refresh_tokens t join refresh_token_families f on f.id = t.family_id
     where t.token_hash = $1
     for update`,
    [hashRefreshToken(presented)],
  );
  const row = rows[0];
  if (!row) return { ok: false, reason: 'unknown' };
  const known = { familyId: row.family_id, userId: row.user_id };
  if (row.revoked_at) return { ok: false, reason: 'revoked', ...known };
  if (row.used_at) {
    await revokeFamily(client, row.family_id, 'reuse_detected');
    return { ok: false, reason: 'reused', ...known };
  }
  if (row.expired) return { ok: false, reason: 'expired', ...known };
  await client.query('update refresh_tokens set used_at = now() where token_hash = $1', [
    hashRefreshToken(presented),
  ]);
  const next = await insertToken(client, row.family_id, ttlDays);
  return { ok: true, userId: row.user_id, next };
}

export async function revokeFamily(
  client: pg.PoolClient,
  familyId: string,
  reason: 'logout' | 'reuse_detected',
): Promise<void> {
  await client.query(
    `update refresh_token_families set revoked_at = now(), revoked_reason = $2
     where id = $1 and revoked_at is null`,
    [familyId, reason],
  );
}

/** Logout: revokes the family of the presented token; unknown tokens are ignored. */
export async function revokeByToken(client: pg.PoolClient, presented: string): Promise<string | undefined> {
  const { rows } = await client.query<{ family_id: string }>(
    'select family_id from refresh_tokens where token_hash = $1',
    [hashRefreshToken(presented)],
  );
  const familyId = rows[0]?.family_id;
  if (familyId) await revokeFamily(client, familyId, 'logout');
  return familyId;
}

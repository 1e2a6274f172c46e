import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';

/**
 * Rotating refresh tokens. A token is 32 random bytes (base64url); only its SHA-256 is
 * stored. Each sign-in starts a family; each refresh marks the presented token used and
 * issues the next one (its successor, `replaced_by`) in the same family. Presenting a used
 * token again means it was copied: the whole family is revoked (the legitimate holder signs
 * in again).
 *
 * Reuse grace, for a reply that never arrived: the server committed the rotation but the
 * desktop lost the answer (network drop) or crashed before saving the new token, so its next
 * refresh presents the old one. When that token was rotated less than `reuseGraceSeconds`
 * ago AND its successor has never been used, the request is a retry: the unused successor is
 * superseded (it stops working; presenting it later counts as reuse) and a fresh successor is
 * issued in the same family. Outside the grace, or once the successor has been used (two
 * parties hold the chain), the family is revoked as before. This is the "reuse interval"
 * (a.k.a. rotation overlap/leeway) of Auth0 and others: RFC 9700 (OAuth 2.0 Security BCP)
 * §4.14.2 has the server revoke the family when an invalidated token comes back, since it
 * cannot tell the attacker from the client; a short window in which only the previous
 * token, with a still-unused successor, is accepted keeps that for every other case (Auth0:
 * "only the previous token can be reused"), and superseding the successor means only one
 * chain ever stays live.
 */

const TOKEN_BYTES = 32;

export interface IssuedRefreshToken {
  familyId: string;
  token: string;
  expiresAt: Date;
}

export interface RotationOptions {
  ttlDays: number;
  /** A token rotated less than this long ago, whose successor is unused, may be retried; 0: never. */
  reuseGraceSeconds: number;
}

export type RotationResult =
  | {
      ok: true;
      userId: string;
      next: IssuedRefreshToken;
      /** Set when this was a retry within the reuse grace (its unused successor was superseded). */
      retry?: { secondsSinceRotation: number };
    }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused'; familyId?: string; userId?: string };

export function hashRefreshToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

async function insertToken(
  client: pg.PoolClient,
  familyId: string,
  ttlDays: number,
): Promise<IssuedRefreshToken & { hash: Buffer }> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const hash = hashRefreshToken(token);
  const { rows } = await client.query<{ expires_at: Date }>(
    `insert into refresh_tokens (token_hash, family_id, expires_at)
     values ($1, $2, now() + make_interval(days => $3)) returning expires_at`,
    [hash, familyId, ttlDays],
  );
  const expiresAt = rows[0]?.expires_at;
  if (!expiresAt) throw new Error('refresh token insert returned nothing');
  return { familyId, token, expiresAt, hash };
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
  const { token, expiresAt } = await insertToken(client, familyId, ttlDays);
  return { familyId, token, expiresAt };
}

interface TokenRow {
  family_id: string;
  user_id: string;
  used_at: Date | null;
  superseded_at: Date | null;
  replaced_by: Buffer | null;
  expired: boolean;
  revoked_at: Date | null;
  within_grace: boolean;
  seconds_since_use: number | null;
}

/** Call inside a transaction and commit even when ok is false: reuse revokes the family. */
export async function rotateRefreshToken(
  client: pg.PoolClient,
  presented: string,
  options: RotationOptions,
): Promise<RotationResult> {
  const presentedHash = hashRefreshToken(presented);
  // FOR UPDATE on both rows (the token and its family): every rotation, retry and reuse
  // check of one family serializes on the family row, so two concurrent refreshes (or
  // retries) of one token run one after the other and the second sees what the first did.
  const { rows } = await client.query<TokenRow>(
    `select t.family_id, f.user_id, t.used_at, t.superseded_at, t.replaced_by,
            t.expires_at <= now() as expired, f.revoked_at,
            coalesce(t.used_at > now() - make_interval(secs => $2), false) as within_grace,
            extract(epoch from now() - t.used_at)::float8 as seconds_since_use
     from refresh_tokens t join refresh_token_families f on f.id = t.family_id
     where t.token_hash = $1
     for update`,
    [presentedHash, options.reuseGraceSeconds],
  );
  const row = rows[0];
  if (!row) return { ok: false, reason: 'unknown' };
  const known = { familyId: row.family_id, userId: row.user_id };
  if (row.revoked_at) return { ok: false, reason: 'revoked', ...known };
  // Expired is refused before the lost-reply grace: a retry never extends an expired token
  // (it would otherwise get a fresh full-TTL successor). Within the grace it is a likely
  // retry, not a copy, so the family is not revoked; outside it reuse still revokes below.
  if (row.expired && row.used_at && row.within_grace) return { ok: false, reason: 'expired', ...known };
  if (!row.expired && row.used_at && row.superseded_at === null && row.within_grace && row.replaced_by) {
    const next = await retryRotation(client, row.replaced_by, presentedHash, row.family_id, options.ttlDays);
    if (next) {
      return { ok: true, userId: row.user_id, next, retry: { secondsSinceRotation: Math.round(row.seconds_since_use ?? 0) } };
    }
  }
  // Used (outside the grace, or its successor was used too), or superseded (a retry of its
  // predecessor replaced it before it was ever used: whoever presents it now is not the
  // party that retried): reuse.
  if (row.used_at || row.superseded_at) {
    await revokeFamily(client, row.family_id, 'reuse_detected');
    return { ok: false, reason: 'reused', ...known };
  }
  if (row.expired) return { ok: false, reason: 'expired', ...known };
  const { hash, ...next } = await insertToken(client, row.family_id, options.ttlDays);
  await client.query('update refresh_tokens set used_at = now(), replaced_by = $2 where token_hash = $1', [
    presentedHash,
    hash,
  ]);
  return { ok: true, userId: row.user_id, next };
}

/**
 * The presented token was rotated within the grace: if its successor was never used (nor
 * already superseded), supersede it and issue a fresh successor. The presented token keeps
 * its first used_at, so the grace counts from the original rotation however often it is
 * retried. Undefined when the successor was used: the caller revokes the family.
 */
async function retryRotation(
  client: pg.PoolClient,
  successorHash: Buffer,
  presentedHash: Buffer,
  familyId: string,
  ttlDays: number,
): Promise<IssuedRefreshToken | undefined> {
  const successor = await client.query<{ used_at: Date | null; superseded_at: Date | null }>(
    'select used_at, superseded_at from refresh_tokens where token_hash = $1 for update',
    [successorHash],
  );
  const current = successor.rows[0];
  if (!current || current.used_at !== null || current.superseded_at !== null) return undefined;
  await client.query('update refresh_tokens set superseded_at = now() where token_hash = $1', [successorHash]);
  const { hash, ...next } = await insertToken(client, familyId, ttlDays);
  await client.query('update refresh_tokens set replaced_by = $2 where token_hash = $1', [presentedHash, hash]);
  return next;
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

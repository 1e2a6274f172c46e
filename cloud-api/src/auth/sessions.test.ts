import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionResponse } from '@leadpulse/cloud-contract';
import { withGlobalTx, withUserTx } from '../db/tx.js';
import { startTestStack, TOKEN_AUDIENCE, TOKEN_ISSUER, type TestStack } from '../testing/test-stack.js';
import { AccessTokenService } from './access-tokens.js';
import { hashRefreshToken } from './refresh-tokens.js';

let stack: TestStack;
let dealershipId: string;

beforeAll(async () => {
  stack = await startTestStack();
  const admin = await stack.signIn('owner@sessions.test');
  const res = await stack.request(admin.accessToken, {
    method: 'POST',
    url: '/v1/dealerships',
    payload: { name: 'Sessions Motors' },
  });
  dealershipId = res.json<{ id: string }>().id;
});

afterAll(async () => {
  await stack?.close();
});

const me = (token: string) => stack.request(token, { method: 'GET', url: '/v1/me' });
const leads = (token: string) =>
  stack.request(token, { method: 'GET', url: `/v1/dealerships/${dealershipId}/leads` });
const refresh = (refreshToken: string) =>
  stack.request(undefined, { method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });

describe('sign-in with an OIDC ID token', () => {
  it('issues a short-lived EdDSA access token with kid and a refresh token', async () => {
    const session = await stack.signIn('rep@sessions.test');
    expect(session.tokenType).toBe('Bearer');
    const [header] = session.accessToken.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toMatchObject({
      alg: 'EdDSA',
      kid: stack.keys.signing.kid,
    });
    const ttl = Date.parse(session.accessTokenExpiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await me(session.accessToken)).statusCode).toBe(200);
    // Only the hash of the refresh token is stored.
    const stored = await stack.owner.query('select 1 from refresh_tokens where token_hash::text like $1', [
      `%${session.refreshToken}%`,
    ]);
    expect(stored.rowCount).toBe(0);
  });

  it.each([
    ['expired', { expiresIn: -120 }],
    ['wrong audience', { aud: 'someone-elses-app' }],
    ['untrusted issuer', { iss: 'https://evil.example' }],
    ['unverified email', { emailVerified: false }],
  ])('rejects an ID token: %s', async (_name, claims) => {
    const idToken = await stack.idp.mintIdToken({ email: 'x@sessions.test', ...claims });
    const res = await stack.request(undefined, { method: 'POST', url: '/v1/auth/oidc', payload: { idToken } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'unauthorized', message: 'sign in again' });
  });

  it('rejects an ID token signed by a key not in the JWKS (same kid)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const idToken = await stack.idp.mintIdToken({ email: 'x@sessions.test' }, { key: privateKey });
    const res = await stack.request(undefined, { method: 'POST', url: '/v1/auth/oidc', payload: { idToken } });
    expect(res.statusCode).toBe(401);
  });
});

describe('access tokens', () => {
  let session: SessionResponse;
  beforeAll(async () => {
    session = await stack.signIn('owner@sessions.test');
  });

  it('rejects a missing, malformed or unsigned token', async () => {
    expect((await stack.request(undefined, { method: 'GET', url: '/v1/me' })).statusCode).toBe(401);
    expect((await me('not-a-jwt-at-all-but-long-enough')).statusCode).toBe(401);
    const [h, p] = session.accessToken.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${p}.`;
    expect((await me(none)).statusCode).toBe(401);
    expect((await me(`${h}.${p}.AAAA`)).statusCode).toBe(401);
  });

  it('rejects an expired token', async () => {
    const past = new AccessTokenService({
      keys: stack.keys,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ttlSeconds: 60,
      now: () => Date.now() - 3_600_000,
    });
    const expired = await past.issue({ userId: session.user.id, sessionId: await familyOf(session) });
    expect((await me(expired.token)).statusCode).toBe(401);
    expect((await leads(expired.token)).statusCode).toBe(401);
  });

  it('refuses a token signed with the real key whose lifetime exceeds the configured TTL (600 s), or lacks iat or exp', async () => {
    const sid = await familyOf(session);
    const now = Math.floor(Date.now() / 1000);
    const year = 365 * 24 * 3600;
    const signed = (claims: { iat?: number; exp?: number }) => {
      const jwt = new SignJWT({ sid })
        .setProtectedHeader({ alg: stack.keys.signing.alg, kid: stack.keys.signing.kid, typ: 'at+jwt' })
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setSubject(session.user.id);
      if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
      if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
      return jwt.sign(stack.keys.signing.key);
    };
    // The same claims with the configured lifetime are accepted...
    const normal = await signed({ iat: now, exp: now + 600 });
    expect((await me(normal)).statusCode).toBe(200);
    expect((await leads(normal)).statusCode).toBe(200);
    // ...ten years, an hour too long, an iat far in the future (600 s "lifetime" starting
    // in ten years), or a missing iat or exp are not.
    for (const claims of [
      { iat: now, exp: now + 10 * year },
      { iat: now, exp: now + 600 + 3600 },
      { iat: now + 10 * year - 600, exp: now + 10 * year },
      { exp: now + 600 },
      { iat: now },
    ]) {
      const token = await signed(claims);
      expect((await me(token)).statusCode, JSON.stringify(claims)).toBe(401);
      expect((await leads(token)).statusCode, JSON.stringify(claims)).toBe(401);
    }
  });

  it('rejects a wrongly signed token (right kid, other key)', async () => {
    const { privateKey } = await generateKeyPair('EdDSA');
    const forged = await new SignJWT({ sid: await familyOf(session) })
      .setProtectedHeader({ alg: 'EdDSA', kid: stack.keys.signing.kid, typ: 'at+jwt' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(session.user.id)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await me(forged)).statusCode).toBe(401);
    expect((await leads(forged)).statusCode).toBe(401);
  });

  it('rejects a token for another audience or issuer (right key)', async () => {
    for (const [issuer, audience] of [
      [TOKEN_ISSUER, 'billing-dashboard'],
      ['someone-else', TOKEN_AUDIENCE],
    ] as const) {
      const other = new AccessTokenService({ keys: stack.keys, issuer, audience, ttlSeconds: 60 });
      const token = (await other.issue({ userId: session.user.id, sessionId: await familyOf(session) })).token;
      expect((await me(token)).statusCode).toBe(401);
      expect((await leads(token)).statusCode).toBe(401);
    }
  });

  it('accepts tokens from a rotated-out key while it is still listed for verification', async () => {
    const { loadAccessTokenKeys, generateAccessTokenKeyPair } = await import('./signing-keys.js');
    const next = await generateAccessTokenKeyPair();
    const rotated = await loadAccessTokenKeys(
      { ...next.privateJwk, kty: 'OKP', kid: next.privateJwk.kid ?? '', d: next.privateJwk.d ?? '' },
      stack.keys.verify.map((k) => ({ ...k, kty: k.kty ?? 'OKP', kid: k.kid ?? '' })),
    );
    // The stack's TTL (600 s): a token living longer than the verifier's TTL is refused.
    const service = new AccessTokenService({ keys: rotated, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, ttlSeconds: 600 });
    // A token signed by the old key verifies under the new key set...
    await expect(service.verify(session.accessToken)).resolves.toMatchObject({ userId: session.user.id });
    // ...and the new signing key carries its own kid.
    const fresh = await service.issue({ userId: session.user.id, sessionId: 'x' });
    expect(JSON.parse(Buffer.from(fresh.token.split('.')[0] ?? '', 'base64url').toString()).kid).toBe(next.privateJwk.kid);
  });
});

/** Moves a token's rotation this many seconds into the past (the grace counts from it). */
async function ageRotation(refreshToken: string, seconds: number): Promise<void> {
  const res = await stack.owner.query(
    'update refresh_tokens set used_at = used_at - make_interval(secs => $2) where token_hash = $1 and used_at is not null',
    [hashRefreshToken(refreshToken), seconds],
  );
  expect(res.rowCount).toBe(1);
}

async function familyRevokedReason(session: SessionResponse): Promise<string | null | undefined> {
  const family = await stack.owner.query<{ revoked_reason: string | null }>(
    'select revoked_reason from refresh_token_families where id = $1',
    [await familyOf(session)],
  );
  return family.rows[0]?.revoked_reason;
}

async function familyOf(session: SessionResponse): Promise<string> {
  const payload = JSON.parse(Buffer.from(session.accessToken.split('.')[1] ?? '', 'base64url').toString()) as {
    sid: string;
  };
  return payload.sid;
}

describe('refresh tokens', () => {
  it('rotate: each refresh returns a new token and the old one stops working', async () => {
    const first = await stack.signIn('owner@sessions.test');
    const second = await refresh(first.refreshToken);
    expect(second.statusCode).toBe(200);
    const next = second.json<SessionResponse>();
    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect(next.memberships).toEqual([{ dealershipId, role: 'admin' }]);
    expect((await leads(next.accessToken)).statusCode).toBe(200);
  });

  it('a replayed refresh token is rejected and revokes the whole family, access tokens included', async () => {
    const first = await stack.signIn('owner@sessions.test');
    const rotated = (await refresh(first.refreshToken)).json<SessionResponse>();
    expect((await leads(rotated.accessToken)).statusCode).toBe(200);
    await ageRotation(first.refreshToken, 61); // past the 60 s reuse grace

    const replay = await refresh(first.refreshToken);
    expect(replay.statusCode).toBe(401);

    // The legitimate latest token of that family is dead too...
    expect((await refresh(rotated.refreshToken)).statusCode).toBe(401);
    // ...and so are the family's unexpired access tokens, on every route.
    expect((await leads(rotated.accessToken)).statusCode).toBe(401);
    expect((await me(rotated.accessToken)).statusCode).toBe(401);
    const family = await stack.owner.query<{ revoked_reason: string }>(
      'select revoked_reason from refresh_token_families where id = $1',
      [await familyOf(rotated)],
    );
    expect(family.rows[0]?.revoked_reason).toBe('reuse_detected');

    // Other sessions of the same person are untouched.
    const other = await stack.signIn('owner@sessions.test');
    expect((await leads(other.accessToken)).statusCode).toBe(200);

    // The reuse is in the dealership's audit trail.
    const audit = await stack.owner.query("select 1 from audit_log where action = 'auth.refresh_token_reused'");
    expect(audit.rowCount).toBeGreaterThan(0);
  });

  it('rejects unknown and expired refresh tokens', async () => {
    expect((await refresh('A'.repeat(43))).statusCode).toBe(401);
    const session = await stack.signIn('owner@sessions.test');
    await stack.owner.query("update refresh_tokens set expires_at = now() - interval '1 second' where family_id = $1", [
      await familyOf(session),
    ]);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
  });

  it('logout revokes the family: refresh and access tokens stop working', async () => {
    const session = await stack.signIn('owner@sessions.test');
    const out = await stack.request(undefined, {
      method: 'POST',
      url: '/v1/auth/logout',
      payload: { refreshToken: session.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
    expect((await leads(session.accessToken)).statusCode).toBe(401);
  });
});

describe('refresh-token reuse grace (a retry after a lost reply)', () => {
  /** Signs in and refreshes once; the reply with `lost` never reached the desktop. */
  async function rotatedOnce(email: string): Promise<{ first: SessionResponse; lost: SessionResponse }> {
    const first = await stack.signIn(email);
    const res = await refresh(first.refreshToken);
    expect(res.statusCode).toBe(200);
    return { first, lost: res.json<SessionResponse>() };
  }

  /** Tokens of `family` that still work: unused, not superseded, family not revoked. */
  async function liveTokens(family: string): Promise<Buffer[]> {
    const { rows } = await stack.owner.query<{ token_hash: Buffer }>(
      `select t.token_hash from refresh_tokens t join refresh_token_families f on f.id = t.family_id
       where t.family_id = $1 and t.used_at is null and t.superseded_at is null and f.revoked_at is null`,
      [family],
    );
    return rows.map((r) => r.token_hash);
  }

  it('within the grace, presenting the rotated token again issues a fresh successor; the lost one stops working', async () => {
    const { first, lost } = await rotatedOnce('owner@sessions.test');
    const retry = await refresh(first.refreshToken);
    expect(retry.statusCode).toBe(200);
    const retried = retry.json<SessionResponse>();
    expect(retried.refreshToken).not.toBe(lost.refreshToken);
    expect(retried.memberships).toEqual([{ dealershipId, role: 'admin' }]);
    const family = await familyOf(first);
    expect(await familyOf(retried)).toBe(family);
    expect(await familyRevokedReason(first)).toBeNull();
    expect(await liveTokens(family)).toEqual([hashRefreshToken(retried.refreshToken)]);

    // The grace use is in the dealership's audit trail, metadata only.
    const audit = await stack.owner.query<{ tenant_id: string; target: string; outcome: string; details: unknown }>(
      "select tenant_id, target, outcome, details from audit_log where action = 'auth.refresh_token_retried' and details->>'sessionId' = $1",
      [family],
    );
    expect(audit.rows).toEqual([
      {
        tenant_id: dealershipId,
        target: first.user.id,
        outcome: 'success',
        details: {
          sessionId: family,
          secondsSinceRotation: expect.any(Number),
          graceSeconds: 60,
          effect: 'unused successor superseded, new one issued',
        },
      },
    ]);

    // The session goes on from the retry's token...
    expect((await leads(retried.accessToken)).statusCode).toBe(200);
    const next = await refresh(retried.refreshToken);
    expect(next.statusCode).toBe(200);
    // ...the successor it replaced is dead, and presenting it counts as reuse.
    expect((await refresh(lost.refreshToken)).statusCode).toBe(401);
    expect(await familyRevokedReason(first)).toBe('reuse_detected');
    expect((await leads(next.json<SessionResponse>().accessToken)).statusCode).toBe(401);
  });

  it('an expired rotated token is refused even within the grace: no fresh successor', async () => {
    const { first, lost } = await rotatedOnce('expired-retry@sessions.test');
    await stack.owner.query(
      "update refresh_tokens set expires_at = now() - interval '1 second' where token_hash = $1",
      [hashRefreshToken(first.refreshToken)],
    );
    expect((await refresh(first.refreshToken)).statusCode).toBe(401);
    // Refused as expired, not as reuse: the family (and its unused successor) lives on.
    expect(await familyRevokedReason(first)).toBeNull();
    const family = await familyOf(first);
    expect(await liveTokens(family)).toEqual([hashRefreshToken(lost.refreshToken)]);
    expect((await refresh(lost.refreshToken)).statusCode).toBe(200);
  });

  it('after the grace, presenting the rotated token revokes the family', async () => {
    const { first, lost } = await rotatedOnce('late@sessions.test');
    await ageRotation(first.refreshToken, 61);
    expect((await refresh(first.refreshToken)).statusCode).toBe(401);
    expect(await familyRevokedReason(first)).toBe('reuse_detected');
    expect((await refresh(lost.refreshToken)).statusCode).toBe(401);
    expect((await me(lost.accessToken)).statusCode).toBe(401);
  });

  it('once the successor has been used, presenting the rotated token revokes the family, even within the grace', async () => {
    const { first, lost } = await rotatedOnce('used@sessions.test');
    const latest = (await refresh(lost.refreshToken)).json<SessionResponse>();
    expect((await refresh(first.refreshToken)).statusCode).toBe(401);
    expect(await familyRevokedReason(first)).toBe('reuse_detected');
    expect((await refresh(latest.refreshToken)).statusCode).toBe(401);
    expect((await me(latest.accessToken)).statusCode).toBe(401);
  });

  it('a retry is allowed again within the grace, which counts from the first rotation', async () => {
    const { first } = await rotatedOnce('twice@sessions.test');
    expect((await refresh(first.refreshToken)).statusCode).toBe(200);
    expect((await refresh(first.refreshToken)).statusCode).toBe(200);
    await ageRotation(first.refreshToken, 61);
    expect((await refresh(first.refreshToken)).statusCode).toBe(401);
    expect(await familyRevokedReason(first)).toBe('reuse_detected');
  });

  it.each([2, 5])('%i concurrent retries: exactly one of the tokens they return works', async (n) => {
    const { first, lost } = await rotatedOnce(`concurrent-${n}@sessions.test`);
    const results = await Promise.all(Array.from({ length: n }, () => refresh(first.refreshToken)));
    const issued = results.filter((r) => r.statusCode === 200).map((r) => r.json<SessionResponse>().refreshToken);
    expect(issued.length).toBeGreaterThanOrEqual(1);
    const live = await liveTokens(await familyOf(first));
    expect(live).toHaveLength(1);
    const winner = issued.find((t) => hashRefreshToken(t).equals(live[0] ?? Buffer.alloc(0)));
    expect(winner).toBeDefined();
    // The winner refreshes; every other issued token, and the lost one, is refused.
    expect((await refresh(winner ?? '')).statusCode).toBe(200);
    for (const loser of [lost.refreshToken, ...issued.filter((t) => t !== winner)]) {
      expect((await refresh(loser)).statusCode).toBe(401);
    }
  });

  it('concurrent refreshes of a fresh token: the first rotates, the rest are retries; one token stays live', async () => {
    const first = await stack.signIn('fresh-race@sessions.test');
    const results = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken), refresh(first.refreshToken)]);
    const issued = results.filter((r) => r.statusCode === 200).map((r) => r.json<SessionResponse>().refreshToken);
    expect(issued.length).toBeGreaterThanOrEqual(1);
    expect(await liveTokens(await familyOf(first))).toHaveLength(1);
    expect(await familyRevokedReason(first)).toBeNull();
  });

  it('with the grace set to 0, any reuse revokes the family at once', async () => {
    const strict = await startTestStack({ postgres: stack.postgres, refreshTokenReuseGraceSeconds: 0 });
    try {
      const first = await strict.signIn('strict@sessions.test');
      const call = (token: string) =>
        strict.request(undefined, { method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: token } });
      const lost = (await call(first.refreshToken)).json<SessionResponse>();
      expect((await call(first.refreshToken)).statusCode).toBe(401);
      expect((await call(lost.refreshToken)).statusCode).toBe(401);
    } finally {
      await strict.close();
    }
  });
});

describe('one transaction per request', () => {
  /** Connections the request checked out of the API pool (each one transaction here). */
  async function connectionsFor(run: () => Promise<{ statusCode: number }>): Promise<{ statusCode: number; connections: number }> {
    const connect = vi.spyOn(stack.services.pool, 'connect');
    try {
      const res = await run();
      return { statusCode: res.statusCode, connections: connect.mock.calls.length };
    } finally {
      connect.mockRestore();
    }
  }

  it('GET /v1/me and POST /v1/auth/refresh each run one transaction, with two dealerships', async () => {
    const session = await stack.signIn('two-stores@sessions.test');
    for (const name of ['Store One', 'Store Two']) {
      const res = await stack.request(session.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name } });
      expect(res.statusCode).toBe(201);
    }
    const who = await connectionsFor(() => me(session.accessToken));
    expect(who).toEqual({ statusCode: 200, connections: 1 });
    expect((await me(session.accessToken)).json<{ memberships: Array<{ dealershipName: string }> }>().memberships.map((m) => m.dealershipName))
      .toEqual(['Store One', 'Store Two']);

    let rotated: SessionResponse | undefined;
    const rotation = await connectionsFor(async () => {
      const res = await refresh(session.refreshToken);
      rotated = res.json<SessionResponse>();
      return res;
    });
    expect(rotation).toEqual({ statusCode: 200, connections: 1 });
    expect(rotated?.memberships).toHaveLength(2);

    // A replay: the revocation and the memberships the audit needs in one transaction,
    // then one transaction per dealership for its audit row.
    await ageRotation(session.refreshToken, 61);
    const replay = await connectionsFor(() => refresh(session.refreshToken));
    expect(replay).toEqual({ statusCode: 401, connections: 3 });
    const audit = await stack.owner.query(
      "select tenant_id from audit_log where action = 'auth.refresh_token_reused' and actor_user_id = $1",
      [session.user.id],
    );
    expect(audit.rowCount).toBe(2);
  });

  it('in a user-scoped transaction a person sees only the dealerships they are a member of', async () => {
    const session = await stack.signIn('scoped@sessions.test');
    await stack.request(session.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name: 'Scoped Store' } });
    const names = await withUserTx(stack.services.pool, session.user.id, async (client) =>
      (await client.query<{ name: string }>('select name from dealerships')).rows.map((r) => r.name),
    );
    expect(names).toEqual(['Scoped Store']);
    const none = await withGlobalTx(stack.services.pool, async (client) => (await client.query('select 1 from dealerships')).rowCount);
    expect(none).toBe(0);
  });
});

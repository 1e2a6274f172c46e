import { createLocalJWKSet, jwtVerify, SignJWT, type JWK } from 'jose';
import type { AccessTokenKeys } from './signing-keys.js';

export interface AccessTokenClaims {
  /** users.id */
  userId: string;
  /** refresh_token_families.id: revoking the family ends this token too. */
  sessionId: string;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
}

export class InvalidAccessTokenError extends Error {
  override readonly name = 'InvalidAccessTokenError';
}

export interface AccessTokenServiceOptions {
  keys: AccessTokenKeys;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** Tests move time; defaults to Date.now. */
  now?: () => number;
}

const ALLOWED_ALGS = ['EdDSA', 'ES256'];
/** Clock difference allowed between instances for iat (a token is never issued ahead). */
const CLOCK_SKEW_SECONDS = 30;
const VERIFIED_CACHE_MAX = 10_000;

/** Short-lived bearer tokens signed by the API itself (asymmetric, with kid). */
export class AccessTokenService {
  private readonly jwks: ReturnType<typeof createLocalJWKSet>;
  private readonly now: () => number;

  constructor(private readonly options: AccessTokenServiceOptions) {
    this.jwks = createLocalJWKSet({ keys: options.keys.verify });
    this.now = options.now ?? Date.now;
  }

  get publicKeys(): JWK[] {
    return this.options.keys.verify;
  }

  async issue(claims: AccessTokenClaims): Promise<IssuedAccessToken> {
    const { signing } = this.options.keys;
    const issuedAt = Math.floor(this.now() / 1000);
    const exp = issuedAt + this.options.ttlSeconds;
    const token = await new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: signing.alg, kid: signing.kid, typ: 'at+jwt' })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(claims.userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(exp)
      .sign(signing.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  // Verified tokens, until their expiry: a desktop polls with the same token for minutes,
  // and the signature check is the costliest CPU step of a request. Revocation does not
  // depend on this: the session and membership are re-checked in every transaction.
  private readonly verified = new Map<string, AccessTokenClaims & { exp: number }>();

  async verify(token: string): Promise<AccessTokenClaims> {
    const cached = this.verified.get(token);
    if (cached && cached.exp * 1000 > this.now()) return { userId: cached.userId, sessionId: cached.sessionId };
    if (cached) this.verified.delete(token);
    const claims = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_CACHE_MAX) this.verified.clear();
    this.verified.set(token, claims);
    return { userId: claims.userId, sessionId: claims.sessionId };
  }

  private async verifySignature(token: string): Promise<AccessTokenClaims & { exp: number }> {
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ALLOWED_ALGS,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat', 'sub', 'sid'],
        currentDate: new Date(this.now()),
      });
      const { sub, sid, exp, iat } = payload;
      if (typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number' || typeof iat !== 'number') {
        throw new Error('bad claims');
      }
      // No maximum age otherwise: a token signed with the real key for ten years (a leaked
      // key, a bug in an old instance) would be accepted for ten years. This service issues
      // exactly ttlSeconds; nothing longer, and nothing issued in the future, is accepted.
      if (exp - iat > this.options.ttlSeconds || iat > this.now() / 1000 + CLOCK_SKEW_SECONDS) {
        throw new Error('lifetime exceeds the configured TTL');
      }
      return { userId: sub, sessionId: sid, exp };
    } catch {
      // Why it failed (expired, bad signature, wrong audience) is not told to the caller.
      throw new InvalidAccessTokenError('invalid access token');
    }
  }
}

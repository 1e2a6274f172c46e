import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import type { OidcProviderConfig } from './oidc-providers.js';

export interface VerifiedIdentity {
  provider: string;
  issuer: string;
  subject: string;
  /** Lower-cased, verified by the provider. */
  email: string;
}

export class OidcVerificationError extends Error {
  override readonly name = 'OidcVerificationError';
  /** A short reason for logs (never the token or the email). */
  constructor(readonly reason: string) {
    super(`ID token rejected: ${reason}`);
  }
}

const ID_TOKEN_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256', 'EdDSA'];
const TENANT_PLACEHOLDER = '{tenantid}';
const TENANT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Provider {
  config: OidcProviderConfig;
  jwks: ReturnType<typeof createRemoteJWKSet>;
}

/**
 * Verifies ID tokens from the configured providers with jose: the signature against the
 * provider's JWKS (fetched and cached by jose, refetched when a new kid appears), iss, aud
 * (one of our client ids), exp/iat with 60 s clock tolerance, and the provider's
 * email-verified claim.
 */
export class OidcVerifier {
  private readonly providers: Provider[];

  constructor(providers: readonly OidcProviderConfig[]) {
    this.providers = providers.map((config) => ({
      config,
      jwks: createRemoteJWKSet(new URL(config.jwksUri), { timeoutDuration: 5_000 }),
    }));
  }

  async verify(idToken: string): Promise<VerifiedIdentity> {
    let unverified: ReturnType<typeof decodeJwt>;
    try {
      unverified = decodeJwt(idToken);
    } catch {
      throw new OidcVerificationError('malformed');
    }
    const match = this.findProvider(unverified.iss, unverified['tid']);
    if (!match) throw new OidcVerificationError('untrusted issuer');
    const { provider, issuer } = match;

    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      ({ payload } = await jwtVerify(idToken, provider.jwks, {
        issuer,
        audience: provider.config.clientIds,
        algorithms: ID_TOKEN_ALGS,
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: 60,
      }));
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      throw new OidcVerificationError(typeof code === 'string' ? code : 'verification failed');
    }
    const verifiedFlag = payload[provider.config.emailVerifiedClaim];
    if (verifiedFlag !== true && verifiedFlag !== 'true') {
      throw new OidcVerificationError('email not verified');
    }
    const email = payload['email'];
    if (typeof email !== 'string' || !email.includes('@') || email.length > 320) {
      throw new OidcVerificationError('no email');
    }
    if (typeof payload.sub !== 'string') throw new OidcVerificationError('no subject');
    return {
      provider: provider.config.name,
      issuer,
      subject: payload.sub,
      email: email.trim().toLowerCase(),
    };
  }

  private findProvider(
    iss: string | undefined,
    tid: unknown,
  ): { provider: Provider; issuer: string } | undefined {
    if (typeof iss !== 'string') return undefined;
    for (const provider of this.providers) {
      const pattern = provider.config.issuer;
      if (!pattern.includes(TENANT_PLACEHOLDER)) {
        if (pattern === iss) return { provider, issuer: iss };
        continue;
      }
      if (typeof tid !== 'string' || !TENANT_ID_PATTERN.test(tid)) continue;
      if (pattern.replace(TENANT_PLACEHOLDER, tid) === iss) return { provider, issuer: iss };
    }
    return undefined;
  }
}

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type pg from 'pg';
import { pino } from 'pino';
import type { SessionResponse } from '@leadpulse/cloud-contract';
import { buildApp } from '../app.js';
import { AccessTokenService } from '../auth/access-tokens.js';
import type { OidcProviderConfig } from '../auth/oidc-providers.js';
import { OidcVerifier } from '../auth/oidc-verifier.js';
import { loadAccessTokenKeys, type AccessTokenKeys } from '../auth/signing-keys.js';
import { enableApiLogin } from '../db/api-role.js';
import { runMigrations } from '../db/migrate.js';
import { createPool } from '../db/pool.js';
import { createRateLimiter, noRateLimit, type RateLimitOptions } from '../http/rate-limit.js';
import type { ApiServices } from '../services.js';
import { startTempPostgres, type TempPostgres } from './temp-postgres.js';

/**
 * Test support: a migrated database on a throwaway embedded Postgres, the API built on a
 * leadpulse_api pool, and a local OIDC issuer (JWKS over HTTP on 127.0.0.1) whose ID
 * tokens the API trusts. No network beyond loopback.
 */
export const TEST_ISSUER = 'https://idp.test.leadpulse.invalid';
export const TEST_CLIENT_ID = 'leadpulse-desktop-test';
export const TOKEN_ISSUER = 'leadpulse-cloud-api';
export const TOKEN_AUDIENCE = 'leadpulse-api';

export interface LocalIdp {
  jwksUri: string;
  provider: OidcProviderConfig;
  mintIdToken(claims: IdTokenClaims, options?: { key?: CryptoKey; kid?: string }): Promise<string>;
  close(): Promise<void>;
}

export interface IdTokenClaims {
  email: string;
  sub?: string;
  aud?: string;
  iss?: string;
  emailVerified?: boolean;
  /** Seconds from now; negative = already expired. */
  expiresIn?: number;
}

export async function startLocalIdp(): Promise<LocalIdp> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const jwksUri = `http://127.0.0.1:${port}/jwks`;
  return {
    jwksUri,
    provider: {
      name: 'testidp',
      issuer: TEST_ISSUER,
      jwksUri,
      clientIds: [TEST_CLIENT_ID],
      emailVerifiedClaim: 'email_verified',
    },
    async mintIdToken(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ email: claims.email, email_verified: claims.emailVerified ?? true })
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? kid })
        .setIssuer(claims.iss ?? TEST_ISSUER)
        .setAudience(claims.aud ?? TEST_CLIENT_ID)
        .setSubject(claims.sub ?? `sub-${claims.email}`)
        .setIssuedAt(now - 5)
        .setExpirationTime(now + (claims.expiresIn ?? 300))
        .sign(options.key ?? privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface TestStack {
  postgres: TempPostgres;
  idp: LocalIdp;
  ownerUrl: string;
  apiUrl: string;
  owner: pg.Pool;
  services: ApiServices;
  keys: AccessTokenKeys;
  app: FastifyInstance;
  /** Sign in through POST /v1/auth/oidc as this email. */
  signIn(email: string): Promise<SessionResponse>;
  request(token: string | undefined, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestStackOptions {
  rateLimits?: RateLimitOptions;
  apiPoolMax?: number;
  logger?: pino.Logger;
  /** Default 60, as configured by default. */
  refreshTokenReuseGraceSeconds?: number;
  /** Reuse a running Postgres (several stacks per file). */
  postgres?: TempPostgres;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const postgres = options.postgres ?? (await startTempPostgres());
  const ownerUrl = await postgres.createDatabase();
  const silent = pino({ level: 'silent' });
  const owner = createPool({ connectionString: ownerUrl, max: 3, logger: silent });
  await runMigrations(owner, { logger: silent });
  const apiUrl = await enableApiLogin(owner, ownerUrl);
  const pool = createPool({ connectionString: apiUrl, max: options.apiPoolMax ?? 10, logger: silent });
  const idp = await startLocalIdp();
  const keys = await loadAccessTokenKeys(undefined, []);
  const services: ApiServices = {
    pool,
    accessTokens: new AccessTokenService({
      keys,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ttlSeconds: 600,
    }),
    oidc: new OidcVerifier([idp.provider]),
    refreshTokenTtlDays: 30,
    refreshTokenReuseGraceSeconds: options.refreshTokenReuseGraceSeconds ?? 60,
    rateLimiter: options.rateLimits ? createRateLimiter(pool, options.rateLimits) : noRateLimit,
  };
  const app = buildApp({ db: pool, version: 'test', api: services, logger: options.logger ?? silent });
  await app.ready();

  const request = (token: string | undefined, opts: InjectOptions) =>
    app.inject({
      ...opts,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'x-leadpulse-client': 'vitest',
        ...opts.headers,
      },
    });

  return {
    postgres,
    idp,
    ownerUrl,
    apiUrl,
    owner,
    services,
    keys,
    app,
    request,
    async signIn(email) {
      const idToken = await idp.mintIdToken({ email });
      const res = await request(undefined, { method: 'POST', url: '/v1/auth/oidc', payload: { idToken } });
      if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
      return res.json<SessionResponse>();
    },
    async close() {
      await app.close();
      await services.rateLimiter.close?.();
      await pool.end();
      await owner.end();
      await idp.close();
      if (!options.postgres) await postgres.dispose();
    },
  };
}

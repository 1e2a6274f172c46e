import type pg from 'pg';
import type { AccessTokenService } from './auth/access-tokens.js';
import type { OidcVerifier } from './auth/oidc-verifier.js';
import type { RequestRateLimiter } from './http/rate-limit.js';

/** What the v1 routes need, built once by startCloudApi (or by a test). */
export interface ApiServices {
  /** Connected as leadpulse_api: every request's queries go through this pool. */
  pool: pg.Pool;
  accessTokens: AccessTokenService;
  oidc: OidcVerifier;
  refreshTokenTtlDays: number;
  /** See CloudApiConfig.refreshTokenReuseGraceSeconds. */
  refreshTokenReuseGraceSeconds: number;
  rateLimiter: RequestRateLimiter;
}

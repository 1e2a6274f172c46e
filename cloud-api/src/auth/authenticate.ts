import type { FastifyRequest } from 'fastify';
import type { ApiServices } from '../services.js';
import { unauthorized } from '../http/errors.js';
import type { AccessTokenClaims } from './access-tokens.js';

export type Principal = AccessTokenClaims;

const BEARER = /^Bearer ([A-Za-z0-9_.-]{20,4096})$/;

/**
 * Verifies the bearer access token (signature, kid, iss, aud, exp) and applies the
 * per-user and per-dealership rate limits. Whether the person is still a member, and
 * whether the session is still alive, is checked later inside the request's transaction.
 */
export async function authenticate(
  request: FastifyRequest,
  services: ApiServices,
  tenantId?: string,
): Promise<Principal> {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (!match?.[1]) throw unauthorized();
  let principal: Principal;
  try {
    principal = await services.accessTokens.verify(match[1]);
  } catch {
    throw unauthorized();
  }
  await services.rateLimiter.consume({ userId: principal.userId, tenantId });
  return principal;
}

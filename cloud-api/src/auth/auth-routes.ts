import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  bodyErrorResponses,
  errorResponses,
  type Membership,
  logoutRequestSchema,
  meResponseSchema,
  oidcSignInRequestSchema,
  refreshRequestSchema,
  sessionResponseSchema,
} from '@leadpulse/cloud-contract';
import { recordAudit } from '../audit/record-audit.js';
import { scopeToUser, withGlobalTx, withUserTx } from '../db/tx.js';
import { withTenantTx } from '../db/tenant-tx.js';
import { clientLabel } from '../http/client-label.js';
import { unauthorized } from '../http/errors.js';
import { readMembershipsWithNames } from '../repositories/members.js';
import { findUserEmail, readUserWithSession } from '../repositories/users.js';
import type { ApiServices } from '../services.js';
import { authenticate } from './authenticate.js';
import { OidcVerificationError } from './oidc-verifier.js';
import { revokeByToken, rotateRefreshToken } from './refresh-tokens.js';
import { sessionResponse } from './session-response.js';
import { readMemberships, signIn } from './sign-in.js';

// 403: a browser Origin (transport guards); 429: per-address (sign-in, refresh, logout)
// or per-user (bearer) rate limits; 413/415: the body (Fastify, before the handler).
const signInErrors = { ...errorResponses(400, 401, 403, 429), ...bodyErrorResponses };
const logoutErrors = { ...errorResponses(400, 403, 429), ...bodyErrorResponses };
const meErrors = errorResponses(401, 403, 429);

export function registerAuthRoutes(app: FastifyInstance, services: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/auth/oidc',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Sign in with a Google or Microsoft ID token',
        security: [],
        body: oidcSignInRequestSchema,
        response: { 200: sessionResponseSchema, ...signInErrors },
      },
    },
    async (request) => {
      await services.rateLimiter.consume({ address: request.ip });
      let identity;
      try {
        identity = await services.oidc.verify(request.body.idToken);
      } catch (err) {
        if (err instanceof OidcVerificationError) {
          request.log.info({ reason: err.reason }, 'sign-in rejected');
          throw unauthorized();
        }
        throw err;
      }
      const result = await signIn(
        services.pool,
        identity,
        services.refreshTokenTtlDays,
        clientLabel(request),
      );
      request.log.info({ userId: result.userId, provider: identity.provider }, 'signed in');
      return sessionResponse(
        services,
        { id: result.userId, email: result.email },
        result.refresh,
        result.memberships,
      );
    },
  );

  r.post(
    '/v1/auth/refresh',
    {
      schema: {
        tags: ['sessions'],
        summary:
          'Rotate the refresh token; a reused token revokes its whole session family, except a retry ' +
          'within the reuse grace (REFRESH_TOKEN_REUSE_GRACE_SECONDS) of a token whose successor was never used',
        security: [],
        body: refreshRequestSchema,
        response: { 200: sessionResponseSchema, ...signInErrors },
      },
    },
    async (request) => {
      await services.rateLimiter.consume({ address: request.ip });
      // One transaction: the rotation (or, for a replayed token, the family's revocation) and
      // the person's email and memberships. A refusal is returned, not thrown, so the
      // transaction commits and a replayed token's revocation holds.
      const outcome = await withGlobalTx(services.pool, async (client) => {
        const rotation = await rotateRefreshToken(client, request.body.refreshToken, {
          ttlDays: services.refreshTokenTtlDays,
          reuseGraceSeconds: services.refreshTokenReuseGraceSeconds,
        });
        const userId = rotation.ok || rotation.reason === 'reused' ? rotation.userId : undefined;
        if (userId === undefined) return { rotation, email: undefined, memberships: [] };
        const email = await findUserEmail(client, userId);
        await scopeToUser(client, userId);
        return { rotation, email, memberships: await readMemberships(client, userId) };
      });
      const { rotation, memberships } = outcome;
      if (!rotation.ok) {
        request.log.info({ reason: rotation.reason, sessionId: rotation.familyId }, 'refresh rejected');
        if (rotation.reason === 'reused' && rotation.familyId && rotation.userId) {
          await auditSessionEvent(services, rotation.userId, memberships, clientLabel(request), {
            action: 'auth.refresh_token_reused',
            outcome: 'denied',
            details: { sessionId: rotation.familyId, effect: 'session family revoked' },
          });
        }
        throw unauthorized();
      }
      if (outcome.email === undefined) throw unauthorized();
      if (rotation.retry) {
        // A retry after a lost reply, within the reuse grace: worth a trace (metadata only).
        const { secondsSinceRotation } = rotation.retry;
        request.log.info({ sessionId: rotation.next.familyId, secondsSinceRotation }, 'refresh retried within the reuse grace');
        await auditSessionEvent(services, rotation.userId, memberships, clientLabel(request), {
          action: 'auth.refresh_token_retried',
          outcome: 'success',
          details: {
            sessionId: rotation.next.familyId,
            secondsSinceRotation,
            graceSeconds: services.refreshTokenReuseGraceSeconds,
            effect: 'unused successor superseded, new one issued',
          },
        });
      }
      return sessionResponse(services, { id: rotation.userId, email: outcome.email }, rotation.next, memberships);
    },
  );

  r.post(
    '/v1/auth/logout',
    {
      schema: {
        tags: ['sessions'],
        summary: 'End the session family of this refresh token (its access tokens stop working too)',
        security: [],
        body: logoutRequestSchema,
        response: { 204: z.null(), ...logoutErrors },
      },
    },
    async (request, reply) => {
      await services.rateLimiter.consume({ address: request.ip });
      await withGlobalTx(services.pool, (client) => revokeByToken(client, request.body.refreshToken));
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/v1/me',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Who am I, and which dealerships am I a member of',
        response: { 200: meResponseSchema, ...meErrors },
      },
    },
    async (request) => {
      const principal = await authenticate(request, services);
      // One user-scoped transaction: session, email, memberships and their dealerships'
      // names (policy dealerships_member_read, migration 0052).
      return withUserTx(services.pool, principal.userId, async (client) => {
        const me = await readUserWithSession(client, principal.userId, principal.sessionId);
        if (!me?.sessionLive) throw unauthorized();
        const memberships = await readMembershipsWithNames(client, principal.userId);
        return {
          user: { id: principal.userId, email: me.email },
          memberships: memberships.map((m) => ({ dealershipId: m.tenantId, role: m.role, dealershipName: m.dealershipName })),
        };
      });
    },
  );
}

/**
 * A session event of a person (a replayed refresh token, a retry within the reuse grace):
 * tell every dealership of theirs. After the rotation's transaction has committed, one
 * dealership transaction each (a transaction is never scoped to two dealerships).
 */
async function auditSessionEvent(
  services: ApiServices,
  userId: string,
  memberships: readonly Membership[],
  label: string | null,
  event: { action: string; outcome: 'success' | 'denied'; details: Record<string, unknown> },
): Promise<void> {
  for (const m of memberships) {
    await withTenantTx(services.pool, m.dealershipId, (client) =>
      recordAudit(client, {
        tenantId: m.dealershipId,
        actorUserId: userId,
        action: event.action,
        target: userId,
        client: label,
        outcome: event.outcome,
        details: event.details,
      }),
    );
  }
}

import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { ApiServices } from '../services.js';
import { inTenant } from './in-tenant.js';

/**
 * The tenancy check as a plain function for feature modules that take it injected (billing's
 * AuthorizeBilling has this shape): 'admin' maps to the billing.manage permission, 'member'
 * to any member. Same transaction, same membership/session re-check, same denial audit.
 */
export function authorizeFor(services: ApiServices) {
  return <T>(
    request: FastifyRequest,
    tenantId: string,
    requirement: 'admin' | 'member',
    action: string,
    fn: (client: pg.PoolClient, caller: { tenantId: string; userId: string; clientLabel: string | null }) => Promise<T>,
  ): Promise<T> =>
    inTenant(services, request, tenantId, requirement === 'admin' ? 'billing.manage' : 'member', action, (ctx) =>
      fn(ctx.client, { tenantId: ctx.tenantId, userId: ctx.userId, clientLabel: ctx.clientLabel }),
    );
}

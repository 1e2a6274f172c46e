import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { ApiServices } from '../services.js';
import { inTenant } from '../tenancy/in-tenant.js';
import type { AuthorizeBilling, BillingCaller } from './routes.js';

/**
 * Billing's authorization through the tenancy layer: inTenant authenticates, opens the
 * dealership transaction and re-checks membership, session and permission in it ('admin'
 * = the billing.manage permission, which only admins hold; 'member' = any member).
 */
export function inTenantAuthorize(services: ApiServices): AuthorizeBilling {
  return <T>(
    request: FastifyRequest,
    tenantId: string,
    requirement: 'admin' | 'member',
    action: string,
    fn: (client: pg.PoolClient, caller: BillingCaller) => Promise<T>,
  ): Promise<T> =>
    inTenant(services, request, tenantId, requirement === 'admin' ? 'billing.manage' : 'member', action, (ctx) =>
      fn(ctx.client, { tenantId: ctx.tenantId, userId: ctx.userId, clientLabel: ctx.clientLabel }),
    );
}

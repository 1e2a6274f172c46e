import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createDealershipRequestSchema,
  dealershipParamsSchema,
  dealershipResponseSchema,
  bodyErrorResponses,
  errorResponses,
} from '@leadpulse/cloud-contract';
import { recordAudit } from '../audit/record-audit.js';
import { authenticate } from '../auth/authenticate.js';
import { withTenantTx } from '../db/tenant-tx.js';
import { clientLabel } from '../http/client-label.js';
import { notFound, unauthorized } from '../http/errors.js';
import { insertMember } from '../repositories/members.js';
import type { ApiServices } from '../services.js';
import { inTenant } from './in-tenant.js';

const createErrors = { ...errorResponses(400, 401, 403, 429), ...bodyErrorResponses };
const readErrors = errorResponses(400, 401, 403, 404, 429);

export function registerDealershipRoutes(app: FastifyInstance, services: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/dealerships',
    {
      schema: {
        tags: ['dealerships'],
        summary: 'Create a dealership; the caller becomes its admin',
        body: createDealershipRequestSchema,
        response: { 201: dealershipResponseSchema, ...createErrors },
      },
    },
    async (request, reply) => {
      const principal = await authenticate(request, services);
      const tenantId = randomUUID();
      const salt = randomBytes(32);
      await withTenantTx(services.pool, tenantId, async (client) => {
        const live = await client.query(
          'select 1 from refresh_token_families where id = $1 and user_id = $2 and revoked_at is null',
          [principal.sessionId, principal.userId],
        );
        if (live.rowCount === 0) throw unauthorized();
        await client.query(
          'insert into dealerships (tenant_id, name, customer_key_salt) values ($1, $2, $3)',
          [tenantId, request.body.name, salt],
        );
        await insertMember(client, { tenantId, userId: principal.userId, role: 'admin' });
        await recordAudit(client, {
          tenantId,
          actorUserId: principal.userId,
          action: 'dealership.created',
          target: tenantId,
          client: clientLabel(request),
          outcome: 'success',
        });
      });
      return reply.code(201).send({
        id: tenantId,
        name: request.body.name,
        role: 'admin' as const,
        customerKeySalt: salt.toString('base64url'),
      });
    },
  );

  r.get(
    '/v1/dealerships/:dealershipId',
    {
      schema: {
        tags: ['dealerships'],
        summary: 'The dealership and the caller’s role in it',
        params: dealershipParamsSchema,
        response: { 200: dealershipResponseSchema, ...readErrors },
      },
    },
    async (request) =>
      inTenant(services, request, request.params.dealershipId, 'member', 'dealership.read', async (ctx) => {
        const { rows } = await ctx.client.query<{ name: string; customer_key_salt: Buffer }>(
          'select name, customer_key_salt from dealerships',
        );
        const row = rows[0];
        if (!row) throw notFound();
        return {
          id: ctx.tenantId,
          name: row.name,
          role: ctx.role,
          customerKeySalt: row.customer_key_salt.toString('base64url'),
        };
      }),
  );
}

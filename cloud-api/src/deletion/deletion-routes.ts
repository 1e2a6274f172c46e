import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  bodyErrorResponses,
  customerDeletionRequestSchema,
  customerDeletionResponseSchema,
  dealershipDeletionReceiptSchema,
  dealershipDeletionRequestSchema,
  dealershipParamsSchema,
  errorResponses,
  purgeInstructionListResponseSchema,
  purgeInstructionsQuerySchema,
} from '@leadpulse/cloud-contract';
import { recordAudit } from '../audit/record-audit.js';
import { HttpError, notFound } from '../http/errors.js';
import type { ApiServices } from '../services.js';
import { inTenant } from '../tenancy/in-tenant.js';
import { customerKeys } from './customer-key.js';
import { insertPurgeInstruction } from './purge-instructions.js';
import { countRows, tenantTables } from './tenant-tables.js';

// 413/415: the body (Fastify, before the handler; every method but GET reads one).
const customerErrors = { ...errorResponses(400, 401, 403, 404, 429), ...bodyErrorResponses };
const readErrors = errorResponses(400, 401, 403, 429);
/** 409 confirmation_mismatch. */
const dealershipErrors = { ...errorResponses(400, 401, 403, 409, 429), ...bodyErrorResponses };

export function registerDeletionRoutes(app: FastifyInstance, services: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/dealerships/:dealershipId/deletions/customer',
    {
      schema: {
        tags: ['deletion'],
        summary: "Delete one customer's data by email and/or phone (admin); desktops purge via purge-instructions",
        params: dealershipParamsSchema,
        body: customerDeletionRequestSchema,
        response: { 200: customerDeletionResponseSchema, ...customerErrors },
      },
    },
    async (request) =>
      inTenant(services, request, request.params.dealershipId, 'data.delete', 'data.customer_deleted', async (ctx) => {
        const salt = await ctx.client.query<{ customer_key_salt: Buffer }>('select customer_key_salt from dealerships');
        const saltValue = salt.rows[0]?.customer_key_salt;
        if (!saltValue) throw notFound();
        const keys = customerKeys(saltValue, request.body);
        if (keys.length === 0) throw new HttpError(400, 'invalid_request', 'no usable email or phone');
        const deleted = await ctx.client.query<{ id: string }>(
          'delete from leads_meta where customer_keys && $1::text[] returning id',
          [keys],
        );
        const leadIds = deleted.rows.map((row) => row.id);
        const purgeInstructionId = await insertPurgeInstruction(ctx.client, ctx.tenantId, ctx.userId, keys, leadIds);
        const counts = { leads_meta: leadIds.length };
        await recordAudit(ctx.client, {
          tenantId: ctx.tenantId,
          actorUserId: ctx.userId,
          action: 'data.customer_deleted',
          target: purgeInstructionId,
          client: ctx.clientLabel,
          outcome: 'success',
          details: { deleted: counts, keys: keys.length },
        });
        return { deleted: counts, purgeInstructionId };
      }),
  );

  r.get(
    '/v1/dealerships/:dealershipId/purge-instructions',
    {
      schema: {
        tags: ['deletion'],
        summary: 'Customer deletions desktops must apply locally, oldest first, after the given id',
        params: dealershipParamsSchema,
        querystring: purgeInstructionsQuerySchema,
        response: { 200: purgeInstructionListResponseSchema, ...readErrors },
      },
    },
    async (request) =>
      inTenant(services, request, request.params.dealershipId, 'member', 'data.purge_instructions_read', async (ctx) => {
        const { rows } = await ctx.client.query<{ id: string; created_at: Date; customer_keys: string[]; lead_ids: string[] }>(
          `select id::text, created_at, customer_keys, lead_ids from purge_instructions
           where id > $1::bigint order by id limit 500`,
          [request.query.after ?? '0'],
        );
        return {
          instructions: rows.map((row) => ({
            id: row.id,
            createdAt: row.created_at.toISOString(),
            customerKeys: row.customer_keys,
            leadIds: row.lead_ids,
          })),
        };
      }),
  );

  r.delete(
    '/v1/dealerships/:dealershipId',
    {
      schema: {
        tags: ['deletion'],
        summary: 'Delete the whole dealership, every row (admin); returns a receipt kept without personal data',
        params: dealershipParamsSchema,
        body: dealershipDeletionRequestSchema,
        response: { 200: dealershipDeletionReceiptSchema, ...dealershipErrors },
      },
    },
    async (request) =>
      inTenant(services, request, request.params.dealershipId, 'data.delete', 'dealership.deleted', async (ctx) => {
        const name = await ctx.client.query<{ name: string }>('select name from dealerships for update');
        if (name.rows[0]?.name !== request.body.confirmName) {
          throw new HttpError(409, 'confirmation_mismatch', "confirmName must equal the dealership's name");
        }
        const tables = await tenantTables(ctx.client);
        const deleted = await countRows(ctx.client, tables);
        // Foreign keys ON DELETE CASCADE (the catalog guard test requires them on every
        // tenant table) remove the rest, audit_log included.
        await ctx.client.query('delete from dealerships where tenant_id = $1', [ctx.tenantId]);
        const remaining = Object.entries(await countRows(ctx.client, tables)).filter(([, n]) => n > 0);
        if (remaining.length > 0) {
          throw new Error(`dealership deletion left rows in ${remaining.map(([t]) => t).join(', ')}`);
        }
        const receiptId = randomUUID();
        const deletedAt = new Date();
        await ctx.client.query(
          `insert into deletion_receipts (id, dealership_id, requested_by, deleted_at, deleted_counts)
           values ($1, $2, $3, $4, $5)`,
          [receiptId, ctx.tenantId, ctx.userId, deletedAt, JSON.stringify(deleted)],
        );
        request.log.info({ receiptId, dealershipId: ctx.tenantId, deleted }, 'dealership deleted');
        return { receiptId, dealershipId: ctx.tenantId, deletedAt: deletedAt.toISOString(), deleted };
      }),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import {
  auditExportJsonSchema,
  auditExportQuerySchema,
  dealershipParamsSchema,
  errorResponses,
  type AuditEntry,
} from '@leadpulse/cloud-contract';
import type { ApiServices } from '../services.js';
import { inTenant, type TenantContext } from '../tenancy/in-tenant.js';
import { auditToCsv } from './audit-csv.js';
import { recordAudit } from './record-audit.js';

const errors = errorResponses(400, 401, 403, 429);

/** One export is bounded; page with from/to for longer histories. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

interface AuditRow {
  id: string;
  at: Date;
  actor_user_id: string | null;
  action: string;
  target: string | null;
  client: string | null;
  outcome: AuditEntry['outcome'];
  details: Record<string, unknown>;
}

async function readAudit(ctx: TenantContext, from?: string, to?: string): Promise<AuditEntry[]> {
  const client: pg.PoolClient = ctx.client;
  const { rows } = await client.query<AuditRow>(
    `select id::text, at, actor_user_id, action, target, client, outcome, details from audit_log
     where ($1::timestamptz is null or at >= $1) and ($2::timestamptz is null or at < $2)
     order by at, id limit $3`,
    [from ?? null, to ?? null, AUDIT_EXPORT_MAX_ROWS],
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actorUserId: r.actor_user_id,
    action: r.action,
    target: r.target,
    client: r.client,
    outcome: r.outcome,
    details: r.details,
  }));
}

/** The export is itself audited, in the same transaction as the read. */
function auditExport(ctx: TenantContext, format: 'json' | 'csv', count: number): Promise<void> {
  return recordAudit(ctx.client, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.userId,
    action: 'audit.exported',
    target: ctx.tenantId,
    client: ctx.clientLabel,
    outcome: 'success',
    details: { format, rows: count },
  });
}

export function registerAuditRoutes(app: FastifyInstance, services: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/dealerships/:dealershipId/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Export the audit trail as JSON (admin)',
        params: dealershipParamsSchema,
        querystring: auditExportQuerySchema,
        response: { 200: auditExportJsonSchema, ...errors },
      },
    },
    async (request) =>
      inTenant(services, request, request.params.dealershipId, 'audit.export', 'audit.exported', async (ctx) => {
        const entries = await readAudit(ctx, request.query.from, request.query.to);
        await auditExport(ctx, 'json', entries.length);
        return { entries };
      }),
  );

  r.get(
    '/v1/dealerships/:dealershipId/audit.csv',
    {
      schema: {
        tags: ['audit'],
        summary: 'Export the audit trail as CSV (admin); columns id, at, actor_user_id, action, target, client, outcome, details',
        params: dealershipParamsSchema,
        querystring: auditExportQuerySchema,
        produces: ['text/csv'],
        // The CSV is sent as text/csv, which Fastify does not pass to the JSON serializer.
        response: { 200: z.string().describe('CSV, one header row'), ...errors },
      },
    },
    async (request, reply) => {
      const csv = await inTenant(
        services,
        request,
        request.params.dealershipId,
        'audit.export',
        'audit.exported',
        async (ctx) => {
          const entries = await readAudit(ctx, request.query.from, request.query.to);
          await auditExport(ctx, 'csv', entries.length);
          return auditToCsv(entries);
        },
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="leadpulse-audit.csv"')
        .send(csv);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  bodyErrorResponses,
  createLeadRequestSchema,
  dealershipParamsSchema,
  errorResponses,
  leadListResponseSchema,
  leadParamsSchema,
  leadSchema,
  listLeadsQuerySchema,
  reassignLeadRequestSchema,
  updateLeadStatusRequestSchema,
} from '@leadpulse/cloud-contract';
import { customerKeys } from '../deletion/customer-key.js';
import { HttpError, notFound } from '../http/errors.js';
import { sendJsonText } from '../http/json-text.js';
import { isMember } from '../repositories/members.js';
import type { ApiServices } from '../services.js';
import type { TenantContext } from '../tenancy/in-tenant.js';
import { inTenant, inTenantRead, type MemberCheckRow } from '../tenancy/in-tenant.js';
import { can, PERMISSIONS } from '../tenancy/permissions.js';
import { LEAD_COLUMNS, toLead, type LeadRow } from './lead-rows.js';

// Each lead route lists what it can answer (src/leads/lead-errors.test.ts reaches every one):
// 400 bad params/query/body, 401/403/429 from inTenant/inTenantRead (token, membership or
// permission, rate limits), 413/415 the body of a POST (Fastify, before the handler).
const listErrors = errorResponses(400, 401, 403, 429);
/** 409 lead_exists: another member reported that id. */
const createErrors = { ...errorResponses(400, 401, 403, 409, 429), ...bodyErrorResponses };
/** 404: no such lead, or one the caller may not see. */
const readErrors = errorResponses(400, 401, 403, 404, 429);
/** 409 already_claimed: a manager or admin claiming someone else's lead (a rep never sees one). */
const claimErrors = { ...errorResponses(400, 401, 403, 404, 409, 429), ...bodyErrorResponses };
/** 400 also not_a_member (the assignee). */
const reassignErrors = { ...errorResponses(400, 401, 403, 404, 429), ...bodyErrorResponses };
/** 409 not_assignee: a rep setting the status of a lead they have not claimed. */
const statusErrors = { ...errorResponses(400, 401, 403, 404, 409, 429), ...bodyErrorResponses };

/**
 * Which leads a member sees: managers and admins all of the dealership's, reps their own
 * and the unassigned ones. The dealership itself is never in these queries: row-level
 * security scopes every statement to the transaction's tenant.
 */
const VISIBLE = '($2::boolean or assignee_user_id is null or assignee_user_id = $3::uuid)';

/** The roles that see every lead (lead_list_page's p_read_all_roles). */
const READ_ALL_ROLES: readonly string[] = PERMISSIONS['leads.read_all'];

/** Parameters $2 and $3 of every query that uses VISIBLE. */
function visibilityParams(ctx: TenantContext): [boolean, string] {
  return [can(ctx.role, 'leads.read_all'), ctx.userId];
}

async function visibleLead(ctx: TenantContext, leadId: string, lock = false): Promise<LeadRow> {
  const { rows } = await ctx.client.query<LeadRow>(
    `select ${LEAD_COLUMNS} from leads_meta where id = $1 and ${VISIBLE}${lock ? ' for update' : ''}`,
    [leadId, ...visibilityParams(ctx)],
  );
  const row = rows[0];
  if (!row) throw notFound();
  return row;
}

export function registerLeadRoutes(app: FastifyInstance, services: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/v1/dealerships/:dealershipId/leads';

  r.get(
    base,
    {
      schema: {
        tags: ['leads'],
        summary: 'Lead metadata the caller may see, newest first',
        params: dealershipParamsSchema,
        querystring: listLeadsQuerySchema,
        response: { 200: leadListResponseSchema, ...listErrors },
      },
    },
    async (request, reply) => {
      // The list desktops poll: one prepared call (lead_list_page, migration 0051) that does
      // what inTenant + VISIBLE do in three round trips; Postgres writes the JSON (a test
      // holds it to leadListResponseSchema), sent as is.
      const body = await inTenantRead<MemberCheckRow & { leads: string }, string>(
        services,
        request,
        request.params.dealershipId,
        'member',
        'lead.list',
        (principal) => ({
          name: 'lead_list_page',
          text: 'select role, session_live, leads from lead_list_page($1, $2, $3, $4, $5)',
          values: [request.params.dealershipId, principal.userId, principal.sessionId, request.query.limit, READ_ALL_ROLES],
        }),
        (row) => `{"leads":${row.leads}}`,
      );
      return sendJsonText(reply, body);
    },
  );

  r.post(
    base,
    {
      schema: {
        tags: ['leads'],
        summary:
          'Report a lead (idempotent by id: 201 created, 200 a replay of the caller’s own report, 409 ' +
          'lead_exists when another member reported that id); the customer is stored only as opaque keys',
        params: dealershipParamsSchema,
        body: createLeadRequestSchema,
        response: { 200: leadSchema, 201: leadSchema, ...createErrors },
      },
    },
    async (request, reply) => {
      const { id, source, receivedAt, customer } = request.body;
      const result = await inTenant(services, request, request.params.dealershipId, 'member', 'lead.create', async (ctx) => {
        const salt = await ctx.client.query<{ customer_key_salt: Buffer }>('select customer_key_salt from dealerships');
        const saltValue = salt.rows[0]?.customer_key_salt;
        // inTenant found the caller's membership (locked FOR SHARE: a dealership deletion,
        // which cascades to it, waits), so the dealership row is there.
        if (!saltValue) throw new Error('lead.create: the dealership row is missing inside its own transaction');
        const inserted = await ctx.client.query<LeadRow>(
          `insert into leads_meta (tenant_id, id, source, received_at, customer_keys, created_by)
           values ($1, $2, $3, $4, $5, $6)
           on conflict (tenant_id, id) do nothing
           returning ${LEAD_COLUMNS}`,
          [ctx.tenantId, id, source, receivedAt, customerKeys(saltValue, customer), ctx.userId],
        );
        const row = inserted.rows[0];
        if (row) return { created: true, lead: toLead(row) };
        // The id exists. A replay of the caller's own create (e.g. a retry after a lost
        // answer) gets the lead, even if it has since been assigned to someone else; an id
        // someone else reported is a conflict, not a lead the caller may read.
        const existing = await ctx.client.query<LeadRow & { created_by: string | null }>(
          `select ${LEAD_COLUMNS}, created_by from leads_meta where id = $1`,
          [id],
        );
        const lead = existing.rows[0];
        if (lead?.created_by !== ctx.userId) {
          throw new HttpError(409, 'lead_exists', 'another member already reported a lead with this id');
        }
        return { created: false, lead: toLead(lead) };
      });
      return reply.code(result.created ? 201 : 200).send(result.lead);
    },
  );

  r.get(
    `${base}/:leadId`,
    {
      schema: {
        tags: ['leads'],
        params: leadParamsSchema,
        response: { 200: leadSchema, ...readErrors },
      },
    },
    async (request) =>
      inTenant(services, request, request.params.dealershipId, 'member', 'lead.read', async (ctx) =>
        toLead(await visibleLead(ctx, request.params.leadId)),
      ),
  );

  r.post(
    `${base}/:leadId/claim`,
    {
      schema: {
        tags: ['leads'],
        summary: 'Take an unassigned lead (409 when someone else has it)',
        params: leadParamsSchema,
        response: { 200: leadSchema, ...claimErrors },
      },
    },
    async (request) =>
      inTenant(services, request, request.params.dealershipId, 'member', 'lead.claim', async (ctx) => {
        const lead = await visibleLead(ctx, request.params.leadId, true);
        if (lead.assignee_user_id !== null && lead.assignee_user_id !== ctx.userId) {
          throw new HttpError(409, 'already_claimed', 'another member has this lead');
        }
        const { rows } = await ctx.client.query<LeadRow>(
          `update leads_meta set assignee_user_id = $2,
                  status = case when status = 'new' then 'claimed' else status end
           where id = $1 returning ${LEAD_COLUMNS}`,
          [lead.id, ctx.userId],
        );
        const row = rows[0];
        if (!row) throw notFound();
        return toLead(row);
      }),
  );

  r.post(
    `${base}/:leadId/reassign`,
    {
      schema: {
        tags: ['leads'],
        summary: 'Give a lead to another member, or unassign it (manager, admin)',
        params: leadParamsSchema,
        body: reassignLeadRequestSchema,
        response: { 200: leadSchema, ...reassignErrors },
      },
    },
    async (request) =>
      inTenant(services, request, request.params.dealershipId, 'leads.reassign', 'lead.reassign', async (ctx) => {
        const { assigneeUserId } = request.body;
        if (assigneeUserId !== null) {
          if (!(await isMember(ctx.client, assigneeUserId))) throw new HttpError(400, 'not_a_member', 'assignee is not a member here');
        }
        const { rows } = await ctx.client.query<LeadRow>(
          `update leads_meta set assignee_user_id = $2,
                  status = case when $2::uuid is null and status = 'claimed' then 'new'
                                when $2::uuid is not null and status = 'new' then 'claimed'
                                else status end
           where id = $1 returning ${LEAD_COLUMNS}`,
          [request.params.leadId, assigneeUserId],
        );
        const row = rows[0];
        if (!row) throw notFound();
        return toLead(row);
      }),
  );

  r.post(
    `${base}/:leadId/status`,
    {
      schema: {
        tags: ['leads'],
        summary: 'Set status / first response time (assignee, manager, admin)',
        params: leadParamsSchema,
        body: updateLeadStatusRequestSchema,
        response: { 200: leadSchema, ...statusErrors },
      },
    },
    async (request) =>
      inTenant(services, request, request.params.dealershipId, 'member', 'lead.status', async (ctx) => {
        const lead = await visibleLead(ctx, request.params.leadId, true);
        if (!can(ctx.role, 'leads.reassign') && lead.assignee_user_id !== ctx.userId) {
          throw new HttpError(409, 'not_assignee', 'claim the lead first');
        }
        const { rows } = await ctx.client.query<LeadRow>(
          `update leads_meta set status = $2, first_response_at = coalesce(first_response_at, $3)
           where id = $1 returning ${LEAD_COLUMNS}`,
          [lead.id, request.body.status, request.body.firstResponseAt ?? null],
        );
        const row = rows[0];
        if (!row) throw notFound();
        return toLead(row);
      }),
  );
}

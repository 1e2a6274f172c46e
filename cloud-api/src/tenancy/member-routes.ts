import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  bodyErrorResponses,
  changeRoleRequestSchema,
  dealershipParamsSchema,
  errorResponses,
  invitationConflictSchema,
  invitationListResponseSchema,
  invitationParamsSchema,
  invitationSchema,
  inviteRequestSchema,
  memberListResponseSchema,
  memberParamsSchema,
  memberSchema,
  type Role,
} from '@leadpulse/cloud-contract';
import { recordAudit } from '../audit/record-audit.js';
import { assertSeatAvailable, lockSeats } from '../billing/access.js';
import { HttpError, notFound } from '../http/errors.js';
import type { TxClient } from '../repositories/client.js';
import {
  deletePendingInvitation,
  listPendingInvitations,
  lockPendingInvitation,
  upsertPendingInvitation,
  type InvitationRow,
} from '../repositories/invitations.js';
import {
  deleteMember,
  isMemberEmail,
  listMembers,
  lockAdminUserIds,
  lockMemberRole,
  updateMemberRole,
  type MemberRow,
} from '../repositories/members.js';
import type { ApiServices } from '../services.js';
import { inTenant, type TenantContext } from './in-tenant.js';

// 400 bad params/body; 401/403/429 from inTenant (token, membership or permission, rate limit).
const readErrors = errorResponses(400, 401, 403, 429);
/** Role change and removal: 404 no such member, 409 last_admin; 413/415 the body. */
const memberErrors = { ...errorResponses(400, 401, 403, 404, 409, 429), ...bodyErrorResponses };
/**
 * Invitation: 402 seat_limit_reached (paid seats full or billing read-only), 409 already_member
 * or invitation_role_differs (with the pending role and id).
 */
const inviteErrors = { ...errorResponses(400, 401, 402, 403, 429), 409: invitationConflictSchema, ...bodyErrorResponses };
/** Revoking: 404 no such pending invitation (revoked, accepted, or another dealership's); 413/415 a body. */
const revokeErrors = { ...errorResponses(400, 401, 403, 404, 429), ...bodyErrorResponses };

const toMember = (r: MemberRow) => ({
  userId: r.userId,
  email: r.email,
  role: r.role,
  since: r.createdAt.toISOString(),
});

const toInvitation = (i: InvitationRow) => ({ id: i.id, email: i.email, role: i.role, createdAt: i.createdAt.toISOString() });

/** Refuses to leave a dealership without an admin. Locks the admin rows (no race). */
async function assertKeepsAnAdmin(client: TxClient, leavingUserId: string): Promise<void> {
  const admins = await lockAdminUserIds(client);
  if (admins.every((id) => id === leavingUserId)) {
    throw new HttpError(409, 'last_admin', 'a dealership keeps at least one admin');
  }
}

async function currentRole(client: TxClient, userId: string): Promise<Role> {
  const role = await lockMemberRole(client, userId);
  if (!role) throw notFound();
  return role;
}

function audit(ctx: TenantContext, action: string, target: string, details: Record<string, unknown>) {
  return recordAudit(ctx.client, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.userId,
    action,
    target,
    client: ctx.clientLabel,
    outcome: 'success',
    details,
  });
}

export function registerMemberRoutes(app: FastifyInstance, services: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/dealerships/:dealershipId/members',
    {
      schema: {
        tags: ['members'],
        params: dealershipParamsSchema,
        response: { 200: memberListResponseSchema, ...readErrors },
      },
    },
    async (request) =>
      inTenant(services, request, request.params.dealershipId, 'team.read', 'member.list', async (ctx) => {
        const members = await listMembers(ctx.client);
        return { members: members.map(toMember) };
      }),
  );

  r.patch(
    '/v1/dealerships/:dealershipId/members/:userId',
    {
      schema: {
        tags: ['members'],
        summary: 'Change a member’s role (admin)',
        params: memberParamsSchema,
        body: changeRoleRequestSchema,
        response: { 200: memberSchema, ...memberErrors },
      },
    },
    async (request) => {
      const { dealershipId, userId } = request.params;
      return inTenant(services, request, dealershipId, 'team.manage', 'member.role_changed', async (ctx) => {
        const before = await currentRole(ctx.client, userId);
        if (before === 'admin' && request.body.role !== 'admin') await assertKeepsAnAdmin(ctx.client, userId);
        const row = await updateMemberRole(ctx.client, userId, request.body.role);
        if (!row) throw notFound();
        await audit(ctx, 'member.role_changed', userId, { from: before, to: request.body.role });
        return toMember(row);
      });
    },
  );

  r.delete(
    '/v1/dealerships/:dealershipId/members/:userId',
    {
      schema: {
        tags: ['members'],
        summary: 'Remove a member (admin); their next request fails, whatever their token',
        params: memberParamsSchema,
        response: { 204: z.null(), ...memberErrors },
      },
    },
    async (request, reply) => {
      const { dealershipId, userId } = request.params;
      await inTenant(services, request, dealershipId, 'team.manage', 'member.removed', async (ctx) => {
        const before = await currentRole(ctx.client, userId);
        if (before === 'admin') await assertKeepsAnAdmin(ctx.client, userId);
        // Member row first: this waits for the member's in-flight writes (they hold it FOR
        // SHARE) and then shuts out every later request; only then release their leads.
        await deleteMember(ctx.client, userId);
        await ctx.client.query('update leads_meta set assignee_user_id = null where assignee_user_id = $1', [
          userId,
        ]);
        await audit(ctx, 'member.removed', userId, { role: before });
      });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/v1/dealerships/:dealershipId/invitations',
    {
      schema: {
        tags: ['members'],
        summary:
          'Invite by email with a role (admin); accepted at that email’s next sign-in. 201: a new ' +
          'invitation (takes a seat; 402 when none is free); 200: that email’s pending invitation ' +
          'sent again (it already holds its seat). A pending invitation keeps its role unless the ' +
          'request says replaceRole: true; another role without it is 409 invitation_role_differs.',
        params: dealershipParamsSchema,
        body: inviteRequestSchema,
        response: { 200: invitationSchema, 201: invitationSchema, ...inviteErrors },
      },
    },
    async (request, reply) => {
      const { email, role, replaceRole = false } = request.body;
      const result = await inTenant(
        services,
        request,
        request.params.dealershipId,
        'team.manage',
        'member.invited',
        async (ctx) => {
          // Invitations of one dealership take turns (until this transaction ends): two sent
          // at the same moment for different emails cannot both take the last seat, and one
          // for an email another has just invited sees that invitation (so it updates it and
          // takes no seat) instead of counting it as a seat taken by someone else.
          await lockSeats(ctx.client);
          if (await isMemberEmail(ctx.client, email)) throw new HttpError(409, 'already_member', 'already a member');
          const pending = await lockPendingInvitation(ctx.client, email);
          const before = pending?.role;
          // Never change someone's role without the admin saying so: the desktop asks first
          // ("invited as Rep; invite as Manager instead?") and then sends replaceRole.
          if (before !== undefined && before !== role && !replaceRole) {
            throw new HttpError(409, 'invitation_role_differs', `this email already has a pending invitation as ${before}; send replaceRole: true to change it`, {}, {
              currentRole: before,
              invitationId: pending?.id,
            });
          }
          // Paid seats: members + pending invitations (402 seat_limit_reached when full). A
          // pending invitation for this email already holds its seat: changing its role
          // (or sending it again) takes none.
          if (before === undefined) await assertSeatAvailable(ctx.client);
          // A concurrent invite of the same email may have inserted it first; then this one
          // updates it (inserted: false).
          const row = await upsertPendingInvitation(ctx.client, {
            tenantId: ctx.tenantId,
            id: randomUUID(),
            email,
            role,
            invitedBy: ctx.userId,
          });
          const { id } = row;
          // The invitee's email is personal data: the audit row keeps the invitation id.
          await audit(ctx, 'member.invited', id, before === undefined ? { role } : { role, from: before });
          return { created: row.inserted, invitation: { id, email, role, createdAt: row.createdAt.toISOString() } };
        },
      );
      return reply.code(result.created ? 201 : 200).send(result.invitation);
    },
  );

  r.delete(
    '/v1/dealerships/:dealershipId/invitations/:invitationId',
    {
      schema: {
        tags: ['members'],
        summary: 'Revoke a pending invitation (admin): that email no longer joins at sign-in; its seat is free again',
        params: invitationParamsSchema,
        response: { 204: z.null(), ...revokeErrors },
      },
    },
    async (request, reply) => {
      const { dealershipId, invitationId } = request.params;
      await inTenant(services, request, dealershipId, 'team.manage', 'invitation.revoked', async (ctx) => {
        // Row-level security keeps this to the dealership's own invitations; an accepted one
        // is a membership now (remove the member instead).
        const revokedRole = await deletePendingInvitation(ctx.client, invitationId);
        if (!revokedRole) throw notFound();
        // The invitee's email is personal data: the audit row keeps the invitation id and role.
        await audit(ctx, 'invitation.revoked', invitationId, { role: revokedRole });
      });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/v1/dealerships/:dealershipId/invitations',
    {
      schema: {
        tags: ['members'],
        summary: 'Pending invitations (admin)',
        params: dealershipParamsSchema,
        response: { 200: invitationListResponseSchema, ...readErrors },
      },
    },
    async (request) =>
      inTenant(services, request, request.params.dealershipId, 'team.manage', 'member.invitations_listed', async (ctx) => {
        const invitations = await listPendingInvitations(ctx.client);
        return { invitations: invitations.map(toInvitation) };
      }),
  );
}

import { z } from 'zod';

/**
 * Every request and response body of the cloud API (v1), as zod schemas. The routes
 * validate with them, /openapi.json is generated from them, and the desktop's cloud client
 * parses every answer with them (`@leadpulse/cloud-contract`).
 * Dates travel as ISO-8601 strings.
 */

const isoDateTime = z.iso.datetime({ offset: true });

export const roleSchema = z.enum(['admin', 'manager', 'rep']);
export type Role = z.infer<typeof roleSchema>;

export const errorResponseSchema = z.object({
  error: z.string().describe('stable machine-readable code, e.g. unauthorized, forbidden, rate_limited, seat_limit_reached'),
  message: z.string(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** The error part of a route's response schema: the same body for every listed status. */
export function errorResponses<const C extends readonly number[]>(...codes: C): Record<C[number], typeof errorResponseSchema> {
  return Object.fromEntries(codes.map((code) => [code, errorResponseSchema])) as Record<C[number], typeof errorResponseSchema>;
}

/**
 * 413 (body over the 256 KiB limit) and 415 (a body that is not JSON): Fastify answers them
 * before any handler for every method it reads a body for (all but GET and HEAD), whatever
 * the route's own schema, so every such route lists them.
 */
export const bodyErrorResponses = {
  413: errorResponseSchema.describe('request body over the size limit'),
  415: errorResponseSchema.describe('request body is not JSON (Content-Type application/json)'),
};

/** Declared by every route in /openapi.json (src/http/openapi.ts): an unexpected failure. */
export const internalErrorResponse = errorResponseSchema.describe('unexpected failure: { "error": "internal", "message": "internal error" }');

// ---- sessions -------------------------------------------------------------------------

export const oidcSignInRequestSchema = z.object({
  idToken: z.string().min(1).max(16_384).describe('ID token from Google or Microsoft'),
});
export type OidcSignInRequest = z.infer<typeof oidcSignInRequestSchema>;

export const membershipSchema = z.object({
  dealershipId: z.uuid(),
  role: roleSchema,
});
export type Membership = z.infer<typeof membershipSchema>;

export const userSchema = z.object({ id: z.uuid(), email: z.string() });
export type User = z.infer<typeof userSchema>;

export const sessionResponseSchema = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string().describe('send as Authorization: Bearer <token>; lives <= 15 min'),
  accessTokenExpiresAt: isoDateTime,
  refreshToken: z.string().describe('single use: each refresh returns the next one'),
  refreshTokenExpiresAt: isoDateTime,
  user: userSchema,
  memberships: z.array(membershipSchema),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const refreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(256) });
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

export const logoutRequestSchema = refreshRequestSchema;
export type LogoutRequest = z.infer<typeof logoutRequestSchema>;

export const meResponseSchema = z.object({
  user: userSchema,
  memberships: z.array(membershipSchema.extend({ dealershipName: z.string() })),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

// ---- dealerships and members ------------------------------------------------------------

export const dealershipParamsSchema = z.object({ dealershipId: z.uuid() });
export type DealershipParams = z.infer<typeof dealershipParamsSchema>;

export const createDealershipRequestSchema = z.object({ name: z.string().trim().min(1).max(200) });
export type CreateDealershipRequest = z.infer<typeof createDealershipRequestSchema>;

export const dealershipResponseSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  role: roleSchema.describe("the caller's role here"),
  customerKeySalt: z
    .string()
    .describe('base64url HMAC key: customer key = hex(HMAC-SHA256(salt, "email:"+email | "phone:"+digits))'),
});
export type DealershipResponse = z.infer<typeof dealershipResponseSchema>;

export const memberSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  role: roleSchema,
  since: isoDateTime,
});
export type Member = z.infer<typeof memberSchema>;

export const memberListResponseSchema = z.object({ members: z.array(memberSchema) });
export type MemberListResponse = z.infer<typeof memberListResponseSchema>;

export const memberParamsSchema = dealershipParamsSchema.extend({ userId: z.uuid() });
export type MemberParams = z.infer<typeof memberParamsSchema>;

export const changeRoleRequestSchema = z.object({ role: roleSchema });
export type ChangeRoleRequest = z.infer<typeof changeRoleRequestSchema>;

export const inviteRequestSchema = z.object({
  email: z.email().max(320).transform((e) => e.trim().toLowerCase()),
  role: roleSchema,
  replaceRole: z
    .boolean()
    .optional()
    .describe('true: an invitation pending for this email with another role gets this role; otherwise that is refused (409 invitation_role_differs)'),
});
export type InviteRequest = z.input<typeof inviteRequestSchema>;

export const invitationSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: roleSchema,
  createdAt: isoDateTime,
});
export type Invitation = z.infer<typeof invitationSchema>;

export const invitationParamsSchema = dealershipParamsSchema.extend({ invitationId: z.uuid() });
export type InvitationParams = z.infer<typeof invitationParamsSchema>;

/**
 * 409 of an invitation: already_member, or invitation_role_differs with the pending
 * invitation's role and id (send again with replaceRole: true to change its role).
 */
export const invitationConflictSchema = errorResponseSchema
  .extend({
    currentRole: roleSchema.optional().describe('invitation_role_differs: the role the pending invitation has now'),
    invitationId: z.uuid().optional().describe('invitation_role_differs: the pending invitation'),
  })
  .describe('already_member, or invitation_role_differs (an invitation for this email is pending with another role)');
export type InvitationConflict = z.infer<typeof invitationConflictSchema>;

export const invitationListResponseSchema = z.object({ invitations: z.array(invitationSchema) });
export type InvitationListResponse = z.infer<typeof invitationListResponseSchema>;

// ---- lead metadata ----------------------------------------------------------------------

export const leadStatusSchema = z.enum(['new', 'claimed', 'responded', 'closed']);
export type LeadStatus = z.infer<typeof leadStatusSchema>;

export const leadSchema = z.object({
  id: z.uuid(),
  status: leadStatusSchema,
  assigneeUserId: z.uuid().nullable(),
  source: z.string(),
  receivedAt: isoDateTime,
  firstResponseAt: isoDateTime.nullable(),
});
export type Lead = z.infer<typeof leadSchema>;

export const leadParamsSchema = dealershipParamsSchema.extend({ leadId: z.uuid() });
export type LeadParams = z.infer<typeof leadParamsSchema>;

export const createLeadRequestSchema = z.object({
  id: z.uuid().describe('opaque id chosen by the desktop'),
  source: z.string().trim().min(1).max(64),
  receivedAt: isoDateTime,
  customer: z
    .object({ email: z.string().max(320).optional(), phone: z.string().max(40).optional() })
    .optional()
    .describe('hashed into customer keys on arrival; never stored'),
});
export type CreateLeadRequest = z.infer<typeof createLeadRequestSchema>;

export const listLeadsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListLeadsQuery = z.input<typeof listLeadsQuerySchema>;

export const leadListResponseSchema = z.object({ leads: z.array(leadSchema) });
export type LeadListResponse = z.infer<typeof leadListResponseSchema>;

export const reassignLeadRequestSchema = z.object({ assigneeUserId: z.uuid().nullable() });
export type ReassignLeadRequest = z.infer<typeof reassignLeadRequestSchema>;

export const updateLeadStatusRequestSchema = z.object({
  status: leadStatusSchema,
  firstResponseAt: isoDateTime.optional(),
});
export type UpdateLeadStatusRequest = z.infer<typeof updateLeadStatusRequestSchema>;

// ---- audit ------------------------------------------------------------------------------

export const auditOutcomeSchema = z.enum(['success', 'denied', 'failure']);

export const auditEntrySchema = z.object({
  id: z.string(),
  at: isoDateTime,
  actorUserId: z.uuid().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  client: z.string().nullable(),
  outcome: auditOutcomeSchema,
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditExportQuerySchema = z.object({
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
export type AuditExportQuery = z.input<typeof auditExportQuerySchema>;

export const auditExportJsonSchema = z.object({ entries: z.array(auditEntrySchema) });
export type AuditExportJson = z.infer<typeof auditExportJsonSchema>;

// ---- deletion ---------------------------------------------------------------------------

export const customerDeletionRequestSchema = z
  .object({ email: z.string().max(320).optional(), phone: z.string().max(40).optional() })
  .refine((b) => Boolean(b.email) || Boolean(b.phone), 'give an email, a phone or both');
export type CustomerDeletionRequest = z.infer<typeof customerDeletionRequestSchema>;

export const deletedCountsSchema = z.record(z.string(), z.number().int().nonnegative());

export const customerDeletionResponseSchema = z.object({
  deleted: deletedCountsSchema.describe('rows deleted per table'),
  purgeInstructionId: z.string().describe('desktops erase matching local data when they fetch it'),
});
export type CustomerDeletionResponse = z.infer<typeof customerDeletionResponseSchema>;

export const purgeInstructionSchema = z.object({
  id: z.string(),
  createdAt: isoDateTime,
  customerKeys: z.array(z.string()),
  leadIds: z.array(z.uuid()),
});
export type PurgeInstruction = z.infer<typeof purgeInstructionSchema>;

export const purgeInstructionsQuerySchema = z.object({
  after: z.string().regex(/^\d{1,18}$/).optional().describe('id of the last instruction applied'),
});
export type PurgeInstructionsQuery = z.infer<typeof purgeInstructionsQuerySchema>;

export const purgeInstructionListResponseSchema = z.object({
  instructions: z.array(purgeInstructionSchema),
});
export type PurgeInstructionListResponse = z.infer<typeof purgeInstructionListResponseSchema>;

export const dealershipDeletionRequestSchema = z.object({
  confirmName: z.string().describe("the dealership's exact name, as a safety catch"),
});
export type DealershipDeletionRequest = z.infer<typeof dealershipDeletionRequestSchema>;

export const dealershipDeletionReceiptSchema = z.object({
  receiptId: z.uuid(),
  dealershipId: z.uuid(),
  deletedAt: isoDateTime,
  deleted: deletedCountsSchema.describe('rows deleted per table'),
});
export type DealershipDeletionReceipt = z.infer<typeof dealershipDeletionReceiptSchema>;

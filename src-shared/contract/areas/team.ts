import { z } from 'zod';
import { call } from '../define';
import { memberRole } from './session';

// Team administration of the chosen dealership (window.leadpulse.team): the cloud decides who may.

export const teamMember = z.object({ userId: z.string(), email: z.string(), role: memberRole, since: z.string() });
export type TeamMember = z.infer<typeof teamMember>;

export const teamInvitation = z.object({ id: z.string(), email: z.string(), role: memberRole, createdAt: z.string() });
export type TeamInvitation = z.infer<typeof teamInvitation>;

/** team.invite: sent, or not sent because that email's pending invitation has another role. */
export const teamInviteOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('sent'), invitation: teamInvitation }),
  z.object({
    status: z.literal('role-differs'),
    email: z.string(),
    /** The role the pending invitation has (and keeps unless invited again with replaceRole). */
    currentRole: memberRole,
    /** The role asked for this time. */
    role: memberRole,
  }),
]);
export type TeamInviteOutcome = z.infer<typeof teamInviteOutcome>;

export const teamCalls = {
  'team.listMembers': call({
    summary: 'The members of the chosen dealership, from the cloud (admins and managers).',
    args: z.object({}).strict(),
    result: z.object({ members: z.array(teamMember) }),
  }),
  'team.invite': call({
    summary:
      'Invite someone by email with a role (admins); they join at their next sign-in with that email. ' +
      'An invitation already pending for that email with another role keeps its role (role-differs) ' +
      'unless replaceRole is true: the screen asks the admin first.',
    args: z.object({ email: z.email().max(320), role: memberRole, replaceRole: z.boolean().optional() }).strict(),
    result: teamInviteOutcome,
  }),
  'team.revokeInvitation': call({
    summary: 'Revoke a pending invitation (admins): that email no longer joins at sign-in, and its seat is free.',
    args: z.object({ invitationId: z.string().min(1).max(64) }).strict(),
    result: z.object({}),
  }),
  'team.listInvitations': call({
    summary: 'Invitations not accepted yet (admins).',
    args: z.object({}).strict(),
    result: z.object({ invitations: z.array(teamInvitation) }),
  }),
  'team.changeRole': call({
    summary: 'Change a member’s role (admins); the dealership always keeps one admin.',
    args: z.object({ userId: z.string().min(1).max(64), role: memberRole }).strict(),
    result: teamMember,
  }),
  'team.removeMember': call({
    summary: 'Remove a member (admins); their access to the dealership ends at once.',
    args: z.object({ userId: z.string().min(1).max(64) }).strict(),
    result: z.object({}),
  }),
} as const;

import {
  memberRole,
  type MemberRole,
  type SessionMembership,
  type TeamInvitation,
  type TeamInviteOutcome,
  type TeamMember,
} from '../../../src-shared/contract/areas/session';
import { applyMemberships } from './access-ended';
import type { BearerSource } from './cloud-client';
import { cloudCall } from './cloud-call';
import { CloudHttpError } from './errors';
import type { SessionContext } from './session-context';

/** The team of the chosen dealership: members, invitations, roles. The cloud decides who may. */
export class TeamAdmin {
  constructor(
    private readonly ctx: SessionContext,
    private readonly auth: BearerSource,
  ) {}

  async listMembers(): Promise<{ members: TeamMember[] }> {
    const dealership = this.ctx.requireDealership();
    return cloudCall(this.ctx, this.auth, () => this.ctx.options.cloud.listMembers(this.auth, dealership.dealershipId), dealership);
  }

  /**
   * Sends the invitation. When that email's pending invitation has another role the cloud
   * keeps it (409 invitation_role_differs) and this answers role-differs, so the screen can ask
   * the admin before inviting again with replaceRole.
   */
  async invite(email: string, role: MemberRole, replaceRole: boolean): Promise<TeamInviteOutcome> {
    const dealership = this.ctx.requireDealership();
    return cloudCall(
      this.ctx,
      this.auth,
      async (): Promise<TeamInviteOutcome> => {
        try {
          const invitation = await this.ctx.options.cloud.invite(this.auth, dealership.dealershipId, {
            email,
            role,
            ...(replaceRole ? { replaceRole: true } : {}),
          });
          return { status: 'sent', invitation };
        } catch (error) {
          const currentRole = roleDiffers(error);
          if (currentRole === null) throw error;
          return { status: 'role-differs', email: email.trim().toLowerCase(), currentRole, role };
        }
      },
      dealership,
      (error) => (error.code === 'already_member' ? `${email} is already a member of ${dealership.dealershipName}.` : null),
    );
  }

  async revokeInvitation(invitationId: string): Promise<Record<string, never>> {
    const dealership = this.ctx.requireDealership();
    await cloudCall(
      this.ctx,
      this.auth,
      () => this.ctx.options.cloud.revokeInvitation(this.auth, dealership.dealershipId, invitationId),
      dealership,
      (error) =>
        error.status === 404 ? 'That invitation is no longer pending: it was accepted or revoked already. Refresh the list.' : null,
    );
    return {};
  }

  async listInvitations(): Promise<{ invitations: TeamInvitation[] }> {
    const dealership = this.ctx.requireDealership();
    return cloudCall(this.ctx, this.auth, () => this.ctx.options.cloud.listInvitations(this.auth, dealership.dealershipId), dealership);
  }

  async changeRole(userId: string, role: MemberRole): Promise<TeamMember> {
    const ctx = this.ctx;
    const saved = ctx.requireSignedIn();
    const dealership = ctx.requireDealership();
    const member = await cloudCall(
      ctx,
      this.auth,
      () => ctx.options.cloud.changeRole(this.auth, dealership.dealershipId, userId, { role }),
      dealership,
      (error) => memberRefusal(error, dealership),
    );
    // Changing one's own role: the session shows the new role at once.
    if (userId === saved.user.id && ctx.saved === saved) {
      await applyMemberships(
        ctx,
        saved,
        saved.memberships.map((m) => (m.dealershipId === dealership.dealershipId ? { ...m, role: member.role } : m)),
      );
    }
    return member;
  }

  async removeMember(userId: string): Promise<Record<string, never>> {
    const dealership = this.ctx.requireDealership();
    await cloudCall(
      this.ctx,
      this.auth,
      () => this.ctx.options.cloud.removeMember(this.auth, dealership.dealershipId, userId),
      dealership,
      (error) => memberRefusal(error, dealership),
    );
    return {};
  }
}

/** The pending invitation's role when the cloud refused to change it silently; else null. */
function roleDiffers(error: unknown): MemberRole | null {
  if (!(error instanceof CloudHttpError) || error.status !== 409 || error.code !== 'invitation_role_differs') return null;
  const parsed = memberRole.safeParse(error.fields.currentRole);
  return parsed.success ? parsed.data : null;
}

function memberRefusal(error: CloudHttpError, dealership: SessionMembership): string | null {
  if (error.status === 409 && error.code === 'last_admin') {
    return `${dealership.dealershipName} needs at least one admin. Make someone else an admin first.`;
  }
  if (error.status === 404) return 'That person is no longer on the team. Refresh the list.';
  return null;
}

import type { MemberRole, SessionMembership, TeamInvitation, TeamMember } from '../../../src-shared/contract/areas/session';
import { applyMemberships } from './access-ended';
import type { BearerSource } from './cloud-client';
import { cloudCall } from './cloud-call';
import type { CloudHttpError } from './errors';
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

  async invite(email: string, role: MemberRole): Promise<TeamInvitation> {
    const dealership = this.ctx.requireDealership();
    return cloudCall(
      this.ctx,
      this.auth,
      () => this.ctx.options.cloud.invite(this.auth, dealership.dealershipId, { email, role }),
      dealership,
      (error) => (error.code === 'already_member' ? `${email} is already a member of ${dealership.dealershipName}.` : null),
    );
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

function memberRefusal(error: CloudHttpError, dealership: SessionMembership): string | null {
  if (error.status === 409 && error.code === 'last_admin') {
    return `${dealership.dealershipName} needs at least one admin. Make someone else an admin first.`;
  }
  if (error.status === 404) return 'That person is no longer on the team. Refresh the list.';
  return null;
}

import { memberRole, type MemberRole, type SessionMembership } from '../../../src-shared/contract/areas/session';
import { type TeamInvitation, type TeamInviteOutcome, type TeamMember } from '../../../src-shared/contract/areas/team';
import type { CloudClient } from '../cloud/cloud-client';
import { cloudCall } from '../cloud/cloud-call';
import type { CloudSessionPort } from '../cloud/cloud-port';
import { CloudHttpError } from '../cloud/errors';

/** What team administration needs of the session: who is signed in, for which dealership. */
export interface TeamSession {
  /** The chosen dealership; throws a plain "sign in" / "choose a dealership first" error when none. */
  dealership(): SessionMembership;
  /** The signed-in person's user id (throws when signed out). */
  userId(): string;
  /** One's own role changed at `dealershipId`: the session shows it at once. */
  ownRoleChanged(dealershipId: string, role: MemberRole): Promise<void>;
}

export interface TeamAdminOptions {
  readonly cloud: CloudClient;
  readonly port: CloudSessionPort;
  readonly session: TeamSession;
}

/** The team of the chosen dealership: members, invitations, roles. The cloud decides who may. */
export class TeamAdmin {
  private readonly cloud: CloudClient;
  private readonly port: CloudSessionPort;
  private readonly session: TeamSession;

  constructor(options: TeamAdminOptions) {
    ({ cloud: this.cloud, port: this.port, session: this.session } = options);
  }

  private get auth() {
    return this.port.auth;
  }

  async listMembers(): Promise<{ members: TeamMember[] }> {
    const dealership = this.session.dealership();
    return cloudCall(this.port, () => this.cloud.listMembers(this.auth, dealership.dealershipId), dealership);
  }

  /**
   * Sends the invitation. When that email's pending invitation has another role the cloud
   * keeps it (409 invitation_role_differs) and this answers role-differs, so the screen can ask
   * the admin before inviting again with replaceRole.
   */
  async invite(email: string, role: MemberRole, replaceRole = false): Promise<TeamInviteOutcome> {
    const dealership = this.session.dealership();
    return cloudCall(
      this.port,
      async (): Promise<TeamInviteOutcome> => {
        try {
          const invitation = await this.cloud.invite(this.auth, dealership.dealershipId, {
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
    const dealership = this.session.dealership();
    await cloudCall(
      this.port,
      () => this.cloud.revokeInvitation(this.auth, dealership.dealershipId, invitationId),
      dealership,
      (error) =>
        error.status === 404 ? 'That invitation is no longer pending: it was accepted or revoked already. Refresh the list.' : null,
    );
    return {};
  }

  async listInvitations(): Promise<{ invitations: TeamInvitation[] }> {
    const dealership = this.session.dealership();
    return cloudCall(this.port, () => this.cloud.listInvitations(this.auth, dealership.dealershipId), dealership);
  }

  async changeRole(userId: string, role: MemberRole): Promise<TeamMember> {
    const me = this.session.userId();
    const dealership = this.session.dealership();
    const member = await cloudCall(
      this.port,
      () => this.cloud.changeRole(this.auth, dealership.dealershipId, userId, { role }),
      dealership,
      (error) => memberRefusal(error, dealership),
    );
    // Changing one's own role: the session shows the new role at once.
    if (userId === me) await this.session.ownRoleChanged(dealership.dealershipId, member.role);
    return member;
  }

  async removeMember(userId: string): Promise<Record<string, never>> {
    const dealership = this.session.dealership();
    await cloudCall(
      this.port,
      () => this.cloud.removeMember(this.auth, dealership.dealershipId, userId),
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

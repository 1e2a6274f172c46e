import type { MemberRole } from '../../../../src-shared/contract/areas/session';
import type { TeamInvitation } from '../../../../src-shared/contract/areas/team';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { getClient } from '../../ipc/client';
import { roleLabel } from '../../session/SessionContext';

const aRole = (role: MemberRole) => `${role === 'admin' ? 'an' : 'a'} ${roleLabel(role)}`;

interface ReplaceRoleDialogProps {
  readonly email: string;
  readonly currentRole: MemberRole;
  readonly role: MemberRole;
  readonly dealershipName: string;
  readonly onInvited: (invitation: TeamInvitation) => void;
  readonly onCancel: () => void;
}

/**
 * That email already has a pending invitation with another role: says so and asks before
 * changing it (the cloud never changes it without replaceRole).
 */
export function ReplaceRoleDialog({ email, currentRole, role, dealershipName, onInvited, onCancel }: ReplaceRoleDialogProps) {
  return (
    <ConfirmDialog
      title={`${email} was invited as ${roleLabel(currentRole)}; invite as ${roleLabel(role)} instead?`}
      confirmLabel={`Invite as ${roleLabel(role)}`}
      busyLabel="Inviting…"
      failureMessage={`The invitation for ${email} could not be changed. Try again.`}
      onConfirm={async () => {
        const outcome = await getClient().team.invite({ email, role, replaceRole: true });
        if (outcome.status !== 'sent') throw new Error('the invitation was not changed');
        onInvited(outcome.invitation);
      }}
      onCancel={onCancel}
    >
      <p>
        Their invitation is still waiting. If you go on, they join {dealershipName} as {aRole(role)} instead of {aRole(currentRole)} when
        they next sign in with that email.
      </p>
      <p>Cancel keeps the invitation as it is.</p>
    </ConfirmDialog>
  );
}

interface RevokeInvitationDialogProps {
  readonly invitation: TeamInvitation;
  readonly dealershipName: string;
  readonly onRevoked: () => void;
  readonly onCancel: () => void;
}

/** Names the invitation and what revoking it does, before revoking it. */
export function RevokeInvitationDialog({ invitation, dealershipName, onRevoked, onCancel }: RevokeInvitationDialogProps) {
  return (
    <ConfirmDialog
      title={`Revoke the invitation for ${invitation.email}?`}
      confirmLabel="Revoke invitation"
      busyLabel="Revoking…"
      failureMessage={`The invitation for ${invitation.email} could not be revoked. Try again.`}
      onConfirm={async () => {
        await getClient().team.revokeInvitation({ invitationId: invitation.id });
        onRevoked();
      }}
      onCancel={onCancel}
    >
      <p>
        They were invited as {aRole(invitation.role)}. After this they do not join {dealershipName} when they sign in, and their seat
        is free again.
      </p>
      <p>To let them in later, invite them again.</p>
    </ConfirmDialog>
  );
}

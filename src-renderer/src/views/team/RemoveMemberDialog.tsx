import type { TeamMember } from '../../../../src-shared/contract/areas/team';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { getClient } from '../../ipc/client';
import { roleLabel } from '../../session/SessionContext';

interface RemoveMemberDialogProps {
  readonly member: TeamMember;
  readonly dealershipName: string;
  readonly onRemoved: () => void;
  readonly onCancel: () => void;
}

/** Names the person and says their access ends at once, before removing them. */
export function RemoveMemberDialog({ member, dealershipName, onRemoved, onCancel }: RemoveMemberDialogProps) {
  return (
    <ConfirmDialog
      title={`Remove ${member.email} from ${dealershipName}?`}
      confirmLabel={`Remove ${member.email}`}
      busyLabel="Removing…"
      failureMessage={`${member.email} could not be removed. Try again.`}
      onConfirm={async () => {
        await getClient().team.removeMember({ userId: member.userId });
        onRemoved();
      }}
      onCancel={onCancel}
    >
      <p>
        Their access to {dealershipName} ends at once: their next action in LeadPulse tells them they were removed.
        They are {roleLabel(member.role) === 'Admin' ? 'an' : 'a'} {roleLabel(member.role)} now.
      </p>
      <p>Leads assigned to them become unassigned. To let them back in, invite them again.</p>
    </ConfirmDialog>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { TeamMember } from '../../../../src-shared/contract/areas/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { getClient } from '../../ipc/client';
import { userMessage } from '../../ipc/user-message';
import { roleLabel } from '../../session/SessionContext';

interface RemoveMemberDialogProps {
  readonly member: TeamMember;
  readonly dealershipName: string;
  readonly onRemoved: () => void;
  readonly onCancel: () => void;
}

/** Names the person and says their access ends at once, before removing them. */
export function RemoveMemberDialog({ member, dealershipName, onRemoved, onCancel }: RemoveMemberDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  const remove = async () => {
    setRemoving(true);
    setError(null);
    try {
      await getClient().team.removeMember({ userId: member.userId });
      onRemoved();
    } catch (caught) {
      setError(userMessage(caught, `${member.email} could not be removed. Try again.`));
      setRemoving(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="remove-member-title"
      aria-describedby="remove-member-what"
      onCancel={(event) => {
        event.preventDefault();
        if (!removing) onCancel();
      }}
    >
      <h2 className="dialog__title" id="remove-member-title">
        Remove {member.email} from {dealershipName}?
      </h2>
      <div id="remove-member-what" className="dialog__body">
        <p>
          Their access to {dealershipName} ends at once: their next action in LeadPulse tells them they were removed.
          They are {roleLabel(member.role) === 'Admin' ? 'an' : 'a'} {roleLabel(member.role)} now.
        </p>
        <p>Leads assigned to them become unassigned. To let them back in, invite them again.</p>
      </div>
      {error ? <ErrorNotice message={error} /> : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel} disabled={removing} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button--danger" onClick={() => void remove()} disabled={removing}>
          {removing ? 'Removing…' : `Remove ${member.email}`}
        </button>
      </div>
    </dialog>
  );
}

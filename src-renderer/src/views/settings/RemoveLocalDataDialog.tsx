import type { CallResult } from '../../../../src-shared/contract/ipc-contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatCount } from '../../format/lead';
import { getClient } from '../../ipc/client';

export type RemovedLocalData = CallResult<'settings.removeAllLocalData'>;

interface RemoveLocalDataDialogProps {
  /** Approved replies not sent yet (waiting or failed): named, because they are lost with the data. */
  readonly unsentReplies: number;
  readonly onRemoved: (removed: RemovedLocalData) => void;
  readonly onCancel: () => void;
}

/** Names exactly what "Remove all local data" deletes, and what it leaves alone, before doing it. */
export function RemoveLocalDataDialog({ unsentReplies, onRemoved, onCancel }: RemoveLocalDataDialogProps) {
  return (
    <ConfirmDialog
      title="Remove all LeadPulse data from this computer?"
      confirmLabel="Remove all local data"
      busyLabel="Removing…"
      failureMessage="LeadPulse could not remove its data. Close it and try again."
      onConfirm={async () => onRemoved(await getClient().settings.removeAllLocalData({ confirm: true }))}
      onCancel={onCancel}
    >
      <p>This deletes, from this computer only:</p>
      <ul className="bullet-list">
        <li>the encrypted lead database: every lead, original email, correction, draft and outbox item kept here;</li>
        <li>any copies of it set aside after a repair;</li>
        <li>LeadPulse’s data key in this computer’s keychain.</li>
      </ul>
      {unsentReplies > 0 ? (
        <p className="notice notice--danger">
          {formatCount(unsentReplies)} approved {unsentReplies === 1 ? 'reply has' : 'replies have'} not been sent yet
          and will be lost.
        </p>
      ) : null}
      <p>
        Your dealership’s mailbox and its emails are not touched, so the leads can be read from it again. LeadPulse
        needs a restart afterwards.
      </p>
    </ConfirmDialog>
  );
}

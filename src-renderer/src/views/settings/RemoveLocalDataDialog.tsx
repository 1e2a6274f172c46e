import { useEffect, useRef, useState } from 'react';
import type { CallResult } from '../../../../src-shared/contract/ipc-contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../format/lead';
import { getClient } from '../../ipc/client';
import { userMessage } from '../../ipc/user-message';

export type RemovedLocalData = CallResult<'settings.removeAllLocalData'>;

interface RemoveLocalDataDialogProps {
  /** Approved replies not sent yet: named, because they are lost with the data. */
  readonly unsentReplies: number;
  readonly onRemoved: (removed: RemovedLocalData) => void;
  readonly onCancel: () => void;
}

/** Names exactly what "Remove all local data" deletes, and what it leaves alone, before doing it. */
export function RemoveLocalDataDialog({ unsentReplies, onRemoved, onCancel }: RemoveLocalDataDialogProps) {
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
      onRemoved(await getClient().settings.removeAllLocalData({ confirm: true }));
    } catch (caught) {
      setError(userMessage(caught, 'LeadPulse could not remove its data. Close it and try again.'));
      setRemoving(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="remove-data-title"
      aria-describedby="remove-data-what"
      onCancel={(event) => {
        event.preventDefault();
        if (!removing) onCancel();
      }}
    >
      <h2 className="dialog__title" id="remove-data-title">
        Remove all LeadPulse data from this computer?
      </h2>
      <div id="remove-data-what" className="dialog__body">
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
      </div>
      {error ? <ErrorNotice message={error} /> : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel} disabled={removing} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button--danger" onClick={() => void remove()} disabled={removing}>
          {removing ? 'Removing…' : 'Remove all local data'}
        </button>
      </div>
    </dialog>
  );
}

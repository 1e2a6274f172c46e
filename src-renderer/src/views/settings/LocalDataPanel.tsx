import { useState } from 'react';
import { useBadgeCounts } from '../../hooks/useBadgeCounts';
import type { LocalDataState } from '../../hooks/useLocalDataStatus';
import { useLocalData } from '../../local-data/LocalDataContext';
import { RemoveLocalDataDialog, type RemovedLocalData } from './RemoveLocalDataDialog';

function describe(status: LocalDataState): string {
  switch (status.state) {
    case 'checking':
    case 'opening':
      return 'Opening…';
    case 'ready':
      return 'Encrypted and open';
    case 'unavailable':
    case 'failed':
      return `Can’t be opened. ${status.message ?? ''}`.trim();
    case 'removed':
      return 'Removed from this computer. Restart LeadPulse to start again.';
  }
}

/** Settings → Data on this computer: whether the encrypted store is open, and removing it. */
export function LocalDataPanel() {
  const { status, refresh } = useLocalData();
  const counts = useBadgeCounts(status.state === 'ready');
  const [confirming, setConfirming] = useState(false);
  const [removed, setRemoved] = useState<RemovedLocalData | null>(null);

  return (
    <section className="panel" aria-labelledby="local-data-title">
      <h2 className="panel__title" id="local-data-title">
        Data on this computer
      </h2>
      <p className="panel__text">
        Leads, their original emails, corrections, drafts and the outbox are kept on this computer so you can work
        offline. They are encrypted with a key held in this computer’s keychain.
      </p>
      <dl className="facts">
        <div className="facts__row">
          <dt>Status</dt>
          <dd data-testid="local-data-status">{describe(status)}</dd>
        </div>
      </dl>
      {removed ? (
        <div className="removed-report" role="status">
          <p>
            <strong>All LeadPulse data on this computer was removed. Restart LeadPulse to start again.</strong>
          </p>
          <p>Deleted files: {removed.deletedFiles.length > 0 ? removed.deletedFiles.join(', ') : 'none were left'}.</p>
          <p>
            {removed.keychainEntryDeleted
              ? 'The data key was deleted from this computer’s keychain.'
              : 'There was no data key in this computer’s keychain to delete.'}
          </p>
        </div>
      ) : (
        <div className="panel__actions">
          <button
            type="button"
            className="button button--danger-quiet"
            disabled={status.state === 'removed' || status.state === 'checking' || status.state === 'opening'}
            onClick={() => setConfirming(true)}
          >
            Remove all local data…
          </button>
        </div>
      )}
      {confirming ? (
        <RemoveLocalDataDialog
          unsentReplies={(counts?.outboxPending ?? 0) + (counts?.outboxFailed ?? 0)}
          onCancel={() => setConfirming(false)}
          onRemoved={(result) => {
            setConfirming(false);
            setRemoved(result);
            refresh();
          }}
        />
      ) : null}
    </section>
  );
}

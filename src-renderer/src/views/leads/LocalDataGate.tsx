import type { LocalDataState } from '../../hooks/useLocalDataStatus';

/**
 * What the Leads view shows instead of leads while the store is not open: a calm wait while
 * main unlocks it, or a full-pane explanation of why it cannot, and what to do.
 */
export function LocalDataGate({ status }: { readonly status: Exclude<LocalDataState, { state: 'ready' }> }) {
  switch (status.state) {
    case 'checking':
    case 'opening':
      return (
        <div className="store-state" role="status" data-testid="store-opening">
          <span className="store-state__spinner" aria-hidden="true" />
          <p className="store-state__title">Opening your leads…</p>
          <p className="store-state__text">LeadPulse is unlocking the encrypted lead data on this computer.</p>
        </div>
      );
    case 'unavailable':
    case 'failed':
      return (
        <div className="store-state store-state--error" role="alert" data-testid="store-unavailable">
          <h2 className="store-state__title">LeadPulse can’t open its encrypted data on this computer</h2>
          {status.message ? <p className="store-state__text">{status.message}</p> : null}
          <p className="store-state__text">
            Your leads are safe in your dealership’s mailbox. Restart LeadPulse; if this keeps happening, ask your IT
            team to check that this computer’s keychain (Windows Credential Manager, macOS Keychain or the Linux
            Secret Service) is unlocked and reachable. LeadPulse never stores customer data without encryption.
          </p>
        </div>
      );
    case 'removed':
      return (
        <div className="store-state" role="status" data-testid="store-removed">
          <h2 className="store-state__title">LeadPulse data on this computer was removed</h2>
          <p className="store-state__text">
            {status.message ?? 'Restart LeadPulse to start again.'}
          </p>
        </div>
      );
  }
}

import { useState } from 'react';
import { useLocalData } from '../local-data/LocalDataContext';

/** Shown once after main found the store damaged and rebuilt it: what was kept or lost. */
export function RecoveryBanner() {
  const { status } = useLocalData();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const message = status.state === 'ready' ? status.recoveryMessage : null;
  if (!message || dismissed === message) return null;

  return (
    <div className="banner banner--warn" role="status" data-testid="recovery-banner">
      <p className="banner__text">
        <strong>LeadPulse repaired its data on this computer.</strong> {message}
      </p>
      <button type="button" className="button button--quiet" onClick={() => setDismissed(message)}>
        Dismiss
      </button>
    </div>
  );
}

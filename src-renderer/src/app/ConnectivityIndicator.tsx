import { clockTime } from '../format/time';
import { useConnectivity, type Connectivity } from '../hooks/useConnectivity';
import { useSession } from '../session/SessionContext';

function describe(connectivity: Connectivity): { label: string; detail: string } {
  switch (connectivity.state) {
    case 'checking':
      return { label: 'Checking connection…', detail: 'Asking LeadPulse whether the cloud is reachable.' };
    case 'online':
      return { label: 'Online', detail: 'Connected to the LeadPulse cloud.' };
    case 'offline':
      return {
        label: 'Offline — drafts and review still work',
        detail: 'Approved replies wait in the Outbox and go out when the connection returns.',
      };
    case 'unknown':
      return { label: 'Connection status unavailable', detail: connectivity.reason };
  }
}

function lastChecked(connectivity: Connectivity): string {
  if (connectivity.state !== 'online' && connectivity.state !== 'offline') return '';
  if (!connectivity.checkedAt) return '';
  const at = clockTime(connectivity.checkedAt);
  // An unreadable time comes back as given: say nothing then.
  return at === connectivity.checkedAt ? '' : ` Last checked ${at}.`;
}

/**
 * The calm online/offline pill in the top bar; main decides the state, this only shows it. A
 * setup problem the cloud reports (https_required) shows in place of "Online".
 */
export function ConnectivityIndicator() {
  const connectivity = useConnectivity();
  const { session } = useSession();
  // The cloud answers but refuses this computer's setup (https_required): "Online" would say all is well.
  const setupProblem = connectivity.state === 'online' && session.status === 'signed-in' && Boolean(session.cloudProblem);
  const { label, detail } = setupProblem
    ? {
        label: 'Setup problem — contact IT',
        detail: 'LeadPulse reaches its servers, but they refuse how this computer is set up, so team features are paused. Your leads on this computer still work.',
      }
    : describe(connectivity);
  const state = setupProblem ? 'setup-problem' : connectivity.state;

  // The tooltip sits on a wrapper so the live region's name stays its own text.
  return (
    <div className={`connectivity connectivity--${setupProblem ? 'offline' : connectivity.state}`} title={detail + lastChecked(connectivity)}>
      <div className="connectivity__status" role="status" data-testid="connectivity" data-state={state}>
        <span className="connectivity__dot" aria-hidden="true" />
        <span className="connectivity__label">{label}</span>
      </div>
    </div>
  );
}

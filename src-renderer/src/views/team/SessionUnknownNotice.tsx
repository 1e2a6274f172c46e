import { ErrorNotice } from '../../components/ErrorNotice';
import { getClient } from '../../ipc/client';
import { useUserAction } from '../../hooks/useUserAction';
import { useSession } from '../../session/SessionContext';

/** The sign-in could not be checked: why, and a way to ask main again. */
export function SessionUnknownNotice({ message }: { readonly message: string }) {
  const { apply } = useSession();
  const { busy, error, run } = useUserAction();
  const retry = () => run(async () => apply(await getClient().session.getState()), 'LeadPulse could not check your sign-in.');
  return (
    <section className="panel" aria-labelledby="session-unknown-title">
      <h2 className="panel__title" id="session-unknown-title">
        Your sign-in could not be checked
      </h2>
      <ErrorNotice message={error ?? message} />
      <p className="panel__text">Leads on this computer keep working meanwhile.</p>
      <div className="panel__actions">
        <button type="button" className="button" disabled={busy} onClick={() => void retry()}>
          {busy ? 'Checking…' : 'Try again'}
        </button>
      </div>
    </section>
  );
}

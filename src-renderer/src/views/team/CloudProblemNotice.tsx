import { ErrorNotice } from '../../components/ErrorNotice';
import { getClient } from '../../ipc/client';
import { useUserAction } from '../../hooks/useUserAction';
import { useSession } from '../../session/SessionContext';

/**
 * The cloud refuses this computer's setup (e.g. its address is not https): whom to contact,
 * that the sign-in and the leads are kept, and a way to check again once IT has fixed it.
 */
export function CloudProblemNotice({ problem, email }: { readonly problem: string; readonly email: string }) {
  const { apply } = useSession();
  const { busy, error, run } = useUserAction();
  const retry = () =>
    run(
      async () => apply(await getClient().session.refresh()),
      'LeadPulse could not reach its cloud service. Try again later.',
      // The same refusal again: the notice above already says it.
      (message) => (message === problem ? 'Still the same: the cloud address has not been changed yet.' : message),
    );
  return (
    <section className="panel" aria-labelledby="cloud-problem-title">
      <h2 className="panel__title" id="cloud-problem-title">
        Team features are paused on this computer
      </h2>
      <p className="notice notice--danger" role="alert">
        {problem}
      </p>
      <p className="panel__text">
        You stay signed in as <strong>{email}</strong>. LeadPulse does not keep trying by itself; once IT has fixed the
        address, check again.
      </p>
      {error ? <ErrorNotice message={error} /> : null}
      <div className="panel__actions">
        <button type="button" className="button" disabled={busy} onClick={() => void retry()}>
          {busy ? 'Checking…' : 'Check again'}
        </button>
      </div>
    </section>
  );
}

import type { SignInProviderId } from '../../../../src-shared/contract/areas/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { getClient } from '../../ipc/client';
import { useUserAction } from '../../hooks/useUserAction';
import { useSession } from '../../session/SessionContext';

const labels: Record<SignInProviderId, string> = { google: 'Google', microsoft: 'Microsoft' };

/**
 * Waiting for the browser: what to do there, how to get the page back, how to stop.
 * `signedInAs`: signing in again while signed in; that session stays in use meanwhile.
 */
export function SigningInPanel({ provider, signedInAs }: { readonly provider: SignInProviderId; readonly signedInAs?: string }) {
  const { apply, signInAgain } = useSession();
  const { busy, error, setError, run } = useUserAction();
  const label = labels[provider];
  const cancel = () => run(async () => apply(await getClient().session.cancelSignIn()), 'Signing in could not be cancelled. Try again.');
  // A fresh start (new state, new listener): the old page, if it comes back, is refused. The
  // email the rep typed still pre-selects their account.
  const reopen = async () => {
    setError(null);
    setError(await signInAgain(provider));
  };
  return (
    <section className="panel" aria-labelledby="signing-in-title" aria-live="polite">
      <h2 className="panel__title" id="signing-in-title">
        Finish signing in with {label} in your browser
      </h2>
      <p className="panel__text">
        The {label} sign-in page opened in your web browser. Choose your work account and approve LeadPulse.
        When it says you are signed in, come back here: this window updates by itself.
      </p>
      {signedInAs ? (
        <p className="panel__hint">
          Until then you stay signed in as <strong>{signedInAs}</strong>. Cancel keeps it that way.
        </p>
      ) : null}
      {error ? <ErrorNotice message={error} /> : null}
      <div className="panel__actions">
        <button type="button" className="button" onClick={() => void reopen()}>
          Open the sign-in page again
        </button>
        <button type="button" className="button button--quiet" disabled={busy} onClick={() => void cancel()}>
          Cancel
        </button>
      </div>
    </section>
  );
}

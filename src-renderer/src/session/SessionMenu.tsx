import { useState } from 'react';
import { getClient } from '../ipc/client';
import { userMessage } from '../ipc/user-message';
import { hrefOf } from '../app/routes';
import { roleLabel, useSession } from './SessionContext';

/** Top bar: who is signed in, for which dealership, in which role; or the way to sign in. */
export function SessionMenu() {
  const { session, apply } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (session.status === 'restoring' || session.status === 'unknown' || session.status === 'revoked') return null;
  if (session.status === 'signed-out' || session.status === 'signing-in') {
    return (
      <div className="session-menu">
        {session.status === 'signing-in' ? (
          <span className="session-menu__note">Signing in…</span>
        ) : (
          <a className="button button--small" href={hrefOf('team')}>
            Sign in
          </a>
        )}
      </div>
    );
  }

  const signOut = async () => {
    setBusy(true);
    setError(null);
    try {
      apply(await getClient().session.signOut());
    } catch (e) {
      setError(userMessage(e, 'Signing out did not work. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  // Signing in again: the session in use stays; the top bar says a sign-in is open and how to stop it.
  const cancelSignIn = async () => {
    setBusy(true);
    setError(null);
    try {
      apply(await getClient().session.cancelSignIn());
    } catch (e) {
      setError(userMessage(e, 'Signing in could not be cancelled. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  const d = session.dealership;
  return (
    <div className="session-menu" data-testid="session-menu">
      <div className="session-menu__who">
        <span className="session-menu__email">{session.user.email}</span>
        <span className="session-menu__where">
          {d ? (
            <>
              {d.dealershipName} · <span data-testid="session-role">{roleLabel(d.role)}</span>
            </>
          ) : session.memberships.length === 0 ? (
            'Not part of a dealership yet'
          ) : (
            'No dealership chosen'
          )}
          {session.cloudProblem ? (
            <>
              {' · '}
              <a href={hrefOf('team')} data-testid="session-cloud-problem">
                team features paused: contact IT
              </a>
            </>
          ) : session.offline ? (
            ' · LeadPulse servers can’t be reached — you can keep reviewing leads'
          ) : (
            ''
          )}
        </span>
      </div>
      {session.signingIn ? (
        <span className="session-menu__note" data-testid="session-signing-in">
          Finishing sign-in in your browser…{' '}
          <button type="button" className="button button--small button--quiet" onClick={() => void cancelSignIn()} disabled={busy}>
            Cancel
          </button>
        </span>
      ) : null}
      <button type="button" className="button button--small" onClick={() => void signOut()} disabled={busy}>
        Sign out
      </button>
      {error ? (
        <span className="session-menu__error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

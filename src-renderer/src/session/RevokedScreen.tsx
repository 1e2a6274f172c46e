import { useEffect, useRef, useState } from 'react';
import { ErrorNotice } from '../components/ErrorNotice';
import { getClient } from '../ipc/client';
import { userMessage } from '../ipc/user-message';
import { hrefOf } from '../app/routes';
import { useSession } from './SessionContext';

/** Full screen, over everything: the cloud said this person's access has ended. */
export function RevokedScreen({ email, dealershipName, message }: { readonly email: string | null; readonly dealershipName: string | null; readonly message: string }) {
  const { apply } = useSession();
  const heading = useRef<HTMLHeadingElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => heading.current?.focus(), []);

  const leave = async (to: 'team' | 'leads') => {
    setBusy(true);
    setError(null);
    try {
      apply(await getClient().session.signOut());
      window.location.hash = hrefOf(to);
    } catch (caught) {
      // This screen stays until signing out worked: say why, and keep both ways out.
      setError(userMessage(caught, 'LeadPulse could not sign you out. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="revoked" role="alertdialog" aria-modal="true" aria-labelledby="revoked-title" aria-describedby="revoked-text">
      <div className="revoked__card">
        <h1 className="revoked__title" id="revoked-title" tabIndex={-1} ref={heading}>
          {dealershipName ? `Your access to ${dealershipName} has ended` : 'Your sign-in has ended'}
        </h1>
        <p id="revoked-text">{message}</p>
        {email ? <p className="revoked__who">Signed in as {email} until now.</p> : null}
        {error ? <ErrorNotice message={error} /> : null}
        <div className="revoked__actions">
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void leave('team')}>
            Sign in again
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void leave('leads')}>
            Work on this computer’s leads
          </button>
        </div>
      </div>
    </div>
  );
}

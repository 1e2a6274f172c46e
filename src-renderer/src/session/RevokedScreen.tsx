import { useEffect, useRef } from 'react';
import { ErrorNotice } from '../components/ErrorNotice';
import { getClient } from '../ipc/client';
import { useUserAction } from '../hooks/useUserAction';
import { hrefOf } from '../app/routes';
import { useSession } from './SessionContext';

/** Full screen, over everything: the cloud said this person's access has ended. */
export function RevokedScreen({ email, dealershipName, message }: { readonly email: string | null; readonly dealershipName: string | null; readonly message: string }) {
  const { apply } = useSession();
  const heading = useRef<HTMLHeadingElement>(null);
  const { busy, error, run } = useUserAction();
  useEffect(() => heading.current?.focus(), []);

  // This screen stays until signing out worked: on failure it says why and keeps both ways out.
  const leave = (to: 'team' | 'leads') =>
    run(async () => {
      apply(await getClient().session.signOut());
      window.location.hash = hrefOf(to);
    }, 'LeadPulse could not sign you out. Try again.');

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

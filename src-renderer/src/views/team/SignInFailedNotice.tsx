import { ErrorNotice } from '../../components/ErrorNotice';
import { useSession } from '../../session/SessionContext';

/** Signing in again did not complete: why, and that the session in use was kept. */
export function SignInFailedNotice({ message, email }: { readonly message: string; readonly email: string }) {
  // Dismissed for this failure, across visits to Team (the session provider keeps it).
  const { dismissedMessage, dismissMessage } = useSession();
  if (dismissedMessage === message) return null;
  return (
    <section className="panel" aria-labelledby="sign-in-failed-title">
      <h2 className="panel__title" id="sign-in-failed-title">
        Signing in again did not finish
      </h2>
      <ErrorNotice message={message} />
      <p className="panel__text">
        You are still signed in as <strong>{email}</strong>.
      </p>
      <div className="panel__actions">
        <button type="button" className="button button--quiet" onClick={() => dismissMessage(message)}>
          Dismiss
        </button>
      </div>
    </section>
  );
}

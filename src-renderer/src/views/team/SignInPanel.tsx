import { useId, useState, type FormEvent } from 'react';
import type { SignInProvider, SignInProviderId } from '../../../../src-shared/contract/areas/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useSession } from '../../session/SessionContext';

/** Signed out: sign in with the dealership mailbox's provider; what happens next, in plain words. */
export function SignInPanel({ providers, message, blockedReason }: {
  readonly providers: readonly SignInProvider[];
  readonly message: string | null;
  readonly blockedReason: string | null;
}) {
  const { signIn } = useSession();
  const emailId = useId();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [provider, setProvider] = useState<SignInProviderId | null>(null);

  const start = async (id: SignInProviderId) => {
    setBusy(true);
    setError(null);
    setProvider(id);
    const problem = await signIn(id, email.trim() || undefined);
    setError(problem);
    setBusy(false);
  };
  // Enter does what the button would: the provider tried last (after a failed start), else the first one.
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = providers.find((p) => p.available && p.id === provider) ?? providers.find((p) => p.available);
    if (chosen && !busy && blockedReason === null) void start(chosen.id);
  };

  return (
    <section className="panel sign-in" aria-labelledby="sign-in-title">
      <h2 className="panel__title" id="sign-in-title">
        Sign in to see your team
      </h2>
      <p className="panel__text">
        Sign in with the work account you use for the dealership’s email. Your web browser opens the
        Google or Microsoft sign-in page; choose your account there and LeadPulse continues by itself.
        Your leads on this computer work without signing in.
      </p>
      {blockedReason ? <p className="notice notice--danger" role="alert">{blockedReason}</p> : null}
      {message ? <ErrorNotice message={message} /> : null}
      {error ? <ErrorNotice message={error} /> : null}
      <form className="sign-in__form" onSubmit={onSubmit}>
        <label className="field" htmlFor={emailId}>
          <span className="field__label">Work email (optional)</span>
          <input
            id={emailId}
            className="text-input"
            type="email"
            autoComplete="email"
            placeholder="you@dealership.com"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <span className="field__hint">Pre-selects your account on the sign-in page.</span>
        </label>
        <div className="sign-in__providers">
          {providers.map((p) => (
            <button
              key={p.id}
              type="button"
              className="button button--primary"
              disabled={busy || !p.available || blockedReason !== null}
              onClick={() => void start(p.id)}
            >
              Sign in with {p.label}
            </button>
          ))}
        </div>
        {providers.some((p) => !p.available) ? (
          <p className="panel__hint">
            {providers.filter((p) => !p.available).map((p) => p.label).join(' and ')} sign-in is not set up in this copy of LeadPulse.
          </p>
        ) : null}
      </form>
    </section>
  );
}

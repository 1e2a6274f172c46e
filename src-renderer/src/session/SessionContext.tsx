import { createContext, use, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SessionState, SignInProviderId } from '../../../src-shared/contract/areas/session';
import { getClient } from '../ipc/client';
import { userMessage } from '../ipc/user-message';

export type SessionView = SessionState | { readonly status: 'unknown'; readonly message: string };

interface SessionValue {
  readonly session: SessionView;
  /** Starts the browser sign-in; answers a user-written error, or null when it started. */
  readonly signIn: (provider: SignInProviderId, email?: string) => Promise<string | null>;
  /** Starts it again ("Open the sign-in page again") with the email the last start was given. */
  readonly signInAgain: (provider: SignInProviderId) => Promise<string | null>;
  readonly apply: (next: SessionState) => void;
  /** The re-sign-in failure (signed-in message) the rep dismissed; null when none was. */
  readonly dismissedMessage: string | null;
  /** Hides that failure until main reports another one (or none, then a new one). */
  readonly dismissMessage: (message: string) => void;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * The cloud session as main knows it. Subscribes before asking, so a change that lands while
 * the first answer is in flight is not lost.
 */
export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [session, setSession] = useState<SessionView>({ status: 'restoring' });

  useEffect(() => {
    let active = true;
    let heard = false;
    const client = getClient();
    const unsubscribe = client.session.onChanged((next) => {
      heard = true;
      if (active) setSession(next);
    });
    client.session.getState().then(
      (next) => {
        if (active && !heard) setSession(next);
      },
      (error: unknown) => {
        if (active && !heard) setSession({ status: 'unknown', message: userMessage(error, 'LeadPulse could not check your sign-in.') });
      },
    );
    return () => {
      active = false;
      unsubscribe();
    };
  }, []);

  // Kept here, not in the Team view, so a dismissed failure stays dismissed when the rep comes
  // back; forgotten once main no longer reports it, so the next failure shows again.
  const [dismissedMessage, dismissMessage] = useState<string | null>(null);
  const currentMessage = session.status === 'signed-in' ? (session.message ?? null) : null;
  if (dismissedMessage !== null && dismissedMessage !== currentMessage) dismissMessage(null);

  const lastEmail = useRef<string | undefined>(undefined);
  const signIn = useCallback(
    async (provider: SignInProviderId, email?: string) => {
      lastEmail.current = email;
      try {
        const started = await getClient().session.signIn(email ? { provider, email } : { provider });
        // The browser host cannot open a system browser: the page opens the provider's page itself.
        if (!started.opened) window.open(started.signInUrl, '_blank', 'noopener');
        return null;
      } catch (error) {
        return userMessage(error, 'Signing in could not start. Try again.');
      }
    },
    [],
  );

  const signInAgain = useCallback((provider: SignInProviderId) => signIn(provider, lastEmail.current), [signIn]);

  const value = useMemo(
    () => ({ session, signIn, signInAgain, apply: setSession, dismissedMessage, dismissMessage }),
    [session, signIn, signInAgain, dismissedMessage],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionValue {
  const value = use(SessionContext);
  if (!value) throw new Error('useSession needs a SessionProvider above it');
  return value;
}

export const roleLabel = (role: 'admin' | 'manager' | 'rep'): string =>
  ({ admin: 'Admin', manager: 'Manager', rep: 'Rep' })[role];

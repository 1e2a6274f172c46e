import { useCallback, useEffect, useState } from 'react';
import type { LocalDataStatus } from '../../../src-shared/contract/areas/settings';
import { getClient } from '../ipc/client';
import { userMessage } from '../ipc/user-message';

export type LocalDataState =
  | { readonly state: 'checking' }
  | LocalDataStatus
  | { readonly state: 'failed'; readonly message: string };

const openingPollMs = 250;

/**
 * Whether the encrypted lead store on this computer is open. Asks again while main is still
 * unlocking it, then stops: the other states only change through this window (removal).
 */
export function useLocalDataStatus(): { readonly status: LocalDataState; readonly refresh: () => void } {
  const [status, setStatus] = useState<LocalDataState>({ state: 'checking' });
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    let active = true;
    let timer: number | undefined;
    const ask = () => {
      getClient()
        .settings.getLocalDataStatus()
        .then(
          (next) => {
            if (!active) return;
            setStatus(next);
            if (next.state === 'opening') timer = window.setTimeout(ask, openingPollMs);
          },
          (error: unknown) => {
            if (active) setStatus({ state: 'failed', message: userMessage(error, 'LeadPulse could not check its data on this computer.') });
          },
        );
    };
    ask();
    return () => {
      active = false;
      window.clearTimeout(timer);
    };
  }, [asked]);

  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  return { status, refresh };
}

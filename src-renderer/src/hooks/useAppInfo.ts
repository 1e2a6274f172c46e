import { useEffect, useState } from 'react';
import { getClient, type LeadPulseClient } from '../ipc/client';
import { userMessage } from '../ipc/user-message';

export type AppInfo = Awaited<ReturnType<LeadPulseClient['app']['getInfo']>>;

export type AppInfoState =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly info: AppInfo }
  | { readonly state: 'failed'; readonly message: string };

/** Name, version and host of the running app, asked from main once per mount. */
export function useAppInfo(): AppInfoState {
  const [result, setResult] = useState<AppInfoState>({ state: 'loading' });

  useEffect(() => {
    let active = true;
    const load = async () => getClient().app.getInfo();
    load().then(
      (info) => {
        if (active) setResult({ state: 'ready', info });
      },
      (error: unknown) => {
        if (active) setResult({ state: 'failed', message: userMessage(error, 'Could not read the app version.') });
      },
    );
    return () => {
      active = false;
    };
  }, []);

  return result;
}

import { useCallback, useState } from 'react';
import { userMessage } from '../ipc/user-message';

/**
 * A button's action that asks main for something: `busy` while it runs (disable the button),
 * and `error` in plain words when it fails (main's own words, else `fallback`; `rewrite` may
 * change them, e.g. when they repeat what the screen already says). setError lets a form put
 * its own check first.
 */
export function useUserAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<void>, fallback: string, rewrite?: (message: string) => string): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      const message = userMessage(caught, fallback);
      setError(rewrite ? rewrite(message) : message);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

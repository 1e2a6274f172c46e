import { useEffect, useState } from 'react';
import type { BadgeCounts } from '../../../src-shared/contract/areas/leads';
import { getClient } from '../ipc/client';

const refreshMs = 30_000;

/**
 * Counts for the navigation badges while the store is open; null before the first answer or
 * when the store is closed. A failed refresh keeps the last counts (badges are a hint).
 */
export function useBadgeCounts(storeReady: boolean): BadgeCounts | null {
  const [counts, setCounts] = useState<BadgeCounts | null>(null);

  useEffect(() => {
    if (!storeReady) return;
    let active = true;
    const ask = () => {
      getClient()
        .leads.badgeCounts({})
        .then(
          (next) => {
            if (active) setCounts(next);
          },
          () => undefined,
        );
    };
    ask();
    const timer = window.setInterval(ask, refreshMs);
    return () => {
      active = false;
      window.clearInterval(timer);
    };
  }, [storeReady]);

  return storeReady ? counts : null;
}

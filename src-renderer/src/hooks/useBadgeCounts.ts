import { useSyncExternalStore } from 'react';
import type { BadgeCounts } from '../../../src-shared/contract/areas/leads';
import { getClient } from '../ipc/client';
import { createPollingFeed } from './pollingFeed';

const refreshMs = 30_000;

/** The navigation and Settings both show these: one feed, so each interval asks main once. */
const badgeCounts = createPollingFeed(() => getClient().leads.badgeCounts({}), refreshMs);

const notListening = () => () => undefined;

/**
 * Counts for the navigation badges while the store is open; null before the first answer or
 * when the store is closed. A failed refresh keeps the last counts (badges are a hint).
 */
export function useBadgeCounts(storeReady: boolean): BadgeCounts | null {
  const counts = useSyncExternalStore(storeReady ? badgeCounts.subscribe : notListening, badgeCounts.getSnapshot);
  return storeReady ? counts : null;
}

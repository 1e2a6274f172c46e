import { useSyncExternalStore } from 'react';
import type { BadgeCounts } from '../../../src-shared/contract/areas/leads';
import { getClient } from '../ipc/client';
import { createChangeFeed } from './changeFeed';

/**
 * The navigation, Outbox and Settings all show these: one feed, asked again only when main
 * says the store changed (leads.changed), never on a timer.
 */
const badgeCounts = createChangeFeed(
  () => getClient().leads.badgeCounts({}),
  (refresh) => getClient().leads.onChanged(() => refresh()),
);

const notListening = () => () => undefined;

/**
 * Counts for the navigation badges while the store is open; null before the first answer or
 * when the store is closed. A failed refresh keeps the last counts (badges are a hint).
 */
export function useBadgeCounts(storeReady: boolean): BadgeCounts | null {
  const counts = useSyncExternalStore(storeReady ? badgeCounts.subscribe : notListening, badgeCounts.getSnapshot);
  return storeReady ? counts : null;
}

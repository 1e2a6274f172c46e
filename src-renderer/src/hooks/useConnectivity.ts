import { useEffect, useState } from 'react';
import { getClient } from '../ipc/client';
import { userMessage } from '../ipc/user-message';

export type Connectivity =
  | { readonly state: 'checking' }
  | { readonly state: 'online' | 'offline'; readonly checkedAt: string | null }
  | { readonly state: 'unknown'; readonly reason: string };

interface Status {
  readonly online: boolean;
  readonly checkedAt: string | null;
}

const fromStatus = (status: Status): Connectivity => ({
  state: status.online ? 'online' : 'offline',
  checkedAt: status.checkedAt,
});

/**
 * Whether main can reach the LeadPulse cloud. Subscribes before asking, so a change that
 * lands while the first answer is in flight is not lost, and a late answer never overwrites it.
 */
export function useConnectivity(): Connectivity {
  const [connectivity, setConnectivity] = useState<Connectivity>({ state: 'checking' });

  useEffect(() => {
    let active = true;
    let heardEvent = false;
    let unsubscribe: (() => void) | undefined;

    // Runs synchronously up to the first await, so the subscription exists before the question.
    const start = async () => {
      const client = getClient();
      unsubscribe = client.connectivity.onChanged((status) => {
        heardEvent = true;
        if (active) setConnectivity(fromStatus(status));
      });
      const status = await client.connectivity.getStatus();
      if (active && !heardEvent) setConnectivity(fromStatus(status));
    };
    start().catch((error: unknown) => {
      if (active && !heardEvent) {
        setConnectivity({ state: 'unknown', reason: userMessage(error, 'Could not check the connection.') });
      }
    });

    return () => {
      active = false;
      unsubscribe?.();
    };
  }, []);

  return connectivity;
}

import type { HandlersFor } from '../ipc/dispatcher';
import type { connectivityCalls } from '../../../src-shared/contract/areas/connectivity';
import type { ConnectivityMonitor } from '../connectivity/connectivity-monitor';

export function connectivityHandlers(monitor: ConnectivityMonitor): HandlersFor<typeof connectivityCalls> {
  return {
    'connectivity.getStatus': () => monitor.current(),
  };
}

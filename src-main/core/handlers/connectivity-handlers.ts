import type { CallHandler } from '../ipc/dispatcher';
import type { ConnectivityMonitor } from '../connectivity/connectivity-monitor';

export function connectivityHandlers(monitor: ConnectivityMonitor): {
  'connectivity.getStatus': CallHandler<'connectivity.getStatus'>;
} {
  return {
    'connectivity.getStatus': () => monitor.current(),
  };
}

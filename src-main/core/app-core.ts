import { createDispatcher, type CallHandlers, type Dispatcher } from './ipc/dispatcher';
import { EventHub } from './ipc/event-hub';
import type { Logger } from './log/logger';
import type { Platform } from './platform/platform';
import { ConnectivityMonitor, httpHealthProbe, type Probe } from './connectivity/connectivity-monitor';
import { appHandlers, type AppIdentity } from './handlers/app-handlers';
import { connectivityHandlers } from './handlers/connectivity-handlers';

export interface AppCoreOptions {
  readonly identity: AppIdentity;
  readonly platform: Platform;
  readonly log: Logger;
  /** Base URL of the LeadPulse cloud API, e.g. http://127.0.0.1:8787 */
  readonly cloudUrl: string;
  readonly now?: () => Date;
  readonly connectivityIntervalMs?: number;
  readonly probe?: Probe;
}

export interface AppCore {
  readonly dispatcher: Dispatcher;
  readonly events: EventHub;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The composition root of the main-process core: wires services to the contract's handlers.
 * Both the Electron shell and the browser host build exactly this, so they cannot drift.
 */
export function createAppCore(options: AppCoreOptions): AppCore {
  const now = options.now ?? (() => new Date());
  const events = new EventHub();
  const monitor = new ConnectivityMonitor({
    probe: options.probe ?? httpHealthProbe(new URL('/health', options.cloudUrl).href),
    intervalMs: options.connectivityIntervalMs ?? 5_000,
    timeoutMs: 3_000,
    now,
    onChange: (status) => events.emit('connectivity.changed', status),
  });
  const handlers: CallHandlers = {
    ...appHandlers(options.identity, options.platform),
    ...connectivityHandlers(monitor),
  };
  return {
    dispatcher: createDispatcher(handlers, options.log),
    events,
    start: () => monitor.start(),
    stop: async () => monitor.stop(),
  };
}

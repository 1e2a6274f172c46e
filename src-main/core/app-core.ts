import { createDispatcher, type CallHandlers, type Dispatcher } from './ipc/dispatcher';
import { EventHub } from './ipc/event-hub';
import type { Logger } from './log/logger';
import type { Platform } from './platform/platform';
import { ConnectivityMonitor, httpHealthProbe, type Probe } from './connectivity/connectivity-monitor';
import { appHandlers, type AppIdentity } from './handlers/app-handlers';
import { connectivityHandlers } from './handlers/connectivity-handlers';
import { leadsHandlers } from './handlers/leads-handlers';
import { settingsHandlers } from './handlers/settings-handlers';
import { LocalDataService } from './local-data/local-data-service';
import type { Keychain } from './secrets/index';

export interface AppCoreOptions {
  readonly identity: AppIdentity;
  readonly platform: Platform;
  readonly log: Logger;
  /** Base URL of the LeadPulse cloud API, e.g. http://127.0.0.1:8787 */
  readonly cloudUrl: string;
  readonly now?: () => Date;
  readonly connectivityIntervalMs?: number;
  readonly probe?: Probe;
  readonly localData: {
    /** The profile's data folder, e.g. <userData>/profiles/default. */
    readonly dataDir: string;
    readonly keychain: Keychain;
    /** Keychain service name; "LeadPulse" in production, unique per test run. */
    readonly keychainService: string;
    readonly seedDemo?: boolean;
    readonly demoEmailsDir?: string;
  };
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
  const localData = new LocalDataService({
    ...options.localData,
    seedDemo: options.localData.seedDemo ?? false,
    log: options.log,
    now,
  });
  // Until sign-in exists (cloud sessions), actions on this desktop are the local user's.
  const actor = () => 'local-user';
  const handlers: CallHandlers = {
    ...appHandlers(options.identity, options.platform),
    ...connectivityHandlers(monitor),
    ...leadsHandlers(localData, actor),
    ...settingsHandlers(localData, actor),
  };
  return {
    dispatcher: createDispatcher(handlers, options.log),
    events,
    start: () => {
      monitor.start();
      void localData.open();
    },
    stop: async () => {
      monitor.stop();
      localData.close();
    },
  };
}

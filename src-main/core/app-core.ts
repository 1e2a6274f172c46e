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
import type { DesktopConfig } from './config/desktop-config';
import { sessionHandlers } from './handlers/session-handlers';
import { CloudClient } from './cloud/cloud-client';
import { PurgeSync } from './deletion/purge-sync';
import { coalesceStoreChanges } from './local-data/leads-changed';
import { teamHandlers } from './handlers/team-handlers';
import { outboxHandlers } from './handlers/outbox-handlers';
import { TeamAdmin } from './team/team-admin';
import type { IntegrityWorkerScript } from './store/index';
import { systemClock, type Clock } from './time/clock';
import { SessionService } from './session/session-service';
import { localStoreVault } from './session/session-vault';
import type { SessionState } from '../../src-shared/contract/areas/session';

export interface AppCoreOptions {
  readonly identity: AppIdentity;
  readonly platform: Platform;
  readonly log: Logger;
  /** Cloud URL and sign-in providers, from loadDesktopConfig(). */
  readonly config: Pick<DesktopConfig, 'cloudUrl' | 'oidc'>;
  /** Time and timers for every service (systemClock unless a test drives it). */
  readonly clock?: Clock;
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
    /** The bundled integrity worker: the store opens at once and is checked off the main thread. */
    readonly integrityWorker?: IntegrityWorkerScript;
  };
}

export interface AppCore {
  readonly dispatcher: Dispatcher;
  readonly events: EventHub;
  start(): void;
  stop(): Promise<void>;
}

/**
 * When a session change should pick up the dealership's customer deletions at once instead of
 * at PurgeSync's next timed run (up to 5 minutes away): signed in to a (new) dealership, or a
 * setup problem (the cloud refusing this computer's setup, e.g. https_required) just cleared,
 * say after the rep pressed "Check again". Not on every other change.
 */
export function purgeRunTrigger(run: () => void): (state: SessionState) => void {
  let lastDealershipId: string | null = null;
  let hadSetupProblem = false;
  return (state) => {
    const signedIn = state.status === 'signed-in';
    const dealershipId = signedIn ? (state.dealership?.dealershipId ?? null) : null;
    const setupProblem = signedIn && state.cloudProblem !== undefined;
    const problemCleared = hadSetupProblem && !setupProblem;
    if (dealershipId !== null && (dealershipId !== lastDealershipId || problemCleared)) run();
    lastDealershipId = dealershipId;
    hadSetupProblem = setupProblem;
  };
}

/**
 * The composition root of the main-process core: wires services to the contract's handlers.
 * Both the Electron shell and the browser host build exactly this, so they cannot drift.
 */
export function createAppCore(options: AppCoreOptions): AppCore {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const events = new EventHub();
  const monitor = new ConnectivityMonitor({
    probe: options.probe ?? httpHealthProbe(new URL('/health', options.config.cloudUrl).href),
    intervalMs: options.connectivityIntervalMs ?? 5_000,
    timeoutMs: 3_000,
    clock,
    onChange: (status) => events.emit('connectivity.changed', status),
  });
  const localData = new LocalDataService({
    ...options.localData,
    seedDemo: options.localData.seedDemo ?? false,
    log: options.log,
    now,
    // The renderer's badges and lists ask again when the store changed, instead of polling.
    onChange: coalesceStoreChanges(clock, (payload) => events.emit('leads.changed', payload)),
  });
  const cloud = new CloudClient({
    baseUrl: options.config.cloudUrl,
    clientLabel: `LeadPulse-desktop/${options.identity.version} (${process.platform}; ${options.platform.host})`,
  });
  let purges: PurgeSync | null = null;
  const purgeOnSessionChange = purgeRunTrigger(() => void purges?.runOnce().catch(() => undefined));
  const session = new SessionService({
    oidc: options.config.oidc,
    cloud,
    vault: localStoreVault(localData),
    platform: options.platform,
    log: options.log,
    // Back online: a sign-in refresh waiting to retry runs at once.
    connectivity: monitor,
    onChange: (state) => {
      events.emit('session.changed', state);
      purgeOnSessionChange(state);
    },
  });
  purges = new PurgeSync({ cloud, port: session.cloudPort(), session, data: localData, log: options.log, clock, online: monitor.signal() });
  // Local actions are recorded as the signed-in person when there is one (leads work without).
  const actor = () => {
    const state = session.state();
    return state.status === 'signed-in' ? state.user.email : 'local-user';
  };
  const handlers: CallHandlers = {
    ...appHandlers(options.identity, options.platform, options.log),
    ...connectivityHandlers(monitor),
    ...leadsHandlers(localData, actor),
    ...outboxHandlers(localData),
    ...settingsHandlers(localData, actor),
    ...sessionHandlers(session),
    ...teamHandlers(new TeamAdmin({ cloud, port: session.cloudPort(), session: session.teamSession() })),
  };
  return {
    dispatcher: createDispatcher(handlers, options.log),
    events,
    start: () => {
      monitor.start();
      void localData.open();
      void session.start();
      purges.start();
    },
    stop: async () => {
      await monitor.stop();
      session.stop();
      await purges.stop();
      localData.close();
    },
  };
}

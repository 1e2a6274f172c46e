import type { ConnectivityStatus } from '../../../src-shared/contract/areas/connectivity';
import { PeriodicTask, type OnlineSignal } from '../tasks/periodic-task';
import { systemClock, type Clock } from '../time/clock';

export type Probe = (signal: AbortSignal) => Promise<boolean>;

export interface ConnectivityMonitorOptions {
  readonly probe: Probe;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Time and timers (systemClock unless a test drives it). */
  readonly clock?: Clock;
  readonly onChange: (status: ConnectivityStatus) => void;
}

/**
 * Main decides whether we are online by asking the cloud, not by trusting navigator.onLine
 * (a dealership LAN is "online" while its firewall blocks us). Emits only on changes.
 */
export class ConnectivityMonitor {
  private status: ConnectivityStatus = { online: false, checkedAt: null };
  private running: Promise<ConnectivityStatus> | null = null;
  private readonly listeners = new Set<(status: ConnectivityStatus) => void>();
  private readonly clock: Clock;
  private readonly schedule: PeriodicTask<ConnectivityStatus>;

  constructor(private readonly options: ConnectivityMonitorOptions) {
    this.clock = options.clock ?? systemClock;
    // A probe never fails (an error means offline), so the schedule is the plain interval.
    this.schedule = new PeriodicTask({ name: 'connectivity', clock: this.clock, intervalMs: options.intervalMs, run: () => this.checkNow() });
  }

  /** The online signal other background tasks pause on. */
  signal(): OnlineSignal {
    return { online: () => this.status.online, subscribe: (listener) => this.subscribe((status) => listener(status.online)) };
  }

  current(): ConnectivityStatus {
    return this.status;
  }

  /** Also tells `listener` of every change (after onChange); answers how to stop. */
  subscribe(listener: (status: ConnectivityStatus) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  start(): void {
    this.schedule.start();
  }

  stop(): Promise<void> {
    return this.schedule.stop();
  }

  /** One probe at a time; concurrent callers share it. */
  checkNow(): Promise<ConnectivityStatus> {
    this.running ??= this.probeOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async probeOnce(): Promise<ConnectivityStatus> {
    const controller = new AbortController();
    const timeout = this.clock.setTimeout(() => controller.abort(), this.options.timeoutMs);
    let online: boolean;
    try {
      online = await this.options.probe(controller.signal);
    } catch {
      online = false;
    } finally {
      timeout.cancel();
    }
    const changed = online !== this.status.online || this.status.checkedAt === null;
    this.status = { online, checkedAt: this.clock.now().toISOString() };
    if (changed) {
      const status = this.status;
      this.options.onChange(status);
      for (const listener of [...this.listeners]) listener(status);
    }
    return this.status;
  }
}

/** Probes the cloud-api health endpoint. */
export function httpHealthProbe(healthUrl: string): Probe {
  return async (signal) => {
    const response = await fetch(healthUrl, { signal, cache: 'no-store' });
    return response.ok;
  };
}

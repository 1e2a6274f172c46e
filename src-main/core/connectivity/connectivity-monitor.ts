import type { ConnectivityStatus } from '../../../src-shared/contract/areas/connectivity';

export type Probe = (signal: AbortSignal) => Promise<boolean>;

export interface ConnectivityMonitorOptions {
  readonly probe: Probe;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly now: () => Date;
  readonly onChange: (status: ConnectivityStatus) => void;
}

/**
 * Main decides whether we are online by asking the cloud, not by trusting navigator.onLine
 * (a dealership LAN is "online" while its firewall blocks us). Emits only on changes.
 */
export class ConnectivityMonitor {
  private status: ConnectivityStatus = { online: false, checkedAt: null };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ConnectivityStatus> | null = null;
  private readonly listeners = new Set<(status: ConnectivityStatus) => void>();

  constructor(private readonly options: ConnectivityMonitorOptions) {}

  current(): ConnectivityStatus {
    return this.status;
  }

  /** Also tells `listener` of every change (after onChange); answers how to stop. */
  subscribe(listener: (status: ConnectivityStatus) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  start(): void {
    if (this.timer) return;
    void this.checkNow();
    this.timer = setInterval(() => void this.checkNow(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
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
    const timeout = setTimeout(() => controller.abort(), this.options.timeoutMs);
    let online: boolean;
    try {
      online = await this.options.probe(controller.signal);
    } catch {
      online = false;
    } finally {
      clearTimeout(timeout);
    }
    const changed = online !== this.status.online || this.status.checkedAt === null;
    this.status = { online, checkedAt: this.options.now().toISOString() };
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

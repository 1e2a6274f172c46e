import type { Logger } from '../log/logger';
import type { Clock, TimerHandle } from '../time/clock';

/** Exponential backoff after failures: base·2^(n-1), capped, less up to `jitter` of it at random. */
export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
  /** 0..1: the share of each delay taken off at random, so many desktops do not retry in step. */
  readonly jitter: number;
}

/** Whether the cloud can be reached, and news when that changes. */
export interface OnlineSignal {
  online(): boolean;
  subscribe(listener: (online: boolean) => void): () => void;
}

export interface PeriodicTaskOptions<T> {
  /** For logs: a fixed name such as "purge-sync", never data. */
  readonly name: string;
  readonly clock: Clock;
  readonly run: () => Promise<T>;
  /** Time between the end of one successful run and the next. */
  readonly intervalMs: number;
  /** When the next run is due after a success, if not after intervalMs; null schedules none. */
  readonly nextDelayMs?: (result: T) => number | null;
  readonly backoff?: Backoff;
  /** [0, 1) like Math.random; tests pass a fixed one. */
  readonly random?: () => number;
  /** Pauses timed runs while offline, and runs once as soon as it is back. */
  readonly online?: OnlineSignal;
  /** Run as soon as start() is called (default), or only after the first interval. */
  readonly runAtStart?: boolean;
  readonly log?: Logger;
}

export interface PeriodicTaskStatus {
  readonly started: boolean;
  readonly running: boolean;
  readonly paused: boolean;
  /** Failed runs in a row (0 after a success). */
  readonly failures: number;
  readonly nextRunAt: Date | null;
}

export const defaultBackoff: Backoff = { baseMs: 5_000, maxMs: 5 * 60_000, jitter: 0.5 };

/** The delay before retry number `failures` (1 for the first), within [cap·(1-jitter), cap]. */
export function backoffDelay(backoff: Backoff, failures: number, random: () => number): number {
  const cap = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(cap * (1 - backoff.jitter * random()));
}

/**
 * The one way the core does work on a schedule (purge sync, connectivity, session refresh,
 * and next mail sync and the outbox sender): one run at a time, a run asked for meanwhile
 * queued once, backoff with jitter after failures, paused while offline, run-now and stop.
 */
export class PeriodicTask<T> {
  #started = false;
  #running: Promise<T> | null = null;
  #queued: Promise<T> | null = null;
  #timer: TimerHandle | null = null;
  #nextRunAt: Date | null = null;
  #failures = 0;
  #unsubscribe: (() => void) | null = null;
  #wasOnline = true;

  constructor(private readonly options: PeriodicTaskOptions<T>) {}

  start(): void {
    if (this.#started) return;
    this.#started = true;
    const online = this.options.online;
    if (online) {
      this.#wasOnline = online.online();
      this.#unsubscribe = online.subscribe((now) => this.#onlineChanged(now));
    }
    if (this.options.runAtStart ?? true) this.#timed();
    else this.#schedule(this.options.intervalMs);
  }

  /** Stops timed runs and waits for a run in flight; a queued re-run still happens. */
  async stop(): Promise<void> {
    this.#started = false;
    this.#cancelTimer();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    await (this.#queued ?? this.#running)?.catch(() => undefined);
  }

  /** Runs now; while a run is in flight, once more after it (callers meanwhile share that run). */
  runNow(): Promise<T> {
    if (this.#running) {
      this.#queued ??= this.#running.then(noop, noop).then(() => {
        this.#queued = null;
        return this.#begin();
      });
      return this.#queued;
    }
    return this.#begin();
  }

  /** Moves the next timed run to `ms` from now (e.g. a new token's refresh time); only while started. */
  runIn(ms: number): void {
    if (this.#running) return; // the run in flight schedules what follows it
    this.#schedule(ms);
  }

  /** Calls off the next timed run; the task stays started, and runNow or runIn schedule again. */
  cancelNext(): void {
    this.#cancelTimer();
  }

  status(): PeriodicTaskStatus {
    return {
      started: this.#started,
      running: this.#running !== null,
      paused: this.#paused(),
      failures: this.#failures,
      nextRunAt: this.#nextRunAt,
    };
  }

  #begin(): Promise<T> {
    this.#cancelTimer();
    const run = (async () => this.options.run())();
    this.#running = run;
    void run.then(
      (result) => this.#finished(run, null, result),
      (error: unknown) => this.#finished(run, error, null),
    );
    return run;
  }

  #finished(run: Promise<T>, error: unknown, result: T | null): void {
    if (this.#running === run) this.#running = null;
    if (error === null) this.#failures = 0;
    else {
      this.#failures++;
      this.options.log?.warn('task.failed', { task: this.options.name, failures: this.#failures, error: error instanceof Error ? error.name : typeof error });
    }
    // A queued re-run is about to start; it schedules what comes after it.
    if (this.#queued) return;
    if (error !== null) {
      this.#schedule(backoffDelay(this.options.backoff ?? defaultBackoff, this.#failures, this.options.random ?? Math.random));
      return;
    }
    const next = this.options.nextDelayMs ? this.options.nextDelayMs(result as T) : this.options.intervalMs;
    if (next !== null) this.#schedule(next);
  }

  #timed(): void {
    if (!this.#started || this.#running) return;
    if (this.#paused()) return;
    this.runNow().catch(noop);
  }

  #schedule(ms: number): void {
    this.#cancelTimer();
    if (!this.#started || this.#paused()) return;
    this.#nextRunAt = new Date(this.options.clock.now().getTime() + ms);
    this.#timer = this.options.clock.setTimeout(() => {
      this.#timer = null;
      this.#nextRunAt = null;
      this.#timed();
    }, ms);
  }

  #cancelTimer(): void {
    this.#timer?.cancel();
    this.#timer = null;
    this.#nextRunAt = null;
  }

  #paused(): boolean {
    return this.options.online ? !this.options.online.online() : false;
  }

  #onlineChanged(online: boolean): void {
    const was = this.#wasOnline;
    this.#wasOnline = online;
    if (!online) this.#cancelTimer();
    else if (!was) this.#timed();
  }
}

const noop = () => undefined;

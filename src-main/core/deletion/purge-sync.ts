import type { SessionState } from '../../../src-shared/contract/areas/session';
import type { LocalDataService } from '../local-data/local-data-service';
import type { Logger } from '../log/logger';
import type { CloudClient } from '../cloud/cloud-client';
import { cloudCall } from '../cloud/cloud-call';
import type { CloudSessionPort } from '../cloud/cloud-port';
import type { PurgeResult } from '../store/index';
import { PeriodicTask, type OnlineSignal } from '../tasks/periodic-task';
import { systemClock, type Clock } from '../time/clock';

/** A backlog larger than this many cloud pages (500 each) continues on the next run. */
const MAX_PAGES_PER_RUN = 20;

export interface PurgeSyncOptions {
  readonly cloud: CloudClient;
  /** Through the session's port: offline remembered, a 401 ends the session, a 403 re-checks membership. */
  readonly port: CloudSessionPort;
  readonly session: { state(): SessionState };
  readonly data: LocalDataService;
  readonly log: Logger;
  /** How often to ask the cloud; default 5 minutes. */
  readonly intervalMs?: number;
  readonly clock?: Clock;
  /** Timed runs pause while offline; one runs when the cloud is back. */
  readonly online?: OnlineSignal;
}

/**
 * "Deletion on request" reaches this desktop: an admin deletes a customer in the cloud, and
 * every signed-in desktop of that dealership erases the customer's local leads and messages
 * the next time it asks (at sign-in and every few minutes). Applied once per instruction.
 */
export class PurgeSync {
  private readonly salts = new Map<string, Buffer>();
  private readonly task: PeriodicTask<number>;

  constructor(private readonly options: PurgeSyncOptions) {
    // Sign-in runs it first (purgeRunTrigger); after that every interval, sooner after a failure.
    this.task = new PeriodicTask({
      name: 'purge-sync',
      clock: options.clock ?? systemClock,
      intervalMs: options.intervalMs ?? 300_000,
      runAtStart: false,
      online: options.online,
      log: options.log,
      run: () => this.apply(),
    });
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /**
   * Applies every new instruction for the current dealership; resolves to how many. Asked
   * while a run is in flight (e.g. the dealership just changed), it runs once more after it.
   */
  runOnce(): Promise<number> {
    return this.task.runNow();
  }

  private async apply(): Promise<number> {
    const state = this.options.session.state();
    if (state.status !== 'signed-in' || !state.dealership) return 0;
    // The cloud refuses this computer's setup (https_required): asking again cannot help, and
    // even the token refresh would be one more refused call. Resumes once "Check again" clears it.
    if (state.cloudProblem) return 0;
    const dealership = state.dealership;
    const dealershipId = dealership.dealershipId;
    // Through cloudCall like every call: a 403 here (removed from the team) ends access the
    // same way it does on the Team screen, and "offline" is remembered for the session.
    const call = <T>(fn: () => Promise<T>) => cloudCall(this.options.port, fn, dealership);
    const salt = await this.saltFor(dealershipId, call);
    let applied = 0;
    let after = await this.options.data.use((store) => store.purges.lastInstruction(dealershipId));
    // The cloud lists a page at a time (oldest first): keep asking until it has nothing newer.
    for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
      const { instructions } = await call(() => this.options.cloud.purgeInstructions(this.options.port.auth, dealershipId, after));
      if (instructions.length === 0) break;
      // One transaction for the page: all of it is applied (and logged), or none of it.
      const results = await this.options.data.use((store) =>
        store.purges.apply({
          dealershipId,
          customerKeySalt: salt,
          instructions: instructions.map((i) => ({ instructionId: i.id, customerKeys: i.customerKeys, deletedAt: Date.parse(i.createdAt) })),
        }),
      );
      const fresh = results.filter((r) => !r.alreadyApplied);
      this.options.log.info('purge.applied', {
        instructions: fresh.length,
        leads: sum(fresh, 'leadsRemoved'),
        messages: sum(fresh, 'messagesRemoved'),
        outbox: sum(fresh, 'outboxRemoved'),
      });
      applied += fresh.length;
      // The position also moves over instructions applied before tombstones were kept (their
      // tombstones are recorded now, the purge is not redone). When it does not move, asking
      // again would get the same page.
      const next = await this.options.data.use((store) => store.purges.lastInstruction(dealershipId));
      if (next === after) break;
      after = next;
    }
    return applied;
  }

  private async saltFor(dealershipId: string, call: <T>(fn: () => Promise<T>) => Promise<T>): Promise<Buffer> {
    const known = this.salts.get(dealershipId);
    if (known) return known;
    const dealership = await call(() => this.options.cloud.getDealership(this.options.port.auth, dealershipId));
    const salt = Buffer.from(dealership.customerKeySalt, 'base64url');
    this.salts.set(dealershipId, salt);
    return salt;
  }
}

const sum = (results: readonly PurgeResult[], field: 'leadsRemoved' | 'messagesRemoved' | 'outboxRemoved'): number =>
  results.reduce((n, r) => n + r[field], 0);

import type { LocalDataStatus } from '../../../src-shared/contract/areas/settings';
import { UserFacingError } from '../ipc/dispatcher';
import type { Logger } from '../log/logger';
import { ingestDemoEmails } from '../intake/demo-emails';
import { SecretsError, type Keychain } from '../secrets/index';
import {
  openLocalStore,
  removeAllLocalData,
  seedDemoLeads,
  StoreError,
  type LeadStore,
  type LocalStore,
  type RemovedLocalData,
  type BackgroundVerdict,
  type IntegrityWorkerScript,
  type StorePart,
} from '../store/index';

export interface LocalDataOptions {
  readonly dataDir: string;
  readonly keychain: Keychain;
  readonly keychainService: string;
  readonly log: Logger;
  readonly now: () => Date;
  /** Fill an empty store with demo leads (until mail sync exists, and for demos). */
  readonly seedDemo: boolean;
  /** Real-shaped lead emails (.eml) read through the lead intake when seeding the demo. */
  readonly demoEmailsDir?: string;
  /** Check for damage off the main thread (the store opens at once); without it, at open. */
  readonly integrityWorker?: IntegrityWorkerScript;
  /** Told after every committed change to the store, and when a repaired store replaced a damaged one. */
  readonly onChange?: (part: StorePart) => void;
}

/**
 * Owns the lifecycle of the encrypted store: open at start, answer "why not" when it cannot
 * open (no keychain: we never fall back to plaintext), wipe on request.
 */
export class LocalDataService {
  private local: LocalStore | null = null;
  private current: LocalDataStatus = { state: 'opening', message: null, recoveryMessage: null };
  private opening: Promise<void> | null = null;
  private repairing: Promise<void> | null = null;

  constructor(private readonly options: LocalDataOptions) {}

  status(): LocalDataStatus {
    return this.current;
  }

  open(): Promise<void> {
    this.opening ??= this.openOnce(this.options.integrityWorker ? { worker: this.options.integrityWorker } : 'at-open');
    return this.opening;
  }

  /** Settles once the background damage check (and any repair it led to) is over: for tests and tools. */
  checked(): Promise<void> {
    return this.repairing ?? Promise.resolve();
  }

  /** Runs a named query or write; a closed store answers with the reason, for the user. */
  async use<T>(fn: (store: LeadStore) => T): Promise<T> {
    await this.open();
    if (!this.local) throw new UserFacingError(this.current.message ?? 'Lead data on this computer is not available.');
    return fn(this.local.store);
  }

  /**
   * Runs fn with the open store and its sealing (for sealed secrets such as the cloud
   * session); null when the store cannot open, with status() saying why.
   */
  async withLocalStore<T>(fn: (local: LocalStore) => T): Promise<T | null> {
    await this.open();
    return this.local ? fn(this.local) : null;
  }

  async removeAll(): Promise<RemovedLocalData> {
    await this.open().catch(() => undefined);
    const removed = await removeAllLocalData(this.options, this.local ?? undefined);
    this.local = null;
    this.current = {
      state: 'removed',
      message: 'All LeadPulse data on this computer was removed. Restart LeadPulse to start again.',
      recoveryMessage: null,
    };
    this.options.log.info('local-data.removed', { files: removed.deletedFiles.length, keychainEntryDeleted: removed.keychainEntryDeleted });
    return removed;
  }

  close(): void {
    this.local?.close();
    this.local = null;
  }

  /**
   * The background check found damage: close and open again with the check at open, which
   * sets the damaged file aside and salvages what it can (approved replies first), as a
   * damaged file found at start would be. Calls meanwhile wait for the repaired store.
   */
  private async afterCheck(checked: LocalStore, verdict: BackgroundVerdict): Promise<void> {
    if (verdict.status === 'ok') this.options.log.info('store.checked', { ok: true });
    if (verdict.status === 'not-run') this.options.log.warn('store.check-not-run', { reason: verdict.reason });
    if (verdict.status !== 'damaged' || this.local !== checked) return;
    this.options.log.error('store.damaged-found-in-background', { problems: verdict.problems.length });
    this.local = null;
    checked.close();
    this.current = { state: 'opening', message: null, recoveryMessage: null };
    this.opening = this.openOnce('at-open');
    await this.opening;
    // What the screens showed came from the damaged file: they ask again.
    this.options.onChange?.('leads');
  }

  private async openOnce(integrityCheck: 'at-open' | { worker: IntegrityWorkerScript }): Promise<void> {
    try {
      const local = await openLocalStore({ ...this.options, integrityCheck });
      this.local = local;
      if (local.integrity) this.repairing = local.integrity.then((verdict) => this.afterCheck(local, verdict));
      if (this.options.seedDemo && local.store.leads.badgeCounts().newLeads === 0 && local.store.leads.listInbox({ limit: 1 }).leads.length === 0) {
        // Real-shaped emails first (through the real intake, with dedupe), then synthetic volume.
        const account = seedDemoLeads(local.store, { now: this.options.now, count: 0 });
        const fromEmails = this.options.demoEmailsDir
          ? await ingestDemoEmails(local.store, account.accountId, this.options.demoEmailsDir, this.options.now())
          : 0;
        const seeded = seedDemoLeads(local.store, { now: this.options.now });
        this.options.log.info('local-data.demo-seeded', { leads: seeded.leads, fromEmails });
      }
      this.current = { state: 'ready', message: null, recoveryMessage: local.recovery?.message ?? null };
    } catch (error) {
      const message = error instanceof SecretsError || error instanceof StoreError
        ? error.message
        : 'LeadPulse could not open its encrypted data on this computer. Restart it; if this persists, contact your IT team.';
      this.options.log.error('local-data.unavailable', { error: error instanceof Error ? error.name : typeof error });
      this.current = { state: 'unavailable', message, recoveryMessage: null };
    }
  }
}

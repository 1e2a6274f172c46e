import type { Db } from './open-database';
import type { Now } from './time';
import { appendAudit, type AuditEntry } from './writes/audit';
import { isWithheld } from './writes/tombstones';

/**
 * The one way the store's parts write: each change is one IMMEDIATE transaction stamped with
 * the store's clock, with its audit rows in the same transaction.
 */
export class WritePath {
  constructor(
    readonly db: Db,
    private readonly now: Now,
    /** Told after each committed change (the part's name is bound by LeadStore), never on a rollback. */
    private readonly committed: () => void = () => undefined,
  ) {}

  run<T>(work: (at: number) => T): T {
    const result = this.db.transaction(() => work(this.now().getTime())).immediate();
    this.committed();
    return result;
  }

  audit(entry: AuditEntry): void {
    appendAudit(this.db, entry);
  }

  /** A withheld message leaves one audit row: the mailbox and the reason, nothing about the customer. */
  countWithheld<T extends object | null>(accountId: string, at: number, result: T): T {
    if (result !== null && isWithheld(result)) {
      this.audit({ at, actor: 'system', action: 'intake.withheld', accountId, detail: { reason: result.withheld } });
    }
    return result;
  }

  /** Pushes deletions out of the WAL into the (zeroed, secure_delete) main file. */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }
}

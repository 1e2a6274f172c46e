import type { BadgeCounts } from '../../../../src-shared/contract/areas/leads';
import type { Db } from '../open-database';
import type { Statement } from 'better-sqlite3-multiple-ciphers';

export class BadgeQueries {
  readonly #counts: Statement<{ me: string | null }, BadgeCounts>;

  constructor(db: Db) {
    this.#counts = db.prepare<{ me: string | null }, BadgeCounts>(`
      SELECT
        (SELECT count(*) FROM leads WHERE status = 'new') AS newLeads,
        (SELECT count(*) FROM leads WHERE status = 'new' AND assignee IS NULL) AS unassigned,
        (SELECT count(*) FROM leads WHERE :me IS NOT NULL AND assignee = :me
           AND status IN ('new', 'contacted', 'appointment')) AS mine,
        (SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')) AS outboxPending,
        (SELECT count(*) FROM outbox WHERE state = 'failed') AS outboxFailed`);
  }

  counts(me?: string): BadgeCounts {
    const row = this.#counts.get({ me: me ?? null });
    return row ?? { newLeads: 0, unassigned: 0, mine: 0, outboxPending: 0, outboxFailed: 0 };
  }
}

import type { BadgeCounts } from '../../../../src-shared/contract/areas/leads';
import type { Db } from '../open-database';
import type { Statement } from 'better-sqlite3-multiple-ciphers';

export class BadgeQueries {
  readonly #counts: Statement<{ me: string | null }, BadgeCounts>;
  readonly #sources: Statement<[], { provider: string; leads: number }>;

  constructor(db: Db) {
    this.#counts = db.prepare<{ me: string | null }, BadgeCounts>(`
      SELECT
        (SELECT count(*) FROM leads WHERE status = 'new') AS newLeads,
        (SELECT count(*) FROM leads WHERE status = 'new' AND assignee IS NULL) AS unassigned,
        (SELECT count(*) FROM leads WHERE :me IS NOT NULL AND assignee = :me
           AND status IN ('new', 'contacted', 'appointment')) AS mine,
        (SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')) AS outboxPending,
        (SELECT count(*) FROM outbox WHERE state = 'failed') AS outboxFailed`);
    this.#sources = db.prepare<[], { provider: string; leads: number }>(`
      SELECT source_provider AS provider, count(*) AS leads FROM leads
      WHERE source_provider IS NOT NULL GROUP BY source_provider ORDER BY source_provider`);
  }

  /** Every lead source on this computer, for the source filter. */
  sources(): { provider: string; leads: number }[] {
    return this.#sources.all();
  }

  counts(me?: string): BadgeCounts {
    const row = this.#counts.get({ me: me ?? null });
    return row ?? { newLeads: 0, unassigned: 0, mine: 0, outboxPending: 0, outboxFailed: 0 };
  }
}

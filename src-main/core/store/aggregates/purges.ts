import type { WritePath } from '../write-path';
import { lastPurgeInstruction, purgeCustomers, rewriteSearchIndex, type PurgeBatch, type PurgeResult } from '../writes/purge';

/** Customer deletions on request, from the cloud: applied once each, leaving tombstones intake checks. */
export class PurgesPart {
  constructor(private readonly w: WritePath) {}

  /**
   * The whole batch in one transaction: each applied once (recorded by instruction id, counts
   * only), one result per instruction in batch order. Each leaves tombstones (opaque keys and
   * the deletion time) that later intake checks. The same time bounds the erasure: what was
   * received after it is kept (see purgeCustomers).
   */
  apply(batch: PurgeBatch): PurgeResult[] {
    let removedRows = false;
    const results = this.w.run((at) => {
      const applied = purgeCustomers(this.w.db, batch, at);
      for (const r of applied) {
        if (r.alreadyApplied) continue;
        this.w.audit({
          at, actor: 'cloud', action: 'customer.purged',
          detail: { instruction: r.instructionId, leads: r.leadsRemoved, messages: r.messagesRemoved, outbox: r.outboxRemoved },
        });
        removedRows ||= r.leadsRemoved + r.messagesRemoved + r.outboxRemoved > 0;
      }
      if (removedRows) rewriteSearchIndex(this.w.db);
      return applied;
    });
    if (removedRows) this.w.checkpoint();
    return results;
  }

  lastInstruction(dealershipId: string): string | null {
    return lastPurgeInstruction(this.w.db, dealershipId);
  }
}

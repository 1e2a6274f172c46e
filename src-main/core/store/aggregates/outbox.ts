import type { OutboxList } from '../../../../src-shared/contract/areas/outbox';
import { listUnsentOutbox } from '../queries/outbox';
import type { WritePath } from '../write-path';
import { enqueueApprovedDraft, transitionOutbox, type EnqueueReply, type OutboxTransition } from '../writes/outbox';

/** Approved replies on their way out: queued once, moved through sending to sent or failed. */
export class OutboxPart {
  constructor(private readonly w: WritePath) {}

  enqueue(reply: EnqueueReply, actor: string): string {
    return this.w.run((at) => {
      const id = enqueueApprovedDraft(this.w.db, reply, at);
      this.w.audit({ at, actor, action: 'outbox.queued', detail: { outboxId: id } });
      return id;
    });
  }

  move(outboxId: string, change: OutboxTransition): void {
    this.w.run((at) => transitionOutbox(this.w.db, outboxId, change, at));
  }

  /** Queued, sending and failed replies, newest first (what the Outbox badge counts). */
  listUnsent(): OutboxList {
    return listUnsentOutbox(this.w.db);
  }
}

import { StoreRuleError } from '../errors';
import { randomUUID } from 'node:crypto';
import { prepared, type Db } from '../open-database';
import { approvalHashOf } from './drafts';

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** Which moves the send loop may make; anything else is a bug and is refused. */
const TRANSITIONS: Record<OutboxState, readonly OutboxState[]> = {
  queued: ['sending', 'cancelled'],
  sending: ['sent', 'failed', 'queued'],
  failed: ['sending', 'cancelled'],
  sent: [],
  cancelled: [],
};

export interface EnqueueReply {
  readonly draftId: string;
  readonly toAddress: string;
  /** RFC 5322 Message-ID, fixed before the first attempt (reconciled with Sent before retries). */
  readonly internetMessageId: string;
  readonly inReplyTo?: string | null;
}

export function enqueueApprovedDraft(db: Db, reply: EnqueueReply, at: number): string {
  const draft = prepared<[string], { lead_no: number; subject: string; body: string; approval_hash: string | null; account_id: string }>(db, `SELECT d.lead_no, d.subject, d.body, d.approval_hash, l.account_id
       FROM drafts d JOIN leads l ON l.lead_no = d.lead_no WHERE d.id = ?`,
    )
    .get(reply.draftId);
  if (!draft) throw new StoreRuleError('That draft is no longer on this computer.');
  if (draft.approval_hash === null || draft.approval_hash !== approvalHashOf(draft.subject, draft.body)) {
    throw new StoreRuleError('Only an approved, unchanged draft can be sent. Approve it again.');
  }
  const suppressed = prepared(db, 'SELECT 1 FROM suppression WHERE address = ?').pluck().get(reply.toAddress);
  if (suppressed !== undefined) throw new StoreRuleError('This customer asked not to be contacted; the reply was not queued.');
  const id = randomUUID();
  prepared(
    db,
    `INSERT INTO outbox (id, account_id, lead_no, draft_id, internet_message_id, in_reply_to, to_address, subject, body,
       approval_hash, state, attempts, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)`,
  ).run(
    id, draft.account_id, draft.lead_no, reply.draftId, reply.internetMessageId, reply.inReplyTo ?? null,
    reply.toAddress.toLowerCase(), draft.subject, draft.body, draft.approval_hash, at, at,
  );
  return id;
}

export interface OutboxTransition {
  readonly to: OutboxState;
  readonly error?: string | null;
  readonly nextAttemptAt?: number | null;
}

export function transitionOutbox(db: Db, id: string, change: OutboxTransition, at: number): void {
  const state = prepared<[string], OutboxState>(db, 'SELECT state FROM outbox WHERE id = ?').pluck().get(id);
  if (state === undefined) throw new StoreRuleError('That reply is no longer in the outbox.');
  if (!TRANSITIONS[state].includes(change.to)) throw new StoreRuleError(`An outbox reply cannot go from ${state} to ${change.to}.`);
  prepared(
    db,
    `UPDATE outbox SET state = ?, updated_at = ?,
       attempts = attempts + (CASE WHEN ? = 'sending' THEN 1 ELSE 0 END),
       last_error = CASE WHEN ? = 'failed' THEN ? ELSE last_error END,
       next_attempt_at = ?,
       sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END
     WHERE id = ?`,
  ).run(change.to, at, change.to, change.to, change.error ?? null, change.nextAttemptAt ?? null, change.to, at, id);
}

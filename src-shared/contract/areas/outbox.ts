import { z } from 'zod';
import { call } from '../define';
import { isoTime, leadId } from './leads';

// The outbox (window.leadpulse.outbox): approved replies on their way out through the mailbox.

/** A reply in the outbox that has not gone out: what the Outbox badge counts. */
export const outboxListItem = z.object({
  id: z.string(),
  /** queued: waiting to send; sending: being sent now; failed: the last try did not go out. */
  state: z.enum(['queued', 'sending', 'failed']),
  /** The lead it answers; null when that lead is no longer on this computer. */
  leadId: leadId.nullable(),
  customerName: z.string().nullable(),
  subject: z.string(),
  attempts: z.number().int(),
  createdAt: isoTime,
  /** When its state last changed (e.g. when it failed). */
  updatedAt: isoTime,
});
export type OutboxListItem = z.infer<typeof outboxListItem>;

export const outboxList = z.object({ items: z.array(outboxListItem) });
export type OutboxList = z.infer<typeof outboxList>;

export const outboxCalls = {
  'outbox.list': call({
    summary: 'Replies not yet sent (waiting, sending or failed), newest first, with their lead: what the Outbox badge counts.',
    args: z.object({}).strict(),
    result: outboxList,
  }),
} as const;

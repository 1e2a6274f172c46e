import { parseLeadEmail, type DealershipOptions } from '../leads/index';
import type { LeadStore } from '../store/index';
import { toStoreRecords, type MailboxMessageRef } from './to-store-records';

export type IngestOutcome =
  | { readonly kind: 'leads'; readonly leadIds: string[]; readonly created: number }
  | { readonly kind: 'not-a-lead'; readonly reason: string }
  | { readonly kind: 'unreadable'; readonly error: string };

/**
 * One inbound email, end to end: parse (pure), suppress opt-outs, store the leads it holds.
 * Idempotent per mailbox message: a re-synced message adds nothing.
 */
export async function ingestEmail(
  store: LeadStore,
  accountId: string,
  raw: Uint8Array,
  ref: MailboxMessageRef,
  options: DealershipOptions = {},
): Promise<IngestOutcome> {
  const result = await parseLeadEmail(raw, options);
  if (result.optOut) store.suppress(result.optOut.address, 'opt-out', null);
  if (result.error !== null) return { kind: 'unreadable', error: result.error };
  if (!result.isLead) return { kind: 'not-a-lead', reason: result.reason ?? 'no-lead-content' };
  const ingested = store.ingestLeads(accountId, toStoreRecords(result, ref));
  return { kind: 'leads', leadIds: ingested.map((l) => l.leadId), created: ingested.filter((l) => l.created).length };
}

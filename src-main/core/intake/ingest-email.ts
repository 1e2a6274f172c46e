import { dedupe, parseLeadEmail, type DealershipOptions, type IntakeResult } from '../leads/index';
import { isWithheld, type LeadStore } from '../store/index';
import { messageRecord, replyLead, toStoreRecords, type MailboxMessageRef } from './to-store-records';

export type IngestOutcome =
  /** `withheld`: prospects not stored because they are customers deleted on request (see below). */
  | { readonly kind: 'leads'; readonly leadIds: string[]; readonly created: number; readonly merged: number; readonly withheld: number }
  | { readonly kind: 'reply'; readonly leadId: string | null }
  | { readonly kind: 'not-a-lead'; readonly reason: string }
  | { readonly kind: 'unreadable'; readonly error: string }
  /** Nothing stored: every prospect (or the reply's sender) was deleted on request after this mail arrived. */
  | { readonly kind: 'withheld'; readonly reason: 'customer-deleted'; readonly count: number };

/**
 * One inbound email, end to end: parse (pure), suppress opt-outs, attach replies to their
 * lead's thread (a customer's reply to a thread no lead here owns starts a new lead, labelled
 * 'Customer reply'; not for opted-out senders, auto-replies or bounces), and store each prospect — as a new lead, or as one more source of the same
 * inquiry (dedupe rules in leads/dedupe.ts). Idempotent per mailbox message.
 *
 * Mail about a customer deleted on request that was received at or before the deletion is
 * not stored, however late it is synced: the store checks its deletion tombstones inside each
 * write's transaction, so a purge applied while this email was being parsed also counts. Mail
 * received after the deletion is the customer writing again, and is stored as new.
 */
export async function ingestEmail(
  store: LeadStore,
  accountId: string,
  raw: Uint8Array,
  ref: MailboxMessageRef,
  options: DealershipOptions = {},
): Promise<IngestOutcome> {
  const result = await parseLeadEmail(raw, options);
  if (result.optOut) store.suppression.add(result.optOut.address, 'opt-out', null);
  if (result.error !== null) return { kind: 'unreadable', error: result.error };
  if (result.reason === 'reply-in-thread') {
    // No lead here owns the thread (never synced, its mailbox removed, erased on request and
    // she wrote again after the deletion): the customer writing back becomes a new lead.
    const attached = store.leads.attachReply(accountId, messageRecord(result, ref), replyLead(result, options.ownDomains));
    if (attached !== null && isWithheld(attached)) return { kind: 'withheld', reason: 'customer-deleted', count: 1 };
    if (attached?.startedLead) return { kind: 'leads', leadIds: [attached.leadId], created: 1, merged: 0, withheld: 0 };
    return { kind: 'reply', leadId: attached?.leadId ?? null };
  }
  if (!result.isLead) return { kind: 'not-a-lead', reason: result.reason ?? 'no-lead-content' };
  return storeLeads(store, accountId, result, ref);
}

function storeLeads(store: LeadStore, accountId: string, result: IntakeResult, ref: MailboxMessageRef): IngestOutcome {
  const leadIds: string[] = [];
  let created = 0;
  let merged = 0;
  let withheld = 0;
  for (const [index, record] of toStoreRecords(result, ref).entries()) {
    const parsed = result.leads[index]!;
    // Prospects of one email share its Message-ID but are different people.
    const messageId = index === 0 ? result.messageId : null;
    const at = parsed.requestedAt ?? result.display.sentAt ?? new Date(ref.receivedAt).toISOString();
    const candidates = store.leads.duplicateCandidates({
      internetMessageId: messageId,
      provider: result.source.provider,
      externalId: parsed.externalId,
      email: parsed.customer.email,
      phone: parsed.customer.phone,
      at: Date.parse(at),
    });
    const decision = dedupe(candidates, { messageId, provider: result.source.provider, lead: parsed, at });
    const stored = decision.kind === 'same-lead'
      ? store.leads.addSource(decision.leadId, accountId, record.message, record.lead, decision.matchedOn)
      : store.leads.ingest(accountId, record.message, record.lead);
    if (isWithheld(stored)) {
      withheld++;
      continue;
    }
    leadIds.push(stored.leadId);
    if (stored.created) created++;
    else if (decision.kind === 'same-lead') merged++;
  }
  if (leadIds.length === 0 && withheld > 0) return { kind: 'withheld', reason: 'customer-deleted', count: withheld };
  return { kind: 'leads', leadIds, created, merged, withheld };
}

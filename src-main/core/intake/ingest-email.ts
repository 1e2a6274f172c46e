import { dedupe, parseLeadEmail, type DealershipOptions, type IntakeResult } from '../leads/index';
import type { LeadStore } from '../store/index';
import { messageRecord, toStoreRecords, type MailboxMessageRef } from './to-store-records';

export type IngestOutcome =
  | { readonly kind: 'leads'; readonly leadIds: string[]; readonly created: number; readonly merged: number }
  | { readonly kind: 'reply'; readonly leadId: string | null }
  | { readonly kind: 'not-a-lead'; readonly reason: string }
  | { readonly kind: 'unreadable'; readonly error: string };

/**
 * One inbound email, end to end: parse (pure), suppress opt-outs, attach replies to their
 * lead's thread, and store each prospect — as a new lead, or as one more source of the same
 * inquiry (dedupe rules in leads/dedupe.ts). Idempotent per mailbox message.
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
  if (result.reason === 'reply-in-thread') {
    const attached = store.attachReply(accountId, messageRecord(result, ref));
    return { kind: 'reply', leadId: attached?.leadId ?? null };
  }
  if (!result.isLead) return { kind: 'not-a-lead', reason: result.reason ?? 'no-lead-content' };
  return storeLeads(store, accountId, result, ref);
}

function storeLeads(store: LeadStore, accountId: string, result: IntakeResult, ref: MailboxMessageRef): IngestOutcome {
  const leadIds: string[] = [];
  let created = 0;
  let merged = 0;
  for (const [index, record] of toStoreRecords(result, ref).entries()) {
    const parsed = result.leads[index]!;
    // Prospects of one email share its Message-ID but are different people.
    const messageId = index === 0 ? result.messageId : null;
    const at = parsed.requestedAt ?? result.display.sentAt ?? new Date(ref.receivedAt).toISOString();
    const candidates = store.duplicateCandidates({
      internetMessageId: messageId,
      provider: result.source.provider,
      externalId: parsed.externalId,
      email: parsed.customer.email,
      phone: parsed.customer.phone,
      at: Date.parse(at),
    });
    const decision = dedupe(candidates, { messageId, provider: result.source.provider, lead: parsed, at });
    const stored = decision.kind === 'same-lead'
      ? store.addLeadSource(decision.leadId, accountId, record.message, record.lead, decision.matchedOn)
      : store.ingestLead(accountId, record.message, record.lead);
    leadIds.push(stored.leadId);
    if (stored.created) created++;
    else if (decision.kind === 'same-lead') merged++;
  }
  return { kind: 'leads', leadIds, created, merged };
}

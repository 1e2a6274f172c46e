import { prepared, type Db } from '../open-database';
import { insertSourceRow, type SourceMatch } from './lead-sources';
import { CUSTOMER_REPLY_PROVIDER } from '../queries/duplicate-candidates';
import { insertLeadWithMessage, insertMessageRow, leadMessageAbout, vehicleLabel, type IngestedLead, type NewLead, type NewMessage } from './leads';
import { isSuppressed } from './suppression';
import { answersErasedMessage, deletedOnRequest, isWithheld, WITHHELD, type WithheldMessage } from './tombstones';

/** Already stored? Sync is idempotent per mailbox message. */
function storedMessage(db: Db, accountId: string, providerMessageId: string): { id: string; lead_id: string | null } | undefined {
  return prepared<[string, string], { id: string; lead_id: string | null }>(
    db,
    `SELECT m.id, l.id AS lead_id FROM messages m LEFT JOIN leads l ON l.lead_no = m.lead_no
     WHERE m.account_id = ? AND m.provider_message_id = ?`,
  ).get(accountId, providerMessageId);
}

/**
 * The same inquiry again: keep its message and source on the existing lead, no new lead.
 * Withheld, like a new lead, when it is about a customer deleted on request and is not newer
 * than the deletion (even if the lead it repeats is a new inquiry made after it). Stored as a
 * new lead when the lead it repeats is no longer here (erased by a purge since dedupe ran).
 */
export function addSourceToLead(
  db: Db,
  leadId: string,
  accountId: string,
  message: NewMessage,
  lead: NewLead,
  matchedOn: Exclude<SourceMatch, 'first'> | 'customer-reply-email',
  at: number,
): IngestedLead | WithheldMessage {
  const existing = storedMessage(db, accountId, message.providerMessageId);
  if (existing) return { leadId: existing.lead_id ?? leadId, messageId: existing.id, created: false };
  if (leadMessageAbout(db, message, lead)) return WITHHELD;
  // Duplicates are found outside this transaction: a purge applied since may have erased the
  // lead it repeats. It is then a new lead (the deleted-customer check above still held).
  const leadNo = prepared<[string], number>(db, 'SELECT lead_no FROM leads WHERE id = ?').pluck().get(leadId);
  if (leadNo === undefined) return insertLeadWithMessage(db, accountId, message, lead, at);
  if (isCustomerReplyLead(db, leadNo)) return fillCustomerReplyLead(db, leadId, leadNo, accountId, message, lead, at);
  // Matched only as a customer-reply lead, which it no longer is: a lead of its own.
  if (matchedOn === 'customer-reply-email') return insertLeadWithMessage(db, accountId, message, lead, at);
  const { messageId, messageNo } = insertMessageRow(db, accountId, message, leadNo);
  insertSourceRow(db, leadNo, messageNo, lead, matchedOn, at);
  // A repeat can carry what the first arrival lacked: keep any injection warning, fill empty comments.
  prepared(
    db,
    `UPDATE leads SET updated_at = ?, injection_suspected = MAX(injection_suspected, ?),
       comments_untrusted = CASE WHEN comments IS NULL AND ? IS NOT NULL THEN ? ELSE comments_untrusted END,
       comments = COALESCE(comments, ?)
     WHERE lead_no = ?`,
  ).run(at, lead.injectionSuspected ? 1 : 0, lead.comments, lead.untrusted ? 1 : 0, lead.comments, leadNo);
  return { leadId, messageId, created: false };
}

function isCustomerReplyLead(db: Db, leadNo: number): boolean {
  return prepared<[number, string], number>(db, "SELECT 1 FROM leads WHERE lead_no = ? AND source_format = 'unknown' AND source_provider = ?")
    .pluck().get(leadNo, CUSTOMER_REPLY_PROVIDER) !== undefined;
}

/**
 * Her inquiry arrives after her reply started a 'Customer reply' lead: that lead becomes the
 * inquiry's (the reply stays as its thread). The inquiry is its source from now on, and its
 * parsed fields fill the lead (a field the inquiry lacks keeps what the reply gave).
 */
function fillCustomerReplyLead(
  db: Db, leadId: string, leadNo: number, accountId: string, message: NewMessage, lead: NewLead, at: number,
): IngestedLead {
  const { messageId, messageNo } = insertMessageRow(db, accountId, message, leadNo);
  prepared(db, "DELETE FROM lead_sources WHERE lead_no = ? AND format = 'unknown' AND provider = ?").run(leadNo, CUSTOMER_REPLY_PROVIDER);
  insertSourceRow(db, leadNo, messageNo, lead, 'first', at);
  const c = lead.customer;
  prepared(
    db,
    `UPDATE leads SET source_message_no = ?, external_id = ?, source_format = ?, source_provider = ?, source_confidence = ?,
       first_name = COALESCE(?, first_name), last_name = COALESCE(?, last_name), full_name = COALESCE(?, full_name),
       phone = COALESCE(?, phone), postal_code = COALESCE(?, postal_code), preferred_contact = COALESCE(?, preferred_contact),
       vehicle_json = COALESCE(?, vehicle_json), vehicle_label = COALESCE(?, vehicle_label), trade_in_json = COALESCE(?, trade_in_json),
       comments_untrusted = CASE WHEN ? IS NOT NULL THEN ? ELSE comments_untrusted END, comments = COALESCE(?, comments),
       injection_suspected = MAX(injection_suspected, ?), requested_at = COALESCE(?, requested_at), updated_at = ?
     WHERE lead_no = ?`,
  ).run(
    messageNo, lead.externalId ?? null, lead.source.format, lead.source.provider, lead.source.confidence,
    c.firstName, c.lastName, c.fullName, c.phone, c.postalCode, c.preferredContact,
    lead.vehicle ? JSON.stringify(lead.vehicle) : null, vehicleLabel(lead.vehicle), lead.tradeIn ? JSON.stringify(lead.tradeIn) : null,
    lead.comments, lead.untrusted ? 1 : 0, lead.comments,
    lead.injectionSuspected ? 1 : 0, lead.requestedAt ?? null, at, leadNo,
  );
  return { leadId, messageId, created: false };
}

/**
 * A reply in an existing conversation joins its lead's thread: found through the Message-IDs
 * it answers (In-Reply-To, References) among the lead's messages and our own sent replies.
 * Returns null (and stores nothing) when no lead on this computer owns that thread; a reply
 * whose Message-ID the thread already holds is not stored twice. A reply from a customer
 * deleted on request, sent before the deletion, is withheld whatever thread it answers; so is
 * any reply, whoever sent it, received before the deletion of the customer of the lead it joins.
 */
export function attachReplyToThread(
  db: Db,
  accountId: string,
  message: NewMessage,
): { leadId: string; messageId: string; created: boolean } | WithheldMessage | null {
  const existing = storedMessage(db, accountId, message.providerMessageId);
  if (existing?.lead_id) return { leadId: existing.lead_id, messageId: existing.id, created: false };
  if (deletedOnRequest(db, { emails: [message.fromAddress], phones: [] }, message.receivedAt)) return WITHHELD;
  const answered = [message.inReplyTo, ...(message.references ?? [])].filter((id): id is string => !!id).slice(0, 50);
  if (answered.length === 0) return null;
  // It answers mail a deletion erased and was received before that deletion: covered by it,
  // whoever sent it (a marketplace relay carrying her words), whether or not a lead owns it.
  if (answersErasedMessage(db, answered, message.receivedAt)) return WITHHELD;
  const marks = answered.map(() => '?').join(', ');
  const owner = prepared<string[], { lead_no: number; id: string; email: string | null; phone: string | null }>(
    db,
    `SELECT l.lead_no, l.id, l.email, l.phone FROM leads l WHERE l.lead_no IN (
       SELECT lead_no FROM messages WHERE internet_message_id IN (${marks}) AND lead_no IS NOT NULL
       UNION SELECT lead_no FROM outbox WHERE internet_message_id IN (${marks}) AND lead_no IS NOT NULL)
     ORDER BY l.received_at DESC LIMIT 1`,
  ).get(...answered, ...answered);
  if (!owner || existing) return null;
  // As the purge erases every message on a kept lead received at or before the deletion,
  // whoever sent it (a marketplace relay carrying her words), so is any such reply withheld.
  if (deletedOnRequest(db, { emails: [owner.email], phones: [owner.phone] }, message.receivedAt)) return WITHHELD;
  // The same reply delivered again (another mailbox, another folder): one copy in the thread.
  const copy = message.internetMessageId
    ? prepared<[number, string], string>(db, 'SELECT id FROM messages WHERE lead_no = ? AND internet_message_id = ? LIMIT 1')
      .pluck().get(owner.lead_no, message.internetMessageId)
    : undefined;
  if (copy !== undefined) return { leadId: owner.id, messageId: copy, created: false };
  const { messageId } = insertMessageRow(db, accountId, message, owner.lead_no);
  return { leadId: owner.id, messageId, created: true };
}

export interface AttachedReply {
  readonly leadId: string;
  readonly messageId: string;
  readonly created: boolean;
  /** True when no lead here owned the thread and this reply started a new lead. */
  readonly startedLead: boolean;
}

/**
 * A reply joins its thread (attachReplyToThread); when no lead on this computer owns that
 * thread (never synced, its mailbox removed, or erased on request and the customer wrote again
 * after the deletion) the customer writing back is kept as a new lead made from `orphan`,
 * unless the sender opted out. The deleted-customer check of insertLeadWithMessage still
 * applies, in this same transaction: mail received at or before a deletion is withheld.
 */
export function attachReplyOrStartLead(
  db: Db,
  accountId: string,
  message: NewMessage,
  orphan: NewLead | null,
  at: number,
): AttachedReply | WithheldMessage | null {
  const attached = attachReplyToThread(db, accountId, message);
  if (attached !== null) return isWithheld(attached) ? attached : { ...attached, startedLead: false };
  if (orphan === null || !message.fromAddress) return null;
  // Already stored without a lead: nothing new to keep.
  if (storedMessage(db, accountId, message.providerMessageId)) return null;
  // Her lead is here but the thread was answered from elsewhere (the rep wrote from Outlook):
  // the reply joins the newest lead whose customer email is the structured sender.
  const hers = prepared<[string], { lead_no: number; id: string }>(
    db,
    'SELECT lead_no, id FROM leads WHERE email = ? ORDER BY received_at DESC, lead_no DESC LIMIT 1',
  ).get(message.fromAddress.toLowerCase());
  if (hers) {
    const copy = message.internetMessageId
      ? prepared<[number, string], string>(db, 'SELECT id FROM messages WHERE lead_no = ? AND internet_message_id = ? LIMIT 1')
        .pluck().get(hers.lead_no, message.internetMessageId)
      : undefined;
    if (copy !== undefined) return { leadId: hers.id, messageId: copy, created: false, startedLead: false };
    const { messageId } = insertMessageRow(db, accountId, message, hers.lead_no);
    return { leadId: hers.id, messageId, created: true, startedLead: false };
  }
  if (isSuppressed(db, message.fromAddress)) return null;
  const started = insertLeadWithMessage(db, accountId, message, orphan, at);
  return isWithheld(started) ? started : { ...started, startedLead: started.created };
}

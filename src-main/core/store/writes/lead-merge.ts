import { prepared, type Db } from '../open-database';
import { insertSourceRow, type SourceMatch } from './lead-sources';
import { insertLeadWithMessage, insertMessageRow, leadMessageAbout, type IngestedLead, type NewLead, type NewMessage } from './leads';
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
  matchedOn: Exclude<SourceMatch, 'first'>,
  at: number,
): IngestedLead | WithheldMessage {
  const existing = storedMessage(db, accountId, message.providerMessageId);
  if (existing) return { leadId: existing.lead_id ?? leadId, messageId: existing.id, created: false };
  if (leadMessageAbout(db, message, lead)) return WITHHELD;
  // Duplicates are found outside this transaction: a purge applied since may have erased the
  // lead it repeats. It is then a new lead (the deleted-customer check above still held).
  const leadNo = prepared<[string], number>(db, 'SELECT lead_no FROM leads WHERE id = ?').pluck().get(leadId);
  if (leadNo === undefined) return insertLeadWithMessage(db, accountId, message, lead, at);
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
  if (isSuppressed(db, message.fromAddress)) return null;
  const started = insertLeadWithMessage(db, accountId, message, orphan, at);
  return isWithheld(started) ? started : { ...started, startedLead: started.created };
}

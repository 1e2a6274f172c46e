import { customerKeysOf } from '../../deletion/customer-keys';
import { prepared, type Db } from '../open-database';
import { splitFullName } from '../../leads/names';
import { insertSourceRow } from './lead-sources';
import { recordErasedMessages, recordTombstones, rememberPurgeScope } from './tombstones';

/** Customer deletions from the cloud, who only as opaque keys (HMAC of email/phone). */
export interface PurgeBatch {
  readonly dealershipId: string;
  /**
   * The dealership's customer key salt: local emails and phones are matched by deriving the
   * cloud's keys under it, now and (kept with the tombstones) at every later intake.
   */
  readonly customerKeySalt: Buffer;
  /** Oldest first, as the cloud lists them. */
  readonly instructions: readonly PurgeInstruction[];
}

export interface PurgeInstruction {
  readonly instructionId: string;
  readonly customerKeys: readonly string[];
  /**
   * When the deletion was requested in the cloud (ms): mail received until then is erased and
   * stays out; mail received after it (the customer writing again) is kept, however late the
   * purge is applied.
   */
  readonly deletedAt: number;
}

export interface PurgeResult {
  readonly instructionId: string;
  readonly alreadyApplied: boolean;
  readonly leadsRemoved: number;
  readonly messagesRemoved: number;
  readonly outboxRemoved: number;
}

/** The lookups a purge makes; each is served by an index (queries.test.ts checks the plans). */
export const PURGE_SQL = {
  done: 'SELECT tombstoned FROM purge_log WHERE dealership_id = ? AND instruction_id = ?',
  // Every distinct address and phone the store holds, read from indexes only.
  addresses: `SELECT email FROM leads WHERE email IS NOT NULL
              UNION SELECT from_address FROM messages WHERE from_address IS NOT NULL
              UNION SELECT to_address FROM outbox`,
  phones: 'SELECT DISTINCT phone FROM leads WHERE phone IS NOT NULL',
  leadsByEmail: 'SELECT lead_no FROM leads WHERE email = ?',
  leadsByPhone: 'SELECT lead_no FROM leads WHERE phone = ?',
  // The customer (or their marketplace) writing again after the deletion keeps a lead.
  resumedOnLead: "SELECT min(received_at) FROM messages WHERE lead_no = ? AND received_at > ? AND direction = 'inbound'",
  laterOnLead: "SELECT internet_message_id FROM messages WHERE lead_no = ? AND received_at > ? AND direction = 'inbound'",
  idsOnLead: 'SELECT internet_message_id FROM messages WHERE lead_no = ?',
  untilOnLead: 'SELECT internet_message_id FROM messages WHERE lead_no = ? AND received_at <= ?',
  messagesByLead: 'DELETE FROM messages WHERE lead_no = ?',
  messagesByLeadUntil: 'DELETE FROM messages WHERE lead_no = ? AND received_at <= ?',
  outboxByLead: 'DELETE FROM outbox WHERE lead_no = ?',
  outboxIdsOfLead: 'SELECT internet_message_id FROM outbox WHERE lead_no = ?',
  outboxIdOf: 'SELECT internet_message_id FROM outbox WHERE id = ?',
  outboxOfLead: 'SELECT id, lead_no, draft_id, in_reply_to, created_at FROM outbox WHERE lead_no = ?',
  draftsOfLead: 'SELECT id, created_at FROM drafts WHERE lead_no = ?',
  senderUntil: 'SELECT internet_message_id FROM messages WHERE from_address = ? AND received_at <= ?',
  messagesBySenderUntil: 'DELETE FROM messages WHERE from_address = ? AND received_at <= ?',
  senderLaterOnLead: 'SELECT internet_message_id, received_at FROM messages WHERE from_address = ? AND lead_no = ? AND received_at > ?',
  outboxToRecipient: 'SELECT id, lead_no, draft_id, in_reply_to, created_at FROM outbox WHERE to_address = ?',
  outboxRow: 'DELETE FROM outbox WHERE id = ?',
  draft: 'DELETE FROM drafts WHERE id = ?',
  // Re-deriving a kept lead whose source message was erased.
  sourceMessage: 'SELECT source_message_no FROM leads WHERE lead_no = ?',
  orphanSources: 'DELETE FROM lead_sources WHERE lead_no = ? AND message_no IS NULL',
  firstSource: `SELECT s.id, s.message_no, s.format, s.provider, s.confidence, s.external_id, m.received_at
                FROM lead_sources s JOIN messages m ON m.message_no = s.message_no
                WHERE s.lead_no = ? ORDER BY m.received_at, m.message_no LIMIT 1`,
  inboundOfLead: `SELECT message_no, from_address, from_name, received_at FROM messages
                  WHERE lead_no = ? AND direction = 'inbound' ORDER BY received_at, message_no`,
  corrections: 'DELETE FROM lead_corrections WHERE lead_no = ?',
  lead: 'DELETE FROM leads WHERE lead_no = ?',
} as const;

type KeysOf = (customer: { email?: string; phone?: string }) => string[];

/** Which stored addresses and phones carry each wanted key: one key derivation per distinct value. */
function valuesByKey(db: Db, keysOf: KeysOf, wanted: ReadonlySet<string>): Map<string, { emails: string[]; phones: string[] }> {
  const found = new Map<string, { emails: string[]; phones: string[] }>();
  const add = (key: string, kind: 'emails' | 'phones', value: string) => {
    if (!wanted.has(key)) return;
    let entry = found.get(key);
    if (!entry) found.set(key, (entry = { emails: [], phones: [] }));
    entry[kind].push(value);
  };
  for (const email of prepared<[], string>(db, PURGE_SQL.addresses).pluck().iterate()) {
    for (const key of keysOf({ email })) add(key, 'emails', email);
  }
  for (const phone of prepared<[], string>(db, PURGE_SQL.phones).pluck().iterate()) {
    for (const key of keysOf({ phone })) add(key, 'phones', phone);
  }
  return found;
}

/**
 * Erases customers from this desktop, one instruction after another in the caller's
 * transaction. Matching costs one key derivation per distinct stored address/phone for the
 * whole batch, then indexed lookups. An instruction already in purge_log is skipped
 * (re-applying is harmless). The do-not-contact list is kept on purpose: an opt-out must keep
 * being honoured after the data is gone. Each instruction also leaves tombstones (its keys,
 * the deletion time, the dealership's salt) so that mail received before the deletion but
 * synced later is not stored (tombstones.ts).
 *
 * What is erased is what intake would have withheld: mail received at or before the
 * instruction's deletion time (`deletedAt`, when it was requested in the cloud). A purge applied
 * late (this desktop was offline) therefore keeps what the customer sent after the deletion:
 * - A lead of theirs (matched by its email or phone) with no inbound message received after
 *   the deletion is erased whole: messages, drafts, corrections, sources, replies, search rows.
 * - A lead with an inbound message received after the deletion stays. Its messages received
 *   at or before the deletion are erased with their sources. If its source message was among
 *   them, its fields were parsed from erased mail and are re-derived from what remains (see
 *   rederiveLead): the earliest remaining source becomes its source, the customer is the sender
 *   of their earliest remaining message, everything else parsed from the old mail is cleared,
 *   and the rep's corrections of the old fields go.
 * - Their messages on other leads (a reply on someone else's thread) go when received at or
 *   before the deletion.
 * - A reply (outbox row) on their lead, or to their address on another lead, stays only when it
 *   answers (In-Reply-To) a message received after the deletion, or answers no erased message
 *   and was queued once such a message had arrived; otherwise it answered erased mail and goes.
 *   A draft on their kept lead stays when a kept reply uses it, or when no erased reply used it
 *   and it was written once the new mail had arrived.
 */
export function purgeCustomers(db: Db, batch: PurgeBatch, at: number): PurgeResult[] {
  const keysOf: KeysOf = (customer) => customerKeysOf(batch.customerKeySalt, customer);
  // undefined: not applied yet; 0: applied before tombstones were kept (v8); 1: applied and kept.
  const state = (instructionId: string) =>
    prepared<[string, string], number>(db, PURGE_SQL.done).pluck().get(batch.dealershipId, instructionId);
  const done = (instructionId: string) => state(instructionId) !== undefined;
  const wanted = new Set(batch.instructions.filter((i) => !done(i.instructionId)).flatMap((i) => i.customerKeys));
  const values = wanted.size > 0 ? valuesByKey(db, keysOf, wanted) : new Map<string, { emails: string[]; phones: string[] }>();
  rememberPurgeScope(db, batch.dealershipId, batch.customerKeySalt, at);

  return batch.instructions.map((instruction) => {
    const { instructionId } = instruction;
    // A cloud time that cannot be read counts as now: everything received so far stays out.
    const deletedAt = Number.isFinite(instruction.deletedAt) ? instruction.deletedAt : at;
    const applied = state(instructionId);
    if (applied !== undefined) {
      if (applied === 0) {
        recordTombstones(db, batch.dealershipId, instruction.customerKeys, deletedAt);
        prepared(db, 'UPDATE purge_log SET tombstoned = 1 WHERE dealership_id = ? AND instruction_id = ?').run(batch.dealershipId, instructionId);
      }
      return { instructionId, alreadyApplied: true, leadsRemoved: 0, messagesRemoved: 0, outboxRemoved: 0 };
    }
    recordTombstones(db, batch.dealershipId, instruction.customerKeys, deletedAt);
    const emails = new Set<string>();
    const leads = new Set<number>();
    for (const key of instruction.customerKeys) {
      const v = values.get(key);
      if (!v) continue;
      for (const email of v.emails) {
        emails.add(email);
        for (const n of prepared<[string], number>(db, PURGE_SQL.leadsByEmail).pluck().all(email)) leads.add(n);
      }
      for (const phone of v.phones) {
        for (const n of prepared<[string], number>(db, PURGE_SQL.leadsByPhone).pluck().all(phone)) leads.add(n);
      }
    }
    const { erasedMessageIds, ...counts } = eraseCustomer(db, { leads, emails, deletedAt, at });
    // The erased Message-IDs, as keyed hashes: a reply to one received before the deletion
    // (a marketplace relay carrying her words) is withheld however late it is synced.
    recordErasedMessages(db, batch.dealershipId, batch.customerKeySalt, erasedMessageIds, deletedAt);
    prepared(
      db,
      `INSERT INTO purge_log (instruction_id, dealership_id, applied_at, leads_removed, messages_removed, outbox_removed, tombstoned)
       VALUES (?, ?, ?, ?, ?, ?, 1)`,
    ).run(instructionId, batch.dealershipId, at, counts.leadsRemoved, counts.messagesRemoved, counts.outboxRemoved);
    return { instructionId, alreadyApplied: false, ...counts };
  });
}

interface Erasure {
  /** Leads whose email or phone is the customer's. */
  readonly leads: ReadonlySet<number>;
  /** The customer's addresses as stored (every spelling whose key matched). */
  readonly emails: ReadonlySet<string>;
  readonly deletedAt: number;
  readonly at: number;
}

interface OutboxRow {
  id: string;
  lead_no: number | null;
  draft_id: string | null;
  in_reply_to: string | null;
  created_at: number;
}

/** One customer's erasure (see purgeCustomers for the rule). */
function eraseCustomer(db: Db, e: Erasure): Omit<PurgeResult, 'instructionId' | 'alreadyApplied'> & { erasedMessageIds: Set<string> } {
  const { deletedAt } = e;
  const whole: number[] = [];
  // Kept leads: when the customer wrote again after the deletion (first such message).
  const kept = new Map<number, number>();
  for (const leadNo of e.leads) {
    const resumedAt = prepared<[number, number], number | null>(db, PURGE_SQL.resumedOnLead).pluck().get(leadNo, deletedAt) ?? null;
    if (resumedAt === null) whole.push(leadNo);
    else kept.set(leadNo, resumedAt);
  }

  // Messages: erased ones' Message-IDs are kept in memory to tell which replies answered them.
  const erasedIds = new Set<string>();
  let messagesRemoved = 0;
  for (const leadNo of whole) {
    for (const id of prepared<[number], string | null>(db, PURGE_SQL.idsOnLead).pluck().all(leadNo)) if (id) erasedIds.add(id);
    messagesRemoved += prepared<[number], unknown>(db, PURGE_SQL.messagesByLead).run(leadNo).changes;
  }
  for (const leadNo of kept.keys()) {
    for (const id of prepared<[number, number], string | null>(db, PURGE_SQL.untilOnLead).pluck().all(leadNo, deletedAt)) if (id) erasedIds.add(id);
    messagesRemoved += prepared<[number, number], unknown>(db, PURGE_SQL.messagesByLeadUntil).run(leadNo, deletedAt).changes;
  }
  for (const email of e.emails) {
    for (const id of prepared<[string, number], string | null>(db, PURGE_SQL.senderUntil).pluck().all(email, deletedAt)) if (id) erasedIds.add(id);
    messagesRemoved += prepared<[string, number], unknown>(db, PURGE_SQL.messagesBySenderUntil).run(email, deletedAt).changes;
  }

  // Replies and drafts.
  let outboxRemoved = 0;
  // Our erased replies' Message-IDs: what a relayed answer to them would reference.
  const erasedReplyIds = new Set<string>();
  for (const leadNo of whole) {
    for (const id of prepared<[number], string>(db, PURGE_SQL.outboxIdsOfLead).pluck().all(leadNo)) erasedReplyIds.add(id);
    outboxRemoved += prepared<[number], unknown>(db, PURGE_SQL.outboxByLead).run(leadNo).changes;
  }
  const keeps = (row: OutboxRow, laterIds: ReadonlySet<string>, resumedAt: number | null): boolean => {
    if (resumedAt === null) return false;
    if (row.in_reply_to !== null && laterIds.has(row.in_reply_to)) return true;
    if (row.in_reply_to !== null && erasedIds.has(row.in_reply_to)) return false;
    return row.created_at >= resumedAt;
  };
  const removeReply = (id: string) => {
    const replyId = prepared<[string], string>(db, PURGE_SQL.outboxIdOf).pluck().get(id);
    if (replyId) erasedReplyIds.add(replyId);
    outboxRemoved += prepared<[string], unknown>(db, PURGE_SQL.outboxRow).run(id).changes;
  };
  for (const [leadNo, resumedAt] of kept) {
    const laterIds = new Set(
      prepared<[number, number], string | null>(db, PURGE_SQL.laterOnLead).pluck().all(leadNo, deletedAt).filter((id): id is string => !!id),
    );
    const keptDrafts = new Set<string>();
    const erasedDrafts = new Set<string>();
    for (const row of prepared<[number], OutboxRow>(db, PURGE_SQL.outboxOfLead).all(leadNo)) {
      const keep = keeps(row, laterIds, resumedAt);
      if (row.draft_id !== null) (keep ? keptDrafts : erasedDrafts).add(row.draft_id);
      if (!keep) removeReply(row.id);
    }
    for (const draft of prepared<[number], { id: string; created_at: number }>(db, PURGE_SQL.draftsOfLead).all(leadNo)) {
      const keep = keptDrafts.has(draft.id) || (!erasedDrafts.has(draft.id) && draft.created_at >= resumedAt);
      if (!keep) prepared<[string], unknown>(db, PURGE_SQL.draft).run(draft.id);
    }
  }
  // Replies to the customer's address on other leads (their own leads are decided above).
  const laterFromCustomer = new Map<number, { ids: Set<string>; resumedAt: number | null }>();
  const customerOn = (leadNo: number) => {
    let found = laterFromCustomer.get(leadNo);
    if (found) return found;
    found = { ids: new Set<string>(), resumedAt: null };
    for (const email of e.emails) {
      for (const m of prepared<[string, number, number], { internet_message_id: string | null; received_at: number }>(db, PURGE_SQL.senderLaterOnLead).all(email, leadNo, deletedAt)) {
        if (m.internet_message_id) found.ids.add(m.internet_message_id);
        found.resumedAt = found.resumedAt === null ? m.received_at : Math.min(found.resumedAt, m.received_at);
      }
    }
    laterFromCustomer.set(leadNo, found);
    return found;
  };
  for (const email of e.emails) {
    for (const row of prepared<[string], OutboxRow>(db, PURGE_SQL.outboxToRecipient).all(email)) {
      if (row.lead_no !== null && e.leads.has(row.lead_no)) continue;
      const customer = row.lead_no === null ? { ids: new Set<string>(), resumedAt: null } : customerOn(row.lead_no);
      if (!keeps(row, customer.ids, customer.resumedAt)) removeReply(row.id);
    }
  }

  for (const leadNo of kept.keys()) rederiveLead(db, leadNo, e);
  for (const leadNo of whole) prepared<[number], unknown>(db, PURGE_SQL.lead).run(leadNo);
  return { leadsRemoved: whole.length, messagesRemoved, outboxRemoved, erasedMessageIds: new Set([...erasedIds, ...erasedReplyIds]) };
}

/**
 * A kept lead after its older messages were erased: their sources go; when the lead's own
 * source message was one of them, the lead's fields came from erased mail and are derived
 * again from what the store keeps of the remaining messages. The store does not keep each
 * message's parsed fields, so only the sender's address and name (of the customer's earliest
 * remaining message) and the earliest remaining source's format, provider and external id can
 * be; phone, postal code, preferred contact, vehicle, trade-in, comments and requested time
 * are cleared (the remaining messages still show what they said). Corrections of the old
 * fields go with them; a first response before the new mail no longer counts.
 */
function rederiveLead(db: Db, leadNo: number, e: Erasure): void {
  prepared<[number], unknown>(db, PURGE_SQL.orphanSources).run(leadNo);
  const source = prepared<[number], number | null>(db, PURGE_SQL.sourceMessage).pluck().get(leadNo) ?? null;
  if (source !== null) return; // parsed from a message received after the deletion: nothing to re-derive
  const inbound = prepared<[number], { message_no: number; from_address: string | null; from_name: string | null; received_at: number }>(
    db, PURGE_SQL.inboundOfLead,
  ).all(leadNo);
  const first = prepared<[number], { id: number; message_no: number; format: string; provider: string | null; confidence: number; external_id: string | null; received_at: number }>(
    db, PURGE_SQL.firstSource,
  ).get(leadNo);
  const from = first ?? inbound[0];
  if (!from) return; // cannot happen: a kept lead has an inbound message after the deletion
  if (first) {
    prepared(db, "UPDATE lead_sources SET matched_on = 'first' WHERE id = ?").run(first.id);
  } else {
    insertSourceRow(db, leadNo, from.message_no, { externalId: null, source: { format: 'unknown', provider: null, confidence: 0 } }, 'first', e.at);
  }
  const customer = inbound.find((m) => m.from_address !== null && e.emails.has(m.from_address));
  const name = splitFullName(customer?.from_name ?? null);
  prepared(
    db,
    `UPDATE leads SET source_message_no = ?, source_format = ?, source_provider = ?, source_confidence = ?, external_id = ?,
       first_name = ?, last_name = ?, full_name = ?, email = ?, phone = NULL, postal_code = NULL, preferred_contact = NULL,
       vehicle_json = NULL, vehicle_label = NULL, trade_in_json = NULL, comments = NULL, comments_untrusted = 1,
       requested_at = NULL, received_at = ?, first_seen_at = max(first_seen_at, ?),
       first_response_at = CASE WHEN first_response_at < ? THEN NULL ELSE first_response_at END, updated_at = ?
     WHERE lead_no = ?`,
  ).run(
    from.message_no, first?.format ?? 'unknown', first?.provider ?? null, first?.confidence ?? 0, first?.external_id ?? null,
    name.firstName, name.lastName, name.fullName, customer?.from_address?.toLowerCase() ?? null,
    from.received_at, from.received_at, from.received_at, e.at, leadNo,
  );
  prepared<[number], unknown>(db, PURGE_SQL.corrections).run(leadNo);
}

/**
 * Deleting from a contentless FTS5 table only adds a tombstone: the customer's words stay in
 * the index segments until they are merged. 'optimize' rewrites each index into one segment
 * without them (the freed pages are zeroed by secure_delete).
 */
export function rewriteSearchIndex(db: Db): void {
  db.exec(`INSERT INTO lead_fts(lead_fts) VALUES ('optimize'); INSERT INTO message_fts(message_fts) VALUES ('optimize');`);
}

/**
 * The newest instruction applied for a dealership with its tombstones kept (the cloud lists
 * instructions after it). Instructions applied before tombstones existed do not count, so the
 * cloud lists them again once and their tombstones are recorded (the purge is not redone).
 */
export function lastPurgeInstruction(db: Db, dealershipId: string): string | null {
  return prepared<[string], string>(
    db,
    'SELECT instruction_id FROM purge_log WHERE dealership_id = ? AND tombstoned = 1 ORDER BY CAST(instruction_id AS INTEGER) DESC LIMIT 1',
  ).pluck().get(dealershipId) ?? null;
}

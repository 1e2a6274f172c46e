import { prepared, type Db } from '../open-database';

/** A customer deletion from the cloud: who, only as opaque keys (HMAC of email/phone). */
export interface PurgeInstruction {
  readonly instructionId: string;
  readonly dealershipId: string;
  readonly customerKeys: ReadonlySet<string>;
  /** This dealership's keys for a local email and phone (the cloud's derivation). */
  readonly keysOf: (customer: { email?: string; phone?: string }) => string[];
}

export interface PurgeResult {
  readonly alreadyApplied: boolean;
  readonly leadsRemoved: number;
  readonly messagesRemoved: number;
  readonly outboxRemoved: number;
}

const matches = (instruction: PurgeInstruction, email: string | null, phone: string | null): boolean =>
  instruction.keysOf({ ...(email ? { email } : {}), ...(phone ? { phone } : {}) }).some((k) => instruction.customerKeys.has(k));

/**
 * Erases one customer from this desktop: their leads (with drafts, corrections, sources), every
 * message in those threads or sent by them, and replies queued to them. The do-not-contact list
 * is kept on purpose: an opt-out must keep being honoured after the data is gone.
 */
export function purgeCustomer(db: Db, instruction: PurgeInstruction, at: number): PurgeResult {
  const done = prepared<[string, string], number>(db, 'SELECT 1 FROM purge_log WHERE dealership_id = ? AND instruction_id = ?')
    .pluck().get(instruction.dealershipId, instruction.instructionId);
  if (done) return { alreadyApplied: true, leadsRemoved: 0, messagesRemoved: 0, outboxRemoved: 0 };

  const leads = prepared<[], { lead_no: number; email: string | null; phone: string | null }>(db, 'SELECT lead_no, email, phone FROM leads')
    .all().filter((l) => matches(instruction, l.email, l.phone)).map((l) => l.lead_no);
  const senders = prepared<[], string>(db, 'SELECT DISTINCT from_address FROM messages WHERE from_address IS NOT NULL')
    .pluck().all().filter((address) => matches(instruction, address, null));
  const recipients = prepared<[], string>(db, 'SELECT DISTINCT to_address FROM outbox')
    .pluck().all().filter((address) => matches(instruction, address, null));

  let messagesRemoved = 0;
  let outboxRemoved = 0;
  const byLead = prepared<[number], unknown>(db, 'DELETE FROM messages WHERE lead_no = ?');
  const outboxByLead = prepared<[number], unknown>(db, 'DELETE FROM outbox WHERE lead_no = ?');
  for (const leadNo of leads) {
    messagesRemoved += byLead.run(leadNo).changes;
    outboxRemoved += outboxByLead.run(leadNo).changes;
  }
  const bySender = prepared<[string], unknown>(db, 'DELETE FROM messages WHERE from_address = ?');
  for (const address of senders) messagesRemoved += bySender.run(address).changes;
  const byRecipient = prepared<[string], unknown>(db, 'DELETE FROM outbox WHERE to_address = ?');
  for (const address of recipients) outboxRemoved += byRecipient.run(address).changes;
  const deleteLead = prepared<[number], unknown>(db, 'DELETE FROM leads WHERE lead_no = ?');
  for (const leadNo of leads) deleteLead.run(leadNo);

  prepared(
    db,
    `INSERT INTO purge_log (instruction_id, dealership_id, applied_at, leads_removed, messages_removed, outbox_removed)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(instruction.instructionId, instruction.dealershipId, at, leads.length, messagesRemoved, outboxRemoved);
  return { alreadyApplied: false, leadsRemoved: leads.length, messagesRemoved, outboxRemoved };
}

/** The newest instruction applied for a dealership (the cloud lists instructions after it). */
export function lastPurgeInstruction(db: Db, dealershipId: string): string | null {
  return prepared<[string], string>(
    db,
    'SELECT instruction_id FROM purge_log WHERE dealership_id = ? ORDER BY CAST(instruction_id AS INTEGER) DESC LIMIT 1',
  ).pluck().get(dealershipId) ?? null;
}

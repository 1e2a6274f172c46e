import { customerKeysOf } from '../../deletion/customer-keys';
import { prepared, type Db } from '../open-database';
import { recordTombstones, rememberPurgeScope } from './tombstones';

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
  /** When the deletion was requested in the cloud (ms); mail received until then stays out. */
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
  messagesByLead: 'DELETE FROM messages WHERE lead_no = ?',
  outboxByLead: 'DELETE FROM outbox WHERE lead_no = ?',
  messagesBySender: 'DELETE FROM messages WHERE from_address = ?',
  outboxByRecipient: 'DELETE FROM outbox WHERE to_address = ?',
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
 * transaction: their leads (with drafts, corrections, sources, search rows), every message in
 * those threads or sent by them, and replies queued or sent to them. Matching costs one key
 * derivation per distinct stored address/phone for the whole batch, then indexed lookups.
 * An instruction already in purge_log is skipped (re-applying is harmless). The
 * do-not-contact list is kept on purpose: an opt-out must keep being honoured after the data is gone.
 * Each instruction also leaves tombstones (its keys, the deletion time, the dealership's salt)
 * so that mail received before the deletion but synced later is not stored (tombstones.ts).
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
    let messagesRemoved = 0;
    let outboxRemoved = 0;
    for (const leadNo of leads) {
      messagesRemoved += prepared<[number], unknown>(db, PURGE_SQL.messagesByLead).run(leadNo).changes;
      outboxRemoved += prepared<[number], unknown>(db, PURGE_SQL.outboxByLead).run(leadNo).changes;
    }
    for (const email of emails) {
      messagesRemoved += prepared<[string], unknown>(db, PURGE_SQL.messagesBySender).run(email).changes;
      outboxRemoved += prepared<[string], unknown>(db, PURGE_SQL.outboxByRecipient).run(email).changes;
    }
    for (const leadNo of leads) prepared<[number], unknown>(db, PURGE_SQL.lead).run(leadNo);
    prepared(
      db,
      `INSERT INTO purge_log (instruction_id, dealership_id, applied_at, leads_removed, messages_removed, outbox_removed, tombstoned)
       VALUES (?, ?, ?, ?, ?, ?, 1)`,
    ).run(instructionId, batch.dealershipId, at, leads.size, messagesRemoved, outboxRemoved);
    return { instructionId, alreadyApplied: false, leadsRemoved: leads.size, messagesRemoved, outboxRemoved };
  });
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

import { StoreRuleError } from '../errors';
import { randomBytes, randomUUID } from 'node:crypto';
import { prepared, type Db } from '../open-database';

export type MailProvider = 'gmail' | 'microsoft' | 'simulator';

export interface MailboxAccount {
  readonly id: string;
  readonly provider: MailProvider;
  readonly address: string;
  readonly displayName: string | null;
  readonly syncCursor: string | null;
}

export interface NewMailboxAccount {
  readonly provider: MailProvider;
  readonly address: string;
  readonly displayName?: string | null;
}

export function insertMailboxAccount(db: Db, input: NewMailboxAccount, at: number, id: string = randomUUID()): MailboxAccount {
  prepared(
    db,
    `INSERT INTO mailbox_accounts (id, provider, address, display_name, key_salt, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, input.provider, input.address.toLowerCase(), input.displayName ?? null, randomBytes(32), at, at);
  return { id, provider: input.provider, address: input.address.toLowerCase(), displayName: input.displayName ?? null, syncCursor: null };
}

interface AccountRow {
  id: string;
  provider: MailProvider;
  address: string;
  display_name: string | null;
  sync_cursor: string | null;
}

export function listMailboxAccounts(db: Db): MailboxAccount[] {
  return prepared<[], AccountRow>(db, 'SELECT id, provider, address, display_name, sync_cursor FROM mailbox_accounts ORDER BY created_at')
    .all()
    .map((r) => ({ id: r.id, provider: r.provider, address: r.address, displayName: r.display_name, syncCursor: r.sync_cursor }));
}

export function setSyncCursor(db: Db, accountId: string, cursor: string | null, at: number): void {
  prepared(db, 'UPDATE mailbox_accounts SET sync_cursor = ?, updated_at = ? WHERE id = ?').run(cursor, at, accountId);
}

/** The per-account salt mixed into the subkey that seals its tokens. */
export function accountKeySalt(db: Db, accountId: string): Buffer | null {
  const salt = prepared<[string], Buffer>(db, 'SELECT key_salt FROM mailbox_accounts WHERE id = ?').pluck().get(accountId);
  return salt ?? null;
}

export function writeSealedTokens(db: Db, accountId: string, sealed: string | null, at: number): void {
  const r = prepared(db, 'UPDATE mailbox_accounts SET sealed_tokens = ?, updated_at = ? WHERE id = ?').run(sealed, at, accountId);
  if (r.changes !== 1) throw new StoreRuleError('That mailbox is not linked on this computer.');
}

export function readSealedTokens(db: Db, accountId: string): string | null {
  return prepared<[string], string | null>(db, 'SELECT sealed_tokens FROM mailbox_accounts WHERE id = ?').pluck().get(accountId) ?? null;
}

export interface RemovedAccount {
  readonly removedLeads: number;
  readonly removedMessages: number;
}

/** Deletes the account row; leads, messages, drafts, outbox and its sealed tokens go with it. */
export function deleteMailboxAccount(db: Db, accountId: string): RemovedAccount {
  const count = (table: 'leads' | 'messages') =>
    prepared<[string], number>(db, `SELECT count(*) FROM ${table} WHERE account_id = ?`).pluck().get(accountId) ?? 0;
  const removed = { removedLeads: count('leads'), removedMessages: count('messages') };
  prepared(db, 'DELETE FROM mailbox_accounts WHERE id = ?').run(accountId);
  return removed;
}

import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Logger } from '../log/logger';
import { openDatabase, type Db } from './open-database';
import { SIDE_FILE_SUFFIXES, setAsideDir } from './paths';

/** An approved reply that had not gone out yet, read back from a damaged database. */
export interface SalvagedReply {
  readonly id: string;
  readonly accountId: string;
  readonly internetMessageId: string;
  readonly inReplyTo: string | null;
  readonly toAddress: string;
  readonly subject: string;
  readonly body: string;
  readonly approvalHash: string;
  readonly state: 'queued' | 'sending' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: number;
}

export interface SalvagedAccount {
  readonly id: string;
  readonly provider: string;
  readonly address: string;
  readonly displayName: string | null;
  readonly keySalt: Buffer;
  readonly sealedTokens: string | null;
  readonly createdAt: number;
}

/** What the user is told after recovery: nothing approved disappears without a line here. */
export interface RecoveryReport {
  /** Where the damaged (still encrypted) file was moved, relative to the data folder. */
  readonly setAsideAs: string;
  readonly salvagedReplies: number;
  /** Approved, unsent replies known to exist whose content could not be read. */
  readonly lostReplies: { readonly count: number; readonly internetMessageIds: string[] };
  /** False when not even the list of outbox entries could be read: we cannot say what was lost. */
  readonly outboxListReadable: boolean;
  readonly salvagedAccounts: number;
  /** One sentence for the dialog. */
  readonly message: string;
}

export interface Salvage {
  readonly accounts: SalvagedAccount[];
  readonly replies: SalvagedReply[];
  readonly lostReplyIds: string[];
  readonly outboxListReadable: boolean;
}

const UNSENT = new Set(['queued', 'sending', 'failed']);

/**
 * Reads what must not be lost from a damaged file, row by row so one bad page costs only the
 * rows on it. The outbox's own indexes list every entry and its state even when table pages
 * are unreadable, which is how lost replies are counted exactly.
 */
export function salvage(file: string, key: Buffer, log: Logger): Salvage {
  let db: Db;
  try {
    db = openDatabase(file, key, { minimalSetup: true });
  } catch (error) {
    log.error('store.salvage-open-failed', { error: error instanceof Error ? error.name : 'unknown' });
    return { accounts: [], replies: [], lostReplyIds: [], outboxListReadable: false };
  }
  try {
    const accounts = readRows(db, 'mailbox_accounts', (rowid) =>
      db.prepare<[number], { id: string; provider: string; address: string; display_name: string | null; key_salt: Buffer; sealed_tokens: string | null; created_at: number }>(
        'SELECT id, provider, address, display_name, key_salt, sealed_tokens, created_at FROM mailbox_accounts WHERE rowid = ?',
      ).get(rowid),
    ).map((r) => ({ id: r.id, provider: r.provider, address: r.address, displayName: r.display_name, keySalt: r.key_salt, sealedTokens: r.sealed_tokens, createdAt: r.created_at }));

    // Every outbox entry is in the unique index on internet_message_id, with its rowid.
    let listed: { rowid: number; internet_message_id: string }[] = [];
    let outboxListReadable = true;
    try {
      listed = db
        .prepare<[], { rowid: number; internet_message_id: string }>(
          'SELECT rowid, internet_message_id FROM outbox INDEXED BY sqlite_autoindex_outbox_2 ORDER BY internet_message_id',
        )
        .all();
    } catch {
      try {
        listed = db.prepare<[], { rowid: number; internet_message_id: string }>('SELECT rowid, internet_message_id FROM outbox').all();
      } catch {
        outboxListReadable = false;
      }
    }
    const replies: SalvagedReply[] = [];
    const lostReplyIds: string[] = [];
    const one = db.prepare<[number], {
      id: string; account_id: string; internet_message_id: string; in_reply_to: string | null; to_address: string;
      subject: string; body: string; approval_hash: string; state: string; attempts: number; last_error: string | null; created_at: number;
    }>(
      `SELECT id, account_id, internet_message_id, in_reply_to, to_address, subject, body, approval_hash, state, attempts,
         last_error, created_at FROM outbox WHERE rowid = ?`,
    );
    for (const entry of listed) {
      let row: ReturnType<typeof one.get>;
      try {
        row = one.get(entry.rowid);
      } catch {
        row = undefined;
      }
      if (!row) {
        // We cannot read its state either; count it as lost unless an index says it was sent.
        if (!wasSent(db, entry.rowid)) lostReplyIds.push(entry.internet_message_id);
        continue;
      }
      if (!UNSENT.has(row.state)) continue;
      replies.push({
        id: row.id, accountId: row.account_id, internetMessageId: row.internet_message_id, inReplyTo: row.in_reply_to,
        toAddress: row.to_address, subject: row.subject, body: row.body, approvalHash: row.approval_hash,
        state: row.state as SalvagedReply['state'], attempts: row.attempts, lastError: row.last_error, createdAt: row.created_at,
      });
    }
    log.warn('store.salvaged', { accounts: accounts.length, replies: replies.length, lostReplies: lostReplyIds.length, outboxListReadable });
    return { accounts, replies, lostReplyIds, outboxListReadable };
  } finally {
    db.close();
  }
}

function wasSent(db: Db, rowid: number): boolean {
  try {
    const state = db
      .prepare<[number], string>('SELECT state FROM outbox INDEXED BY outbox_by_state WHERE rowid = ? AND state IS NOT NULL')
      .pluck()
      .get(rowid);
    return state === 'sent' || state === 'cancelled';
  } catch {
    return false;
  }
}

function readRows<T>(db: Db, table: string, read: (rowid: number) => T | undefined): T[] {
  let rowids: number[];
  try {
    rowids = db.prepare<[], number>(`SELECT rowid FROM ${table}`).pluck().all();
  } catch {
    return [];
  }
  const out: T[] = [];
  for (const rowid of rowids) {
    try {
      const row = read(rowid);
      if (row) out.push(row);
    } catch {
      // A damaged page: this row is gone; the mailbox sync brings leads and messages back.
    }
  }
  return out;
}

/** Moves the database and its side files into set-aside/, keeping them (still encrypted). */
export function setAside(dataDir: string, file: string, stamp: string): string {
  const dir = setAsideDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const name = `${basename(file)}.damaged-${stamp}`;
  for (const suffix of SIDE_FILE_SUFFIXES) {
    if (existsSync(file + suffix)) renameSync(file + suffix, join(dir, name + suffix));
  }
  return join('set-aside', name);
}

export function restoreSalvage(db: Db, s: Salvage, now: number): void {
  db.transaction(() => {
    const account = db.prepare(
      `INSERT OR IGNORE INTO mailbox_accounts (id, provider, address, display_name, sync_cursor, key_salt, sealed_tokens, created_at, updated_at)
       VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
    );
    // sync_cursor is left empty on purpose: the next sync downloads the mailbox again.
    for (const a of s.accounts) account.run(a.id, a.provider, a.address, a.displayName, a.keySalt, a.sealedTokens, a.createdAt, now);
    const reply = db.prepare(
      `INSERT INTO outbox (id, account_id, lead_no, draft_id, internet_message_id, in_reply_to, to_address, subject, body,
         approval_hash, state, attempts, last_error, created_at, updated_at)
       VALUES (?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of s.replies) {
      reply.run(r.id, r.accountId, r.internetMessageId, r.inReplyTo, r.toAddress, r.subject, r.body, r.approvalHash,
        r.state, r.attempts, r.lastError, r.createdAt, now);
    }
  }).immediate();
}

export function describeRecovery(report: Omit<RecoveryReport, 'message'>): string {
  const parts = ['The leads file on this computer was damaged and has been set aside; your leads will download again from your mailbox.'];
  if (report.salvagedReplies > 0) parts.push(`${report.salvagedReplies} approved ${report.salvagedReplies === 1 ? 'reply that had' : 'replies that had'} not been sent yet ${report.salvagedReplies === 1 ? 'was' : 'were'} kept and will still go out.`);
  if (report.lostReplies.count > 0) parts.push(`${report.lostReplies.count} approved ${report.lostReplies.count === 1 ? 'reply' : 'replies'} could not be read and will not be sent: check your Sent folder and the affected leads, and write ${report.lostReplies.count === 1 ? 'it' : 'them'} again if needed.`);
  if (!report.outboxListReadable) parts.push('LeadPulse could not read the list of replies waiting to be sent, so some approved replies may not have gone out: check your Sent folder against your recent approvals.');
  return parts.join(' ');
}

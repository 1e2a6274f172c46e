import type {
  BadgeCounts,
  InboxPage,
  LeadDetail,
  LeadStatus,
  SearchResult,
} from '../../../src-shared/contract/areas/leads';
import type { Logger } from '../log/logger';
import type { Db, StoreCipherKey } from './open-database';
import { openDatabase } from './open-database';
import { migrate } from './migrate';
import { checkIntegrity } from './integrity';
import { StoreCorruptError } from './errors';
import type { Clock } from './time';
import { InboxQueries, type InboxQuery } from './queries/inbox';
import { SearchQueries } from './queries/search';
import { DetailQueries } from './queries/detail';
import { BadgeQueries } from './queries/badges';
import {
  deleteMailboxAccount,
  insertMailboxAccount,
  listMailboxAccounts,
  setSyncCursor,
  type MailboxAccount,
  type NewMailboxAccount,
  type RemovedAccount,
} from './writes/accounts';
import {
  correctLeadField,
  insertLeadWithMessage,
  markFirstResponse,
  updateLeadAssignee,
  updateLeadStatus,
  type CorrectableField,
  type IngestedLead,
  type NewLead,
  type NewMessage,
} from './writes/leads';
import { approveDraftVersion, insertDraftVersion, type NewDraft } from './writes/drafts';
import { enqueueApprovedDraft, transitionOutbox, type EnqueueReply, type OutboxTransition } from './writes/outbox';
import { addSuppression, isSuppressed, type SuppressionReason } from './writes/suppression';
import { appendAudit } from './writes/audit';
import { addSourceToLead, attachReplyOrStartLead, type AttachedReply } from './writes/lead-merge';
import { lastPurgeInstruction, purgeCustomers, rewriteSearchIndex, type PurgeBatch, type PurgeResult } from './writes/purge';
import { isWithheld, type WithheldMessage } from './writes/tombstones';
import type { SourceMatch } from './writes/lead-sources';
import { duplicateCandidates, type CandidateProbe } from './queries/duplicate-candidates';
import type { LeadKey } from '../leads/dedupe';

const connections = new WeakMap<LeadStore, Db>();

/** The raw connection, for code inside src-main/core/store only (not exported from index.ts). */
export function connectionOf(store: LeadStore): Db {
  const db = connections.get(store);
  if (!db) throw new Error('Unknown store.');
  return db;
}

/**
 * The local lead store: named queries and transactional writes over one encrypted SQLite file.
 * Nothing outside src-main/core/store sees SQL or the connection.
 */
export class LeadStore {
  readonly #db: Db;
  readonly #now: Clock;
  readonly #inbox: InboxQueries;
  readonly #search: SearchQueries;
  readonly #detail: DetailQueries;
  readonly #badges: BadgeQueries;

  /** @internal Use openLocalStore (app) or openLeadStoreFile (tools). */
  constructor(db: Db, now: Clock) {
    this.#db = db;
    this.#now = now;
    this.#inbox = new InboxQueries(db);
    this.#search = new SearchQueries(db);
    this.#detail = new DetailQueries(db);
    this.#badges = new BadgeQueries(db);
    connections.set(this, db);
  }

  // ---- named queries (what the renderer can ask for, through the contract) ----

  listInbox(query: InboxQuery = {}): InboxPage {
    return this.#inbox.page(query);
  }

  getLeadDetail(id: string): LeadDetail | null {
    return this.#detail.detail(id);
  }

  search(query: string, limit?: number): SearchResult {
    return this.#search.search(query, limit);
  }

  listSources(): { provider: string; leads: number }[] {
    return this.#badges.sources();
  }

  badgeCounts(me?: string): BadgeCounts {
    return this.#badges.counts(me);
  }

  // ---- writes: each one transaction ----

  addMailboxAccount(account: NewMailboxAccount, actor: string): MailboxAccount {
    return this.#write((at) => {
      const added = insertMailboxAccount(this.#db, account, at);
      appendAudit(this.#db, { at, actor, action: 'mailbox.linked', accountId: added.id, detail: { provider: added.provider } });
      return added;
    });
  }

  listMailboxAccounts(): MailboxAccount[] {
    return listMailboxAccounts(this.#db);
  }

  setSyncCursor(accountId: string, cursor: string | null): void {
    this.#write((at) => setSyncCursor(this.#db, accountId, cursor, at));
  }

  /** Removes the mailbox and everything that came from it (its sealed sign-in included). */
  removeMailboxAccount(accountId: string, actor: string): RemovedAccount {
    const removed = this.#write((at) => {
      const r = deleteMailboxAccount(this.#db, accountId);
      appendAudit(this.#db, { at, actor, action: 'mailbox.removed', accountId, detail: { ...r } });
      return r;
    });
    // Push the deletions out of the WAL into the (zeroed, secure_delete) main file.
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return removed;
  }

  /**
   * One lead email. Withheld (nothing stored, counted in the audit log by mailbox only) when it
   * is about a customer deleted on request and was received at or before the deletion; the
   * check runs in the insert's own transaction, so a purge applied meanwhile is honoured.
   */
  ingestLead(accountId: string, message: NewMessage, lead: NewLead): IngestedLead | WithheldMessage {
    return this.#write((at) => this.#countWithheld(accountId, at, insertLeadWithMessage(this.#db, accountId, message, lead, at)));
  }

  /** Existing leads an incoming one may repeat, for the pure dedupe rules to decide. */
  duplicateCandidates(probe: CandidateProbe): LeadKey[] {
    return duplicateCandidates(this.#db, probe);
  }

  /** The same inquiry again (decided by dedupe): one lead, one more source. */
  addLeadSource(
    leadId: string,
    accountId: string,
    message: NewMessage,
    lead: NewLead,
    matchedOn: Exclude<SourceMatch, 'first'> | 'customer-reply-email',
  ): IngestedLead | WithheldMessage {
    return this.#write((at) => this.#countWithheld(accountId, at, addSourceToLead(this.#db, leadId, accountId, message, lead, matchedOn, at)));
  }

  /**
   * A reply in an existing conversation joins its lead's thread; withheld when a customer
   * deleted on request sent it before the deletion. When no lead owns the thread, `orphan`
   * (if given) becomes a new lead, unless its sender opted out; null when nothing was stored.
   */
  attachReply(accountId: string, message: NewMessage, orphan: NewLead | null = null): AttachedReply | WithheldMessage | null {
    return this.#write((at) => this.#countWithheld(accountId, at, attachReplyOrStartLead(this.#db, accountId, message, orphan, at)));
  }

  /**
   * Customer deletions from the cloud, the whole batch in one transaction: each applied once
   * (recorded by instruction id, counts only), one result per instruction in batch order.
   * Each leaves tombstones (opaque keys and the deletion time) that later intake checks. The
   * same time bounds the erasure: what was received after it is kept (see purgeCustomers).
   */
  applyPurges(batch: PurgeBatch): PurgeResult[] {
    let removedRows = false;
    const results = this.#write((at) => {
      const applied = purgeCustomers(this.#db, batch, at);
      for (const r of applied) {
        if (r.alreadyApplied) continue;
        appendAudit(this.#db, {
          at, actor: 'cloud', action: 'customer.purged',
          detail: { instruction: r.instructionId, leads: r.leadsRemoved, messages: r.messagesRemoved, outbox: r.outboxRemoved },
        });
        removedRows ||= r.leadsRemoved + r.messagesRemoved + r.outboxRemoved > 0;
      }
      if (removedRows) rewriteSearchIndex(this.#db);
      return applied;
    });
    // Push the deletions out of the WAL into the (zeroed, secure_delete) main file.
    if (removedRows) this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return results;
  }

  lastPurgeInstruction(dealershipId: string): string | null {
    return lastPurgeInstruction(this.#db, dealershipId);
  }

  /**
   * Many leads in one transaction (initial sync, seed, benchmark). Items about a customer
   * deleted on request (as in ingestLead) are left out of the store and of the result.
   */
  ingestLeads(accountId: string, items: readonly { message: NewMessage; lead: NewLead }[]): IngestedLead[] {
    return this.#write((at) => {
      const stored: IngestedLead[] = [];
      for (const i of items) {
        const r = this.#countWithheld(accountId, at, insertLeadWithMessage(this.#db, accountId, i.message, i.lead, at));
        if (!isWithheld(r)) stored.push(r);
      }
      return stored;
    });
  }

  setLeadStatus(leadId: string, status: LeadStatus, actor: string): void {
    this.#write((at) => {
      updateLeadStatus(this.#db, leadId, status, at);
      appendAudit(this.#db, { at, actor, action: 'lead.status', leadId, detail: { status } });
    });
  }

  assignLead(leadId: string, assignee: string | null, actor: string): void {
    this.#write((at) => {
      updateLeadAssignee(this.#db, leadId, assignee, at);
      appendAudit(this.#db, { at, actor, action: 'lead.assigned', leadId, detail: { assignee } });
    });
  }

  /** A rep's correction; an email or phone of a customer deleted on request is accepted (see correctLeadField). */
  correctLead(leadId: string, field: CorrectableField, value: string | null, actor: string): void {
    this.#write((at) => {
      correctLeadField(this.#db, leadId, field, value, actor, at);
      appendAudit(this.#db, { at, actor, action: 'lead.corrected', leadId, detail: { field } });
    });
  }

  recordFirstResponse(leadId: string, at: Date): void {
    this.#write(() => markFirstResponse(this.#db, leadId, at.getTime()));
  }

  addDraft(draft: NewDraft): { id: string; version: number } {
    return this.#write((at) => insertDraftVersion(this.#db, draft, at));
  }

  approveDraft(draftId: string, shownHash: string, actor: string): string {
    return this.#write((at) => {
      const hash = approveDraftVersion(this.#db, draftId, shownHash, actor, at);
      appendAudit(this.#db, { at, actor, action: 'draft.approved', detail: { draftId } });
      return hash;
    });
  }

  enqueueReply(reply: EnqueueReply, actor: string): string {
    return this.#write((at) => {
      const id = enqueueApprovedDraft(this.#db, reply, at);
      appendAudit(this.#db, { at, actor, action: 'outbox.queued', detail: { outboxId: id } });
      return id;
    });
  }

  moveOutbox(outboxId: string, change: OutboxTransition): void {
    this.#write((at) => transitionOutbox(this.#db, outboxId, change, at));
  }

  suppress(address: string, reason: SuppressionReason, actor: string | null): void {
    this.#write((at) => {
      addSuppression(this.#db, address, reason, actor, at);
      appendAudit(this.#db, { at, actor: actor ?? 'system', action: 'suppression.added', detail: { reason } });
    });
  }

  isSuppressed(address: string): boolean {
    return isSuppressed(this.#db, address);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  /** A withheld message leaves one audit row: the mailbox and the reason, nothing about the customer. */
  #countWithheld<T extends object | null>(accountId: string, at: number, result: T): T {
    if (result !== null && isWithheld(result)) {
      appendAudit(this.#db, { at, actor: 'system', action: 'intake.withheld', accountId, detail: { reason: result.withheld } });
    }
    return result;
  }

  #write<T>(work: (at: number) => T): T {
    return this.#db.transaction(() => work(this.#now().getTime())).immediate();
  }
}

export interface OpenLeadStoreFileOptions {
  readonly file: string;
  readonly key: StoreCipherKey;
  readonly log: Logger;
  readonly now?: Clock;
  /** Run quick_check before opening, as the app did at every start before the check moved off the main thread (benchmark). */
  readonly checkAtOpen?: boolean;
}

/** Opens (creating if needed) and migrates a store file with a given key. No recovery. */
export function openLeadStoreFile(options: OpenLeadStoreFileOptions): LeadStore {
  const db = openDatabase(options.file, options.key);
  try {
    if (options.checkAtOpen) {
      const integrity = checkIntegrity(db, 'quick');
      if (!integrity.ok) throw new StoreCorruptError(integrity.problems);
    }
    migrate(db, options.log);
  } catch (error) {
    db.close();
    throw error;
  }
  return new LeadStore(db, options.now ?? (() => new Date()));
}

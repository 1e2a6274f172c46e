import type { LeadsChangedPayload } from '../../../src-shared/contract/areas/leads';
import type { Logger } from '../log/logger';
import type { Db, StoreCipherKey } from './open-database';
import { openDatabase } from './open-database';
import { migrate } from './migrate';
import { checkIntegrity } from './integrity';
import { StoreCorruptError } from './errors';
import type { Now } from './time';
import { WritePath } from './write-path';
import { LeadsPart } from './aggregates/leads';
import { MailboxesPart } from './aggregates/mailboxes';
import { DraftsPart } from './aggregates/drafts';
import { OutboxPart } from './aggregates/outbox';
import { PurgesPart } from './aggregates/purges';
import { SuppressionPart } from './aggregates/suppression';

/** The store's parts, as named in the leads.changed event. */
export type StorePart = LeadsChangedPayload['parts'][number];

const connections = new WeakMap<LeadStore, Db>();

/** The raw connection, for code inside src-main/core/store only (not exported from index.ts). */
export function connectionOf(store: LeadStore): Db {
  const db = connections.get(store);
  if (!db) throw new Error('Unknown store.');
  return db;
}

/**
 * The local lead store over one encrypted SQLite file, one part per aggregate (leads,
 * mailboxes, drafts, outbox, purges, suppression). Every part writes through the one
 * WritePath (one transaction per change, audit rows inside it). Nothing outside
 * src-main/core/store sees SQL or the connection.
 */
export class LeadStore {
  readonly #db: Db;
  readonly leads: LeadsPart;
  readonly mailboxes: MailboxesPart;
  readonly drafts: DraftsPart;
  readonly outbox: OutboxPart;
  readonly purges: PurgesPart;
  readonly suppression: SuppressionPart;

  /** @internal Use openLocalStore (app) or openLeadStoreFile (tools). */
  constructor(db: Db, now: Now, onChange: (part: StorePart) => void = () => undefined) {
    this.#db = db;
    // One write path; each part's commits are reported under its name.
    const w = (part: StorePart) => new WritePath(db, now, () => onChange(part));
    this.leads = new LeadsPart(w('leads'));
    this.mailboxes = new MailboxesPart(w('mailboxes'));
    this.drafts = new DraftsPart(w('drafts'));
    this.outbox = new OutboxPart(w('outbox'));
    this.purges = new PurgesPart(w('purges'));
    this.suppression = new SuppressionPart(w('suppression'));
    connections.set(this, db);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

export interface OpenLeadStoreFileOptions {
  readonly file: string;
  readonly key: StoreCipherKey;
  readonly log: Logger;
  readonly now?: Now;
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

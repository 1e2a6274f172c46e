import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerKeysOf } from '../deletion/customer-keys';
import { createMemoryLogger } from '../log/logger';
import { connectionOf, openLeadStoreFile, type LeadStore } from './lead-store';
import { openLocalStore, removeAllLocalData } from './local-store';
import { findInFiles, stored, testProfile } from './testing/helpers';
import type { StoreCipherKey } from './open-database';
import type { NewLead, NewMessage } from './writes/leads';
import type { PurgeBatch } from './writes/purge';

// Deleted-customer tombstones: what a purge leaves behind so the customer cannot come back.
const salt = randomBytes(32);
const keysOf = (customer: { email?: string; phone?: string }) => customerKeysOf(salt, customer);
const DELETED_AT = Date.parse('2026-03-03T09:00:00Z');
const BEFORE = DELETED_AT - 3_600_000;

const MARIA = { email: 'maria.lopez@example.com', phone: '+15125550142' };

let dir: string;
let file: string;
let store: LeadStore;
let accountId: string;
// Unencrypted on purpose: the file scans below must be able to see plaintext if there is any.
const key: StoreCipherKey = 'unencrypted-benchmark-only';
function open(): LeadStore {
  return openLeadStoreFile({ file, key, log: createMemoryLogger() });
}
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lp-tombstones-'));
  file = path.join(dir, 'leads.db');
  store = open();
  accountId = store.mailboxes.add({ provider: 'simulator', address: 'sales@dealer.example' }, 'test').id;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = (sql: string, ...args: unknown[]) => connectionOf(store).prepare(sql).all(...args) as Record<string, unknown>[];

function message(id: string, o: Partial<NewMessage> = {}): NewMessage {
  return { providerMessageId: id, internetMessageId: `<${id}@x>`, receivedAt: BEFORE, bodyText: `body of ${id}`, ...o };
}
function lead(name: string, email: string | null, phone: string | null): NewLead {
  return {
    source: { format: 'marketplace', provider: 'Cars.com', confidence: 0.9 },
    customer: { firstName: name, lastName: 'Lopez', fullName: `${name} Lopez`, email, phone, postalCode: null, preferredContact: null },
    vehicle: null, tradeIn: null, comments: `${name} wants a car`, untrusted: true, injectionSuspected: false,
  };
}
function deleteMaria(s: LeadStore = store, instructionId = '1', deletedAt = DELETED_AT) {
  const batch: PurgeBatch = { dealershipId: 'd1', customerKeySalt: salt, instructions: [{ instructionId, customerKeys: keysOf(MARIA), deletedAt }] };
  return s.purges.apply(batch);
}

describe('purge tombstones', () => {
  it('are the opaque keys and the deletion time, never the email or phone, and survive a restart', () => {
    store.leads.ingest(accountId, message('m1', { fromAddress: 'leads@cars.example' }), lead('Maria', MARIA.email, MARIA.phone));
    expect(deleteMaria()).toMatchObject([{ leadsRemoved: 1 }]);

    const columns = rows("SELECT name FROM pragma_table_info('purge_tombstones')").map((r) => r.name);
    expect(columns).toEqual(['dealership_id', 'customer_key', 'deleted_at']);
    const tombstones = rows('SELECT dealership_id, customer_key, deleted_at FROM purge_tombstones ORDER BY customer_key');
    expect(tombstones).toEqual(keysOf(MARIA).sort().map((k) => ({ dealership_id: 'd1', customer_key: k, deleted_at: DELETED_AT })));
    // Nothing of her readable anywhere in the (unencrypted) files, tombstones included.
    const needles = [MARIA.email, 'maria.lopez', '5125550142', '5550142'];
    expect(findInFiles(dir, needles)).toEqual([]);

    store.close();
    store = open();
    expect(rows('SELECT count(*) AS n FROM purge_tombstones')).toEqual([{ n: 2 }]);
    expect(findInFiles(dir, needles)).toEqual([]);
  });

  it('keep the latest deletion time of a customer deleted twice, and keep readable text out', () => {
    deleteMaria(store, '1', DELETED_AT);
    deleteMaria(store, '2', DELETED_AT + 86_400_000);
    deleteMaria(store, '3', DELETED_AT - 86_400_000);
    expect(rows('SELECT DISTINCT deleted_at FROM purge_tombstones')).toEqual([{ deleted_at: DELETED_AT + 86_400_000 }]);
    // A key that is not the cloud's hex HMAC could never match and is not kept.
    store.purges.apply({ dealershipId: 'd1', customerKeySalt: salt, instructions: [{ instructionId: '4', customerKeys: [MARIA.email], deletedAt: DELETED_AT }] });
    expect(rows('SELECT count(*) AS n FROM purge_tombstones')).toEqual([{ n: 2 }]);
  });
});

describe('intake writes check the tombstones in their own transaction', () => {
  const AFTER = DELETED_AT + 60_000;
  const leads = () => store.leads.listInbox({}).leads.map((l) => l.customerName).sort();
  const withheldAudit = () => rows("SELECT actor, account_id, lead_id, detail FROM audit_log WHERE action = 'intake.withheld'");

  it('withhold her older mail on every path (new lead, repeat, reply on any thread, bulk) and count it without content', () => {
    const sam = stored(store.leads.ingest(accountId, message('sam'), lead('Sam', 'sam@example.com', '+15125550100')));
    deleteMaria();
    const canary = 'Maria asks about the periwinkle Studebaker';
    expect(store.leads.ingest(accountId, message('late-1', { bodyText: canary }), lead('Maria', MARIA.email, null))).toEqual({ withheld: 'customer-deleted' });
    expect(store.leads.ingest(accountId, message('late-2', { bodyText: canary }), lead('Maria', null, '(512) 555-0142'))).toEqual({ withheld: 'customer-deleted' });
    // A website form sent from her own address, the lead naming nobody.
    expect(store.leads.ingest(accountId, message('late-3', { fromAddress: 'MARIA.LOPEZ@example.com', bodyText: canary }), lead('Someone', null, null)))
      .toEqual({ withheld: 'customer-deleted' });
    // Her older mail repeating another (live) lead, and her reply on Sam's thread.
    expect(store.leads.addSource(sam.leadId, accountId, message('late-4', { bodyText: canary }), lead('Maria', MARIA.email, null), 'customer-vehicle-24h'))
      .toEqual({ withheld: 'customer-deleted' });
    expect(store.leads.attachReply(accountId, message('late-5', { fromAddress: MARIA.email, inReplyTo: '<sam@x>', bodyText: canary }))).toEqual({ withheld: 'customer-deleted' });
    expect(store.leads.ingestMany(accountId, [
      { message: message('bulk-1', { bodyText: canary }), lead: lead('Maria', MARIA.email, MARIA.phone) },
      { message: message('bulk-2'), lead: lead('Tom', 'tom@example.com', null) },
    ]).map((r) => r.created)).toEqual([true]);

    expect(leads()).toEqual(['Sam Lopez', 'Tom Lopez']);
    expect(store.leads.detail(sam.leadId)?.messages.map((m) => m.bodyText)).toEqual(['body of sam']);
    expect(withheldAudit()).toEqual(Array.from({ length: 6 }, () => ({ actor: 'system', account_id: accountId, lead_id: null, detail: '{"reason":"customer-deleted"}' })));
    store.close();
    expect(findInFiles(dir, [MARIA.email, '5550142', 'periwinkle'])).toEqual([]);
    store = open();
  });

  it('store her mail received after the deletion: she wrote again', () => {
    deleteMaria();
    expect(stored(store.leads.ingest(accountId, message('new', { receivedAt: AFTER }), lead('Maria', MARIA.email, MARIA.phone))).created).toBe(true);
    expect(stored(store.leads.attachReply(accountId, message('new-reply', { fromAddress: MARIA.email, inReplyTo: '<new@x>', receivedAt: AFTER + 1 }))).created).toBe(true);
    expect(withheldAudit()).toEqual([]);
  });

  it('store her new inquiry as a new lead when the lead it repeats was erased after dedupe ran; her older mail still stays out', () => {
    const old = stored(store.leads.ingest(accountId, message('old'), lead('Maria', MARIA.email, MARIA.phone)));
    // Dedupe matched the old lead; the purge lands before the write.
    deleteMaria();
    expect(store.leads.addSource(old.leadId, accountId, message('old-copy'), lead('Maria', MARIA.email, null), 'customer-vehicle-24h'))
      .toEqual({ withheld: 'customer-deleted' });
    const fresh = stored(store.leads.addSource(old.leadId, accountId, message('new', { receivedAt: AFTER }), lead('Maria', MARIA.email, MARIA.phone), 'customer-vehicle-24h'));
    expect(fresh.created).toBe(true);
    expect(fresh.leadId).not.toBe(old.leadId);
    expect(store.leads.detail(fresh.leadId)?.sources.map((s) => s.matchedOn)).toEqual(['first']);
    expect(leads()).toEqual(['Maria Lopez']);
  });

  it('keep withholding after a restart', () => {
    deleteMaria();
    store.close();
    store = open();
    expect(store.leads.ingest(accountId, message('late'), lead('Maria', MARIA.email, null))).toEqual({ withheld: 'customer-deleted' });
    expect(leads()).toEqual([]);
  });

  it('hold for every dealership whose deletions this desktop applied', () => {
    const otherSalt = randomBytes(32);
    store.purges.apply({ dealershipId: 'd2', customerKeySalt: otherSalt, instructions: [{ instructionId: '9', customerKeys: customerKeysOf(otherSalt, { phone: '737-555-0102' }), deletedAt: DELETED_AT }] });
    deleteMaria();
    expect(store.leads.ingest(accountId, message('ben'), lead('Ben', 'ben@example.com', '+17375550102'))).toEqual({ withheld: 'customer-deleted' });
    expect(store.leads.ingest(accountId, message('maria'), lead('Maria', MARIA.email, null))).toEqual({ withheld: 'customer-deleted' });
  });

  it('outlive the removal of a mailbox: linking it again and re-reading its old mail does not bring her back', () => {
    stored(store.leads.ingest(accountId, message('m1'), lead('Maria', MARIA.email, MARIA.phone)));
    deleteMaria();
    store.mailboxes.remove(accountId, 'rep');
    expect(rows('SELECT count(*) AS n FROM purge_tombstones')).toEqual([{ n: 2 }]);
    const again = store.mailboxes.add({ provider: 'simulator', address: 'sales@dealer.example' }, 'rep').id;
    expect(store.leads.ingest(again, message('m1'), lead('Maria', MARIA.email, MARIA.phone))).toEqual({ withheld: 'customer-deleted' });
    expect(leads()).toEqual([]);
  });

  it("let a rep type a deleted customer's email or phone into a lead (new data); her older mail still stays out", () => {
    const tom = stored(store.leads.ingest(accountId, message('tom', { receivedAt: AFTER }), lead('Tom', 'tom@example.com', null)));
    deleteMaria();
    store.leads.correct(tom.leadId, 'email', MARIA.email, 'rep');
    store.leads.correct(tom.leadId, 'phone', MARIA.phone, 'rep');
    expect(store.leads.detail(tom.leadId)).toMatchObject({ email: MARIA.email, phone: MARIA.phone });
    expect(store.leads.attachReply(accountId, message('old-reply', { fromAddress: MARIA.email, inReplyTo: '<tom@x>' }))).toEqual({ withheld: 'customer-deleted' });
    expect(stored(store.leads.attachReply(accountId, message('new-reply', { fromAddress: MARIA.email, inReplyTo: '<tom@x>', receivedAt: AFTER + 1 }))).created).toBe(true);
  });
});

describe('Remove all local data', () => {
  it('removes the tombstones with everything else (real keychain, encrypted store)', async () => {
    const p = testProfile('tombstones');
    try {
      const local = await openLocalStore(p);
      local.store.purges.apply({ dealershipId: 'd1', customerKeySalt: salt, instructions: [{ instructionId: '1', customerKeys: keysOf(MARIA), deletedAt: DELETED_AT }] });
      expect(connectionOf(local.store).prepare('SELECT count(*) FROM purge_tombstones').pluck().get()).toBe(2);
      local.close();
      const reopened = await openLocalStore(p);
      expect(connectionOf(reopened.store).prepare('SELECT count(*) FROM purge_tombstones').pluck().get()).toBe(2);
      await removeAllLocalData(p, reopened);

      const fresh = await openLocalStore(p);
      try {
        const db = connectionOf(fresh.store);
        expect(db.prepare('SELECT count(*) FROM purge_tombstones').pluck().get()).toBe(0);
        expect(db.prepare('SELECT count(*) FROM purge_scopes').pluck().get()).toBe(0);
        // The deletions are listed from the cloud again from the start and re-applied.
        expect(fresh.store.purges.lastInstruction('d1')).toBeNull();
      } finally {
        fresh.close();
      }
    } finally {
      await p.cleanup();
    }
  });
});

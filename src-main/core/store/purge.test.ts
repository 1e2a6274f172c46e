import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { customerKeysOf } from '../deletion/customer-keys';
import type * as CustomerKeys from '../deletion/customer-keys';
import { createMemoryLogger } from '../log/logger';
import { connectionOf, openLeadStoreFile, type LeadStore } from './lead-store';
import { seededRandom, syntheticLead } from './seed';
import { findInFiles, stored } from './testing/helpers';
import { approvalHashOf } from './writes/drafts';
import type { NewLead, NewMessage } from './writes/leads';
import { PURGE_SQL, type PurgeBatch } from './writes/purge';

// Counts the store's key derivations (the wrapper calls the real one).
vi.mock('../deletion/customer-keys', async (importOriginal) => {
  const real = await importOriginal<typeof CustomerKeys>();
  return { customerKeysOf: vi.fn(real.customerKeysOf) };
});

const salt = randomBytes(32);
const keysOf = (customer: { email?: string; phone?: string }) => customerKeysOf(salt, customer);
const deletedAt = Date.parse('2026-03-03T09:00:00Z');

let dir: string;
let store: LeadStore;
let accountId: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lp-purge-'));
  store = openLeadStoreFile({ file: path.join(dir, 'leads.db'), key: randomBytes(32), log: createMemoryLogger() });
  accountId = store.addMailboxAccount({ provider: 'simulator', address: 'sales@dealer.example' }, 'test').id;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (sql: string, ...args: unknown[]) => connectionOf(store).prepare(sql).pluck().get(...args) as number;

function message(id: string, o: Partial<NewMessage> = {}): NewMessage {
  return { providerMessageId: id, internetMessageId: `<${id}@x>`, receivedAt: Date.parse('2026-03-02T15:00:00Z'), bodyText: `body of ${id}`, ...o };
}
function lead(name: string, email: string | null, phone: string | null): NewLead {
  return {
    source: { format: 'marketplace', provider: 'Cars.com', confidence: 0.9 },
    customer: { firstName: name, lastName: 'Customer', fullName: `${name} Customer`, email, phone, postalCode: null, preferredContact: null },
    vehicle: null, tradeIn: null, comments: `${name} wants a car`, untrusted: true, injectionSuspected: false,
  };
}
function approvedReply(leadId: string, to: string, n: number): void {
  const draft = store.addDraft({ leadId, origin: 'manual', subject: 'Hi', body: `Hello ${n}`, createdBy: 'rep' });
  store.approveDraft(draft.id, approvalHashOf('Hi', `Hello ${n}`), 'rep');
  store.enqueueReply({ draftId: draft.id, toAddress: to, internetMessageId: `<out-${n}@dealer>` }, 'rep');
}

describe('applyPurges', () => {
  it("erases everything of the customer (leads, thread, their mail on other leads, drafts, replies, search) and nothing else; re-applying is harmless", () => {
    const maria = stored(store.ingestLead(accountId, message('m1', { fromAddress: 'leads@cars.example' }), lead('Maria', 'maria@example.com', '+15125550142')));
    store.attachReply(accountId, message('m1-reply', { fromAddress: 'maria@example.com', inReplyTo: '<m1@x>', bodyText: 'Saturday works' }));
    // The same person by phone only, written another way, from another source.
    const byPhone = stored(store.ingestLead(accountId, message('m2'), lead('Mary', null, '(512) 555-0142')));
    const sam = stored(store.ingestLead(accountId, message('m3'), lead('Sam', 'sam@example.com', '+15125550100')));
    // Maria writes on Sam's thread; a rep queued a reply to her from Sam's lead.
    store.attachReply(accountId, message('m3-maria', { fromAddress: 'MARIA@example.com', inReplyTo: '<m3@x>' }));
    approvedReply(maria.leadId, 'maria@example.com', 1);
    approvedReply(sam.leadId, 'maria@example.com', 2);
    approvedReply(sam.leadId, 'sam@example.com', 3);
    store.suppress('maria@example.com', 'opt-out', null);

    const batch: PurgeBatch = {
      dealershipId: 'd1',
      customerKeySalt: salt,
      instructions: [{ instructionId: '7', customerKeys: keysOf({ email: 'Maria@Example.com', phone: '+1 512 555 0142' }), deletedAt }],
    };
    expect(store.applyPurges(batch)).toEqual([{ instructionId: '7', alreadyApplied: false, leadsRemoved: 2, messagesRemoved: 4, outboxRemoved: 2 }]);
    expect(store.getLeadDetail(maria.leadId)).toBeNull();
    expect(store.getLeadDetail(byPhone.leadId)).toBeNull();
    for (const q of ['maria', 'mary', 'saturday', '0142']) expect(store.search(q)).toMatchObject({ leads: [] });
    expect(count('SELECT count(*) FROM drafts')).toBe(2); // Sam's two; Maria's went with her lead
    expect(count('SELECT count(*) FROM outbox')).toBe(1);
    expect(count("SELECT count(*) FROM messages WHERE lower(from_address) = 'maria@example.com'")).toBe(0);
    const samDetail = store.getLeadDetail(sam.leadId);
    expect(samDetail?.messages.map((m) => m.bodyText)).toEqual(['body of m3']);
    expect(samDetail?.outbox.map((o) => o.state)).toEqual(['queued']);
    expect(store.isSuppressed('maria@example.com')).toBe(true); // the opt-out outlives the data

    const before = count('SELECT total_changes()');
    expect(store.applyPurges(batch)).toEqual([{ instructionId: '7', alreadyApplied: true, leadsRemoved: 0, messagesRemoved: 0, outboxRemoved: 0 }]);
    expect(count('SELECT total_changes()')).toBe(before);
    expect(store.listInbox({}).leads.map((l) => l.customerName)).toEqual(['Sam Customer']);
    expect(store.lastPurgeInstruction('d1')).toBe('7');
  });

  it('derives keys once per distinct stored address/phone for a whole batch, however many instructions it holds', () => {
    const random = seededRandom(3);
    const items = Array.from({ length: 300 }, (_, i) => syntheticLead(random, i, Date.parse('2026-03-01T00:00:00Z') + i * 60_000));
    store.ingestLeads(accountId, items);
    const distinct = count(`SELECT count(*) FROM (${PURGE_SQL.addresses})`) + count(`SELECT count(*) FROM (${PURGE_SQL.phones})`);
    const derivations = vi.mocked(customerKeysOf).mock;
    const callsFor = (instructions: number, first: number): number => {
      const batch: PurgeBatch = {
        dealershipId: 'd1',
        customerKeySalt: salt,
        instructions: items.slice(first, first + instructions).map((item, i) => ({
          instructionId: String(first + i + 1),
          customerKeys: keysOf({ email: item.lead.customer.email ?? '' }),
          deletedAt,
        })),
      };
      const before = derivations.calls.length;
      const results = store.applyPurges(batch);
      expect(results.every((r) => r.leadsRemoved === 1)).toBe(true);
      return derivations.calls.length - before;
    };
    const one = callsFor(1, 0);
    expect(one).toBeLessThanOrEqual(distinct);
    // 40 instructions cost what one does (minus the rows the first batch removed).
    expect(callsFor(40, 1)).toBeLessThanOrEqual(one);
    expect(count('SELECT count(*) FROM leads')).toBe(300 - 41);
  });

  it('finds and deletes rows through indexes, never by scanning leads, messages or outbox', () => {
    const db = connectionOf(store);
    for (const [name, sql] of Object.entries(PURGE_SQL)) {
      const args = (sql.match(/\?/g) ?? []).map(() => 'x');
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[];
      for (const { detail } of plan) expect(detail, name).not.toMatch(/^SCAN (leads|messages|outbox|purge_log)$/);
    }
    // ON DELETE SET NULL/CASCADE must find the rows pointing at a deleted message, draft or lead.
    const indexed = (table: string, column: string) =>
      (db.prepare(`SELECT name FROM pragma_index_list(?)`).pluck().all(table) as string[])
        .some((index) => (db.prepare('SELECT name FROM pragma_index_info(?)').pluck().all(index) as string[])[0] === column);
    for (const [table, column] of [['leads', 'source_message_no'], ['lead_sources', 'message_no'], ['outbox', 'lead_no'], ['outbox', 'draft_id'], ['suppression', 'source_message_no']]) {
      expect(indexed(table!, column!), `${table}.${column}`).toBe(true);
    }
  });
});

describe('applyPurges leaves nothing of the customer in the files', () => {
  it('not in the search index segments nor in the WAL (unencrypted file, so the scan can see)', () => {
    const plainDir = mkdtempSync(path.join(os.tmpdir(), 'lp-purge-plain-'));
    const plain = openLeadStoreFile({ file: path.join(plainDir, 'leads.db'), key: 'unencrypted-benchmark-only', log: createMemoryLogger() });
    try {
      const account = plain.addMailboxAccount({ provider: 'simulator', address: 'sales@dealer.example' }, 'test').id;
      const random = seededRandom(5);
      plain.ingestLeads(account, Array.from({ length: 300 }, (_, i) => syntheticLead(random, i, Date.parse('2026-03-01T00:00:00Z') + i * 60_000)));
      const canary = { ...lead('Zebulon', 'zebulon.quillfeather@canary.example', '+13125550187'), comments: 'trade in my periwinkle Studebaker' };
      plain.ingestLead(account, message('canary', { bodyText: 'Quillfeather asks about the periwinkle Studebaker' }), {
        ...canary, customer: { ...canary.customer, lastName: 'Quillfeather', fullName: 'Zebulon Quillfeather' },
      });
      plain.ingestLeads(account, Array.from({ length: 50 }, (_, i) => syntheticLead(random, 1000 + i, Date.parse('2026-03-02T00:00:00Z') + i * 60_000)));
      const needles = ['quillfeather', 'zebulon', 'periwinkle', 'studebaker', 'canary.example'];
      expect(findInFiles(plainDir, needles).length).toBeGreaterThan(0); // the scan sees them while they are there

      const [result] = plain.applyPurges({ dealershipId: 'd1', customerKeySalt: salt, instructions: [{ instructionId: '1', customerKeys: keysOf({ email: 'zebulon.quillfeather@canary.example' }), deletedAt }] });
      expect(result).toMatchObject({ leadsRemoved: 1, messagesRemoved: 1 });
      expect(plain.search('quillfeather').leads).toEqual([]);
      expect(plain.search('camry').leads.length).toBeGreaterThan(0); // the index still works for everyone else
      expect(findInFiles(plainDir, needles)).toEqual([]);
      plain.close();
      expect(findInFiles(plainDir, needles)).toEqual([]);
    } finally {
      plain.close();
      rmSync(plainDir, { recursive: true, force: true });
    }
  });
});

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
  accountId = store.mailboxes.add({ provider: 'simulator', address: 'sales@dealer.example' }, 'test').id;
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
  const draft = store.drafts.add({ leadId, origin: 'manual', subject: 'Hi', body: `Hello ${n}`, createdBy: 'rep' });
  store.drafts.approve(draft.id, approvalHashOf('Hi', `Hello ${n}`), 'rep');
  store.outbox.enqueue({ draftId: draft.id, toAddress: to, internetMessageId: `<out-${n}@dealer>` }, 'rep');
}

describe('applyPurges', () => {
  it("erases everything of the customer (leads, thread, their mail on other leads, drafts, replies, search) and nothing else; re-applying is harmless", () => {
    const maria = stored(store.leads.ingest(accountId, message('m1', { fromAddress: 'leads@cars.example' }), lead('Maria', 'maria@example.com', '+15125550142')));
    store.leads.attachReply(accountId, message('m1-reply', { fromAddress: 'maria@example.com', inReplyTo: '<m1@x>', bodyText: 'Saturday works' }));
    // The same person by phone only, written another way, from another source.
    const byPhone = stored(store.leads.ingest(accountId, message('m2'), lead('Mary', null, '(512) 555-0142')));
    const sam = stored(store.leads.ingest(accountId, message('m3'), lead('Sam', 'sam@example.com', '+15125550100')));
    // Maria writes on Sam's thread; a rep queued a reply to her from Sam's lead.
    store.leads.attachReply(accountId, message('m3-maria', { fromAddress: 'MARIA@example.com', inReplyTo: '<m3@x>' }));
    approvedReply(maria.leadId, 'maria@example.com', 1);
    approvedReply(sam.leadId, 'maria@example.com', 2);
    approvedReply(sam.leadId, 'sam@example.com', 3);
    store.suppression.add('maria@example.com', 'opt-out', null);

    const batch: PurgeBatch = {
      dealershipId: 'd1',
      customerKeySalt: salt,
      instructions: [{ instructionId: '7', customerKeys: keysOf({ email: 'Maria@Example.com', phone: '+1 512 555 0142' }), deletedAt }],
    };
    expect(store.purges.apply(batch)).toEqual([{ instructionId: '7', alreadyApplied: false, leadsRemoved: 2, messagesRemoved: 4, outboxRemoved: 2 }]);
    expect(store.leads.detail(maria.leadId)).toBeNull();
    expect(store.leads.detail(byPhone.leadId)).toBeNull();
    for (const q of ['maria', 'mary', 'saturday', '0142']) expect(store.leads.search(q)).toMatchObject({ leads: [] });
    expect(count('SELECT count(*) FROM drafts')).toBe(2); // Sam's two; Maria's went with her lead
    expect(count('SELECT count(*) FROM outbox')).toBe(1);
    expect(count("SELECT count(*) FROM messages WHERE lower(from_address) = 'maria@example.com'")).toBe(0);
    const samDetail = store.leads.detail(sam.leadId);
    expect(samDetail?.messages.map((m) => m.bodyText)).toEqual(['body of m3']);
    expect(samDetail?.outbox.map((o) => o.state)).toEqual(['queued']);
    expect(store.suppression.has('maria@example.com')).toBe(true); // the opt-out outlives the data

    const before = count('SELECT total_changes()');
    expect(store.purges.apply(batch)).toEqual([{ instructionId: '7', alreadyApplied: true, leadsRemoved: 0, messagesRemoved: 0, outboxRemoved: 0 }]);
    expect(count('SELECT total_changes()')).toBe(before);
    expect(store.leads.listInbox({}).leads.map((l) => l.customerName)).toEqual(['Sam Customer']);
    expect(store.purges.lastInstruction('d1')).toBe('7');
  });

  it('derives keys once per distinct stored address/phone for a whole batch, however many instructions it holds', () => {
    const random = seededRandom(3);
    const items = Array.from({ length: 300 }, (_, i) => syntheticLead(random, i, Date.parse('2026-03-01T00:00:00Z') + i * 60_000));
    store.leads.ingestMany(accountId, items);
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
      const results = store.purges.apply(batch);
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
      const account = plain.mailboxes.add({ provider: 'simulator', address: 'sales@dealer.example' }, 'test').id;
      const random = seededRandom(5);
      plain.leads.ingestMany(account, Array.from({ length: 300 }, (_, i) => syntheticLead(random, i, Date.parse('2026-03-01T00:00:00Z') + i * 60_000)));
      const canary = { ...lead('Zebulon', 'zebulon.quillfeather@canary.example', '+13125550187'), comments: 'trade in my periwinkle Studebaker' };
      plain.leads.ingest(account, message('canary', { bodyText: 'Quillfeather asks about the periwinkle Studebaker' }), {
        ...canary, customer: { ...canary.customer, lastName: 'Quillfeather', fullName: 'Zebulon Quillfeather' },
      });
      plain.leads.ingestMany(account, Array.from({ length: 50 }, (_, i) => syntheticLead(random, 1000 + i, Date.parse('2026-03-02T00:00:00Z') + i * 60_000)));
      const needles = ['quillfeather', 'zebulon', 'periwinkle', 'studebaker', 'canary.example'];
      expect(findInFiles(plainDir, needles).length).toBeGreaterThan(0); // the scan sees them while they are there

      const [result] = plain.purges.apply({ dealershipId: 'd1', customerKeySalt: salt, instructions: [{ instructionId: '1', customerKeys: keysOf({ email: 'zebulon.quillfeather@canary.example' }), deletedAt }] });
      expect(result).toMatchObject({ leadsRemoved: 1, messagesRemoved: 1 });
      expect(plain.leads.search('quillfeather').leads).toEqual([]);
      expect(plain.leads.search('camry').leads.length).toBeGreaterThan(0); // the index still works for everyone else
      expect(findInFiles(plainDir, needles)).toEqual([]);
      plain.close();
      expect(findInFiles(plainDir, needles)).toEqual([]);
    } finally {
      plain.close();
      rmSync(plainDir, { recursive: true, force: true });
    }
  });
});

describe('a purge applied late erases what was received at or before the deletion, and keeps what came after', () => {
  const HOUR = 3_600_000;
  const BEFORE = deletedAt - 20 * HOUR;
  const AFTER = deletedAt + 48 * HOUR;
  const MARIA = { email: 'maria@example.com', phone: '+15125550142' };
  let clock: number;
  const deleteMaria = (instructionId = '7'): PurgeBatch => ({
    dealershipId: 'd1', customerKeySalt: salt, instructions: [{ instructionId, customerKeys: keysOf(MARIA), deletedAt }],
  });
  beforeEach(() => {
    store.close();
    clock = BEFORE;
    store = openLeadStoreFile({ file: path.join(dir, 'late.db'), key: randomBytes(32), log: createMemoryLogger(), now: () => new Date(clock) });
    accountId = store.mailboxes.add({ provider: 'simulator', address: 'sales@dealer.example' }, 'test').id;
  });
  /** An approved reply queued at `at`, answering `inReplyTo`. */
  function replyAt(at: number, leadId: string, to: string, text: string, inReplyTo: string | null): { draftId: string; outboxId: string } {
    clock = at;
    const draft = store.drafts.add({ leadId, origin: 'manual', subject: 'Hi', body: text, createdBy: 'rep' });
    store.drafts.approve(draft.id, approvalHashOf('Hi', text), 'rep');
    return { draftId: draft.id, outboxId: store.outbox.enqueue({ draftId: draft.id, toAddress: to, internetMessageId: `<out-${text.replaceAll(' ', '-')}@dealer>`, inReplyTo }, 'rep') };
  }
  const unchangedByReapplying = () => {
    const before = count('SELECT total_changes()');
    expect(store.purges.apply(deleteMaria())).toEqual([{ instructionId: '7', alreadyApplied: true, leadsRemoved: 0, messagesRemoved: 0, outboxRemoved: 0 }]);
    expect(count('SELECT total_changes()')).toBe(before);
  };

  it('keeps a new inquiry she sent after the deletion, with the approved reply to it, and erases the older one', () => {
    const old = stored(store.leads.ingest(accountId, message('old', { receivedAt: BEFORE, fromAddress: 'leads@cars.example', bodyText: 'the periwinkle Studebaker' }), lead('Maria', MARIA.email, MARIA.phone)));
    replyAt(BEFORE + HOUR, old.leadId, MARIA.email, 'about the Studebaker', '<old@x>');
    clock = AFTER;
    const fresh = stored(store.leads.ingest(accountId, message('new', { receivedAt: AFTER, fromAddress: 'leads@cars.example', bodyText: 'now a minivan' }), lead('Maria', MARIA.email, MARIA.phone)));
    const answer = replyAt(AFTER + HOUR, fresh.leadId, MARIA.email, 'about the minivan', '<new@x>');

    clock = AFTER + 72 * HOUR; // the desktop was offline for days
    expect(store.purges.apply(deleteMaria())).toEqual([{ instructionId: '7', alreadyApplied: false, leadsRemoved: 1, messagesRemoved: 1, outboxRemoved: 1 }]);
    expect(store.leads.detail(old.leadId)).toBeNull();
    const detail = store.leads.detail(fresh.leadId);
    expect(detail).toMatchObject({ customerName: 'Maria Customer', email: MARIA.email, phone: MARIA.phone, comments: 'Maria wants a car' });
    expect(detail?.messages.map((m) => m.bodyText)).toEqual(['now a minivan']);
    expect(detail?.drafts.map((d) => d.id)).toEqual([answer.draftId]);
    expect(detail?.outbox.map((o) => [o.id, o.state])).toEqual([[answer.outboxId, 'queued']]);
    expect(store.leads.search('studebaker').leads).toEqual([]);
    expect(store.leads.search('minivan').leads.map((l) => l.id)).toEqual([fresh.leadId]);
    unchangedByReapplying();
    expect(store.leads.detail(fresh.leadId)?.outbox).toHaveLength(1);
    // Symmetric with intake: her older mail stays out, newer mail comes in.
    expect(store.leads.ingest(accountId, message('old-again', { receivedAt: BEFORE }), lead('Maria', MARIA.email, null))).toEqual({ withheld: 'customer-deleted' });
    expect(stored(store.leads.attachReply(accountId, message('new-reply', { fromAddress: MARIA.email, inReplyTo: '<new@x>', receivedAt: AFTER + 2 * HOUR }))).created).toBe(true);
  });

  it('a thread on both sides of the deletion: erases the older messages and what answered them, re-derives the lead from what remains', () => {
    const old = stored(store.leads.ingest(accountId, message('m1', { receivedAt: BEFORE, fromAddress: 'leads@cars.example', bodyText: 'the periwinkle Studebaker' }), lead('Maria', MARIA.email, MARIA.phone)));
    stored(store.leads.attachReply(accountId, message('m1-reply', { receivedAt: BEFORE + HOUR, fromAddress: MARIA.email, inReplyTo: '<m1@x>', bodyText: 'Saturday works' })));
    clock = BEFORE + 2 * HOUR;
    store.leads.correct(old.leadId, 'postalCode', '78701', 'rep');
    const early = replyAt(BEFORE + 3 * HOUR, old.leadId, MARIA.email, 'see you Saturday', '<m1-reply@x>');
    // She writes again after the deletion, on the same thread.
    stored(store.leads.attachReply(accountId, message('m1-new', { receivedAt: AFTER, fromAddress: 'Maria@Example.com', fromName: 'Maria Lopez', inReplyTo: '<m1@x>', bodyText: 'is the minivan still there' })));
    const answer = replyAt(AFTER + HOUR, old.leadId, MARIA.email, 'yes the minivan is here', '<m1-new@x>');
    // Queued after her new message, but answering the old one: it goes.
    const stale = replyAt(AFTER + 2 * HOUR, old.leadId, MARIA.email, 'about Saturday again', '<m1-reply@x>');

    clock = AFTER + 72 * HOUR;
    expect(store.purges.apply(deleteMaria())).toEqual([{ instructionId: '7', alreadyApplied: false, leadsRemoved: 0, messagesRemoved: 2, outboxRemoved: 2 }]);
    const detail = store.leads.detail(old.leadId);
    expect(detail?.messages.map((m) => m.bodyText)).toEqual(['is the minivan still there']);
    // The customer fields came from the erased inquiry: derived again from her new message only.
    expect(detail).toMatchObject({
      customerName: 'Maria Lopez', firstName: 'Maria', lastName: 'Lopez', email: MARIA.email, phone: null, postalCode: null,
      comments: null, vehicle: null, sourceFormat: 'unknown', sourceProvider: null,
      receivedAt: new Date(AFTER).toISOString(), corrections: [],
    });
    expect(detail?.sources.map((s) => [s.matchedOn, s.messageId])).toEqual([['first', detail?.messages[0]?.id]]);
    expect(detail?.drafts.map((d) => d.id)).toEqual([answer.draftId]);
    expect(detail?.outbox.map((o) => [o.id, o.state])).toEqual([[answer.outboxId, 'queued']]);
    expect(count('SELECT count(*) FROM drafts WHERE id IN (?, ?)', early.draftId, stale.draftId)).toBe(0);
    for (const q of ['studebaker', 'saturday', '0142', '78701']) expect(store.leads.search(q)).toMatchObject({ leads: [] });
    expect(store.leads.search('minivan').leads.map((l) => l.id)).toEqual([old.leadId]);
    unchangedByReapplying();
  });

  it('a kept lead: a relay message received before the deletion but synced after the purge stays out, whoever sent it', () => {
    const old = stored(store.leads.ingest(accountId, message('m1', { receivedAt: BEFORE, fromAddress: 'leads@cars.example' }), lead('Maria', MARIA.email, MARIA.phone)));
    stored(store.leads.attachReply(accountId, message('m1-new', { receivedAt: AFTER, fromAddress: MARIA.email, inReplyTo: '<m1@x>', bodyText: 'is the minivan still there' })));
    clock = AFTER + 72 * HOUR;
    expect(store.purges.apply(deleteMaria())).toMatchObject([{ leadsRemoved: 0, messagesRemoved: 1 }]);
    // The marketplace relays her older words: not her address, but her lead and older than the deletion.
    const relayed = (id: string, receivedAt: number) =>
      store.leads.attachReply(accountId, message(id, { receivedAt, fromAddress: 'relay@cars.com', inReplyTo: '<m1-new@x>', bodyText: `relayed ${id}` }));
    expect(relayed('relay-old', BEFORE + HOUR)).toEqual({ withheld: 'customer-deleted' });
    expect(stored(relayed('relay-new', AFTER + HOUR)).created).toBe(true);
    expect(store.leads.detail(old.leadId)?.messages.map((m) => m.bodyText)).toEqual(['is the minivan still there', 'relayed relay-new']);
  });

  it("a reply on someone else's lead answering a message of her lead erased whole goes, even when queued after she wrote again", () => {
    stored(store.leads.ingest(accountId, message('m1', { receivedAt: BEFORE, fromAddress: 'leads@cars.example' }), lead('Maria', MARIA.email, MARIA.phone)));
    const sam = stored(store.leads.ingest(accountId, message('sam', { receivedAt: BEFORE }), lead('Sam', 'sam@example.com', null)));
    stored(store.leads.attachReply(accountId, message('sam-maria-new', { receivedAt: AFTER, fromAddress: MARIA.email, inReplyTo: '<sam@x>', bodyText: 'new words' })));
    const stale = replyAt(AFTER + HOUR, sam.leadId, MARIA.email, 'about your old inquiry', '<m1@x>');
    const answer = replyAt(AFTER + 2 * HOUR, sam.leadId, MARIA.email, 'to maria now', '<sam-maria-new@x>');
    clock = AFTER + 72 * HOUR;
    expect(store.purges.apply(deleteMaria())).toEqual([{ instructionId: '7', alreadyApplied: false, leadsRemoved: 1, messagesRemoved: 1, outboxRemoved: 1 }]);
    const detail = store.leads.detail(sam.leadId);
    expect(detail?.outbox.map((o) => o.id)).toEqual([answer.outboxId]);
    expect(detail?.outbox.map((o) => o.id)).not.toContain(stale.outboxId);
    unchangedByReapplying();
  });

  it('a lead whose source was erased stands on the later repeat of the inquiry', () => {
    const old = stored(store.leads.ingest(accountId, message('m1', { receivedAt: BEFORE, fromAddress: 'leads@cars.example' }), { ...lead('Maria', MARIA.email, MARIA.phone), externalId: 'C-1' }));
    clock = AFTER;
    const again = message('m1-again', { receivedAt: AFTER, fromAddress: 'leads@autotrader.example', bodyText: 'Maria again' });
    const repeat = { ...lead('Maria', MARIA.email, MARIA.phone), source: { format: 'adf' as const, provider: 'AutoTrader', confidence: 0.8 }, externalId: 'AT-9' };
    store.leads.addSource(old.leadId, accountId, again, repeat, 'customer-vehicle-24h');
    expect(store.purges.apply(deleteMaria())).toMatchObject([{ leadsRemoved: 0, messagesRemoved: 1 }]);
    const detail = store.leads.detail(old.leadId);
    expect(detail).toMatchObject({ sourceFormat: 'adf', sourceProvider: 'AutoTrader', receivedAt: new Date(AFTER).toISOString() });
    expect(detail?.sources.map((s) => [s.provider, s.externalId, s.matchedOn])).toEqual([['AutoTrader', 'AT-9', 'first']]);
    expect(detail?.messages.map((m) => m.bodyText)).toEqual(['Maria again']);
  });

  it("her messages on someone else's thread: the older go with the replies to them, the newer stay with the reply answering them", () => {
    const sam = stored(store.leads.ingest(accountId, message('sam', { receivedAt: BEFORE }), lead('Sam', 'sam@example.com', null)));
    stored(store.leads.attachReply(accountId, message('sam-maria-old', { receivedAt: BEFORE + HOUR, fromAddress: MARIA.email, inReplyTo: '<sam@x>', bodyText: 'old words' })));
    const early = replyAt(BEFORE + 2 * HOUR, sam.leadId, MARIA.email, 'to maria early', null);
    stored(store.leads.attachReply(accountId, message('sam-maria-new', { receivedAt: AFTER, fromAddress: MARIA.email, inReplyTo: '<sam@x>', bodyText: 'new words' })));
    const answer = replyAt(AFTER + HOUR, sam.leadId, MARIA.email, 'to maria now', '<sam-maria-new@x>');
    clock = AFTER + 72 * HOUR;
    expect(store.purges.apply(deleteMaria())).toEqual([{ instructionId: '7', alreadyApplied: false, leadsRemoved: 0, messagesRemoved: 1, outboxRemoved: 1 }]);
    const detail = store.leads.detail(sam.leadId);
    expect(detail?.messages.map((m) => m.bodyText)).toEqual(['body of sam', 'new words']);
    expect(detail?.outbox.map((o) => o.id)).toEqual([answer.outboxId]);
    expect(detail?.drafts.map((d) => d.id)).toEqual([early.draftId, answer.draftId]); // drafts of Sam's lead are Sam's
    expect(detail).toMatchObject({ customerName: 'Sam Customer', email: 'sam@example.com' });
    unchangedByReapplying();
  });
});

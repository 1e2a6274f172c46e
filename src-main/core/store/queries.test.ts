import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inboxPageArgs, leadsCalls, type LeadSummary } from '../../../src-shared/contract/areas/leads';
import { openLocalStore, type LocalStore } from './local-store';
import type { InboxQuery } from './queries/inbox';
import { approvalHashOf } from './writes/drafts';
import { seedDemoLeads } from './seed';
import { toFtsQuery } from './queries/search';
import { testProfile } from './testing/helpers';

let p: ReturnType<typeof testProfile>;
let local: LocalStore;
beforeEach(async () => {
  p = testProfile('q');
  local = await openLocalStore(p);
  seedDemoLeads(local.store, { count: 600, now: p.now ?? (() => new Date()) });
});
afterEach(async () => {
  local.close();
  await p.cleanup();
});

function allPages(filters: InboxQuery = {}): LeadSummary[] {
  const out: LeadSummary[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = local.store.leads.listInbox({ ...filters, limit: 37, ...(cursor ? { cursor } : {}) });
    out.push(...page.leads);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

describe('named queries', () => {
  it('pages the inbox newest first with keyset cursors: every lead exactly once, results match the contract', () => {
    const leads = allPages();
    expect(leads).toHaveLength(600);
    expect(new Set(leads.map((l) => l.id)).size).toBe(600);
    const times = leads.map((l) => Date.parse(l.receivedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const first = local.store.leads.listInbox(inboxPageArgs.parse({}));
    expect(leadsCalls['leads.listInbox'].result.parse(first)).toEqual(first);
  });

  it('filters by status, assignee (or unassigned) and source, across pages', () => {
    const all = allPages();
    const check = (filters: InboxQuery['filters'], keep: (l: LeadSummary) => boolean) => {
      const got = allPages({ filters }).map((l) => l.id);
      expect(got).toEqual(all.filter(keep).map((l) => l.id));
      expect(got.length).toBeGreaterThan(0);
    };
    check({ status: ['new'] }, (l) => l.status === 'new');
    check({ status: ['contacted', 'appointment'] }, (l) => l.status === 'contacted' || l.status === 'appointment');
    check({ assignee: null }, (l) => l.assignee === null);
    check({ assignee: 'rep-anna' }, (l) => l.assignee === 'rep-anna');
    check({ source: 'Cars.com', status: ['new'], assignee: null }, (l) => l.sourceProvider === 'Cars.com' && l.status === 'new' && l.assignee === null);
  });

  it('rejects a forged cursor with a clear error', () => {
    expect(() => local.store.leads.listInbox({ cursor: 'not-a-cursor' })).toThrow(/no longer valid/);
  });

  it('searches names, email, phone digits, vehicles and message text; user FTS syntax is inert', () => {
    const [lead] = local.store.leads.listInbox({ limit: 1 }).leads;
    if (!lead?.customerName || !lead.phone || !lead.email) throw new Error('seed lacks fields');
    const ids = (q: string) => local.store.leads.search(q, 100).leads.map((l) => l.id);
    expect(ids(lead.email)).toContain(lead.id);
    expect(ids(lead.phone.slice(-4))).toContain(lead.id);
    expect(ids(lead.customerName)).toContain(lead.id);
    const camry = local.store.leads.search('camry', 100).leads;
    expect(camry.length).toBeGreaterThan(0);
    expect(camry.every((l) => l.vehicle?.includes('Camry'))).toBe(true);
    expect(ids('window sticker').length).toBeGreaterThan(0); // customer comments / message body
    expect(local.store.leads.search('"unbalanced AND (NEAR name:').leads).toEqual(expect.any(Array));
    expect(toFtsQuery('  ')).toBeNull();
    expect(toFtsQuery('o\'brien "x" name:y')).toBe('"o"* "brien"* "x"* "name"* "y"*');
    const result = local.store.leads.search('toyota', 10);
    expect(result.truncated).toBe(true);
    expect(result.leads).toHaveLength(10);
  });

  it('lead detail carries messages, drafts, outbox and corrections; badges count what the frame shows', () => {
    const { store } = local;
    const before = store.leads.badgeCounts('rep-anna');
    const lead = store.leads.listInbox({ filters: { status: ['new'], assignee: null }, limit: 1 }).leads[0];
    if (!lead) throw new Error('no new lead');
    store.leads.assign(lead.id, 'rep-anna', 'rep-anna');
    store.leads.correct(lead.id, 'phone', '+13125550111', 'rep-anna');
    const draft = store.drafts.add({ leadId: lead.id, origin: 'ai', subject: 'Your Camry', body: 'Hi!', createdBy: 'rep-anna' });
    expect(() => store.drafts.approve(draft.id, approvalHashOf('Your Camry', 'Hi!!'), 'rep-anna')).toThrow(/changed after you read it/);
    store.drafts.approve(draft.id, approvalHashOf('Your Camry', 'Hi!'), 'rep-anna');
    const outboxId = store.outbox.enqueue({ draftId: draft.id, toAddress: 'x@example.com', internetMessageId: '<a@lp>' }, 'rep-anna');
    expect(store.leads.badgeCounts('rep-anna')).toEqual({ ...before, unassigned: before.unassigned - 1, mine: before.mine + 1, outboxPending: 1 });
    store.outbox.move(outboxId, { to: 'sending' });
    store.outbox.move(outboxId, { to: 'failed', error: 'Mailbox rejected the message (550).' });
    expect(() => store.outbox.move(outboxId, { to: 'sent' })).toThrow(/cannot go from failed to sent/);
    store.leads.recordFirstResponse(lead.id, new Date('2026-03-02T15:05:00Z'));
    const detail = store.leads.detail(lead.id);
    expect(leadsCalls['leads.getDetail'].result.parse(detail)).toEqual(detail);
    expect(detail).toMatchObject({ assignee: 'rep-anna', phone: '+13125550111', status: 'contacted', firstResponseAt: '2026-03-02T15:05:00.000Z' });
    expect(detail?.corrections).toEqual([expect.objectContaining({ field: 'phone', oldValue: lead.phone, newValue: '+13125550111', correctedBy: 'rep-anna' })]);
    expect(detail?.drafts).toEqual([expect.objectContaining({ version: 1, origin: 'ai', approved: true, approvedBy: 'rep-anna' })]);
    expect(detail?.outbox).toEqual([expect.objectContaining({ state: 'failed', attempts: 1, lastError: 'Mailbox rejected the message (550).' })]);
    expect(detail?.messages).toHaveLength(1);
    expect(store.leads.search('3125550111').leads.map((l) => l.id)).toContain(lead.id);
    expect(store.leads.badgeCounts('rep-anna').outboxFailed).toBe(1);
    expect(store.leads.detail('no-such-lead')).toBeNull();
  });

  it('refuses to queue a reply to a suppressed address', () => {
    const { store } = local;
    const lead = store.leads.listInbox({ limit: 1 }).leads[0];
    if (!lead?.email) throw new Error('no lead');
    store.suppression.add(lead.email.toUpperCase(), 'opt-out', null);
    const draft = store.drafts.add({ leadId: lead.id, origin: 'template', subject: 's', body: 'b', createdBy: 'rep-1' });
    store.drafts.approve(draft.id, approvalHashOf('s', 'b'), 'rep-1');
    expect(() => store.outbox.enqueue({ draftId: draft.id, toAddress: lead.email ?? '', internetMessageId: '<s@lp>' }, 'rep-1')).toThrow(/asked not to be contacted/);
    expect(store.leads.detail(lead.id)?.suppressed).toBe(true);
  });

  it('seeding is idempotent', () => {
    expect(seedDemoLeads(local.store, { count: 600, now: () => new Date('2026-03-02T15:00:00Z') }).leads).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxCalls } from '../../../../src-shared/contract/areas/outbox';
import { openLocalStore, type LocalStore } from '../local-store';
import { seedDemoLeads } from '../seed';
import { testProfile } from '../testing/helpers';
import { approvalHashOf } from '../writes/drafts';

let p: ReturnType<typeof testProfile>;
let local: LocalStore;
let clock = Date.parse('2026-03-02T15:00:00Z');

beforeEach(async () => {
  p = testProfile('outbox');
  clock = Date.parse('2026-03-02T15:00:00Z');
  local = await openLocalStore({ ...p, now: () => new Date(clock) });
  seedDemoLeads(local.store, { count: 12, now: () => new Date(clock) });
});
afterEach(async () => {
  local.close();
  await p.cleanup();
});

/** Approves and queues a reply to the lead, one minute after the previous one. */
function queueReply(leadId: string, subject: string): string {
  clock += 60_000;
  const body = `Hi, this is the private body of ${subject}`;
  const draft = local.store.drafts.add({ leadId, origin: 'manual', subject, body, createdBy: 'rep-1' });
  local.store.drafts.approve(draft.id, approvalHashOf(subject, body), 'rep-1');
  return local.store.outbox.enqueue({ draftId: draft.id, toAddress: `customer-${subject.length}@example.com`, internetMessageId: `<${draft.id}@lp.example.com>` }, 'rep-1');
}

describe('listUnsentOutbox', () => {
  it('is empty when nothing is queued, and so are the badge counts', () => {
    expect(local.store.outbox.listUnsent()).toEqual({ items: [] });
    expect(local.store.leads.badgeCounts()).toMatchObject({ outboxPending: 0, outboxFailed: 0 });
  });

  it('lists exactly the rows the badge counts (queued, sending, failed), newest first, with the lead and no body or address', () => {
    const leads = local.store.leads.listInbox({ limit: 5 }).leads;
    const [a, b, c, d, e] = leads.map((l) => l.id) as [string, string, string, string, string];
    const queued = queueReply(a, 'Re: your Civic');
    const failed = queueReply(b, 'Re: your Tacoma');
    const sending = queueReply(c, 'Re: your F-150');
    const sent = queueReply(d, 'Re: your Model 3');
    const cancelled = queueReply(e, 'Re: your Outback');
    clock += 60_000;
    local.store.outbox.move(failed, { to: 'sending' });
    local.store.outbox.move(failed, { to: 'failed', error: 'mailbox unavailable' });
    local.store.outbox.move(sending, { to: 'sending' });
    local.store.outbox.move(sent, { to: 'sending' });
    local.store.outbox.move(sent, { to: 'sent' });
    local.store.outbox.move(cancelled, { to: 'cancelled' });

    const list = local.store.outbox.listUnsent();
    expect(outboxCalls['outbox.list'].result.parse(list)).toEqual(list);
    expect(list.items.map((i) => [i.id, i.state])).toEqual([
      [sending, 'sending'],
      [failed, 'failed'],
      [queued, 'queued'],
    ]);
    const counts = local.store.leads.badgeCounts();
    expect(list.items).toHaveLength(counts.outboxPending + counts.outboxFailed);
    const byId = new Map(leads.map((l) => [l.id, l.customerName]));
    expect(list.items.find((i) => i.id === failed)).toMatchObject({
      leadId: b, customerName: byId.get(b), subject: 'Re: your Tacoma', attempts: 1,
      createdAt: new Date(Date.parse('2026-03-02T15:02:00Z')).toISOString(),
      updatedAt: new Date(Date.parse('2026-03-02T15:06:00Z')).toISOString(),
    });
    const text = JSON.stringify(list);
    expect(text).not.toContain('private body');
    expect(text).not.toContain('@example.com');
    expect(text).not.toContain('mailbox unavailable');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { LeadsChangedPayload } from '../../../src-shared/contract/areas/leads';
import { approvalHashOf, type StorePart } from '../store/index';
import { testProfile } from '../store/testing/helpers';
import { createTestClock } from '../time/test-clock';
import { coalesceStoreChanges } from './leads-changed';
import { LocalDataService } from './local-data-service';

const profiles: ReturnType<typeof testProfile>[] = [];
afterEach(async () => {
  for (const p of profiles.splice(0)) await p.cleanup();
});

describe('leads.changed', () => {
  it('the store tells which part each committed change touched, and nothing for a change that rolled back', async () => {
    const p = testProfile('changed');
    profiles.push(p);
    const told: StorePart[] = [];
    const data = new LocalDataService({ ...p, now: () => new Date('2026-03-02T15:00:00Z'), seedDemo: true, onChange: (part) => told.push(part) });
    await data.open();
    expect(told.length).toBeGreaterThan(0); // the demo seed
    told.length = 0;
    const lead = (await data.use((store) => store.leads.listInbox({ limit: 1 }).leads))[0]!;
    await data.use((store) => store.leads.setStatus(lead.id, 'contacted', 'rep-1'));
    await data.use((store) => {
      const draft = store.drafts.add({ leadId: lead.id, origin: 'manual', subject: 'Hi', body: 'See you', createdBy: 'rep-1' });
      store.drafts.approve(draft.id, approvalHashOf('Hi', 'See you'), 'rep-1');
      store.outbox.enqueue({ draftId: draft.id, toAddress: 'c@example.com', internetMessageId: '<r-1@lp.example.com>' }, 'rep-1');
    });
    expect(told).toEqual(['leads', 'drafts', 'drafts', 'outbox']);
    told.length = 0;
    // Approving with a hash of text the rep did not see is refused: the transaction rolls back.
    await expect(
      data.use((store) => {
        const draft = store.drafts.add({ leadId: lead.id, origin: 'manual', subject: 'A', body: 'B', createdBy: 'rep-1' });
        told.length = 0;
        store.drafts.approve(draft.id, approvalHashOf('other', 'text'), 'rep-1');
      }),
    ).rejects.toThrow();
    expect(told).toEqual([]);
    data.close();
  });

  it('coalesces a burst of commits into one event per window, naming each part once', async () => {
    const clock = createTestClock();
    const events: LeadsChangedPayload[] = [];
    const note = coalesceStoreChanges(clock, (payload) => events.push(payload), 150);
    for (let i = 0; i < 500; i++) note(i % 2 ? 'leads' : 'outbox');
    expect(events).toEqual([]);
    await clock.advance(150);
    expect(events).toEqual([{ parts: ['outbox', 'leads'] }]);
    note('purges');
    await clock.advance(149);
    expect(events).toHaveLength(1);
    await clock.advance(1);
    expect(events).toEqual([{ parts: ['outbox', 'leads'] }, { parts: ['purges'] }]);
    await clock.advance(10_000);
    expect(events).toHaveLength(2);
  });
});

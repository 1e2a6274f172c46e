import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { approvalHashOf, openLocalStore, seedDemoLeads } from '../store/index';
import { integrityWorkerSource } from '../store/testing/integrity-worker-source';
import { connectionOf } from '../store/testing/internals';
import { storeFile } from '../store/testing/internals';
import { testProfile } from '../store/testing/helpers';
import { LocalDataService } from './local-data-service';

const profiles: ReturnType<typeof testProfile>[] = [];
afterEach(async () => {
  for (const p of profiles.splice(0)) await p.cleanup();
});

/** A store with demo leads and one approved reply not sent yet; returns the offsets of some lead pages. */
async function seeded(p: ReturnType<typeof testProfile>): Promise<number[]> {
  const local = await openLocalStore(p);
  const { store } = local;
  seedDemoLeads(store, { count: 400, now: () => new Date('2026-03-02T15:00:00Z') });
  const lead = store.leads.listInbox({ limit: 1 }).leads[0];
  if (!lead) throw new Error('no lead seeded');
  const draft = store.drafts.add({ leadId: lead.id, origin: 'template', subject: 'Your visit', body: 'See you at 5.', createdBy: 'rep-1' });
  store.drafts.approve(draft.id, approvalHashOf('Your visit', 'See you at 5.'), 'rep-1');
  store.outbox.enqueue({ draftId: draft.id, toAddress: 'customer@example.com', internetMessageId: '<reply-1@lp.example.com>' }, 'rep-1');
  const db = connectionOf(store);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const leaves = db.prepare<[string], number>(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`).pluck().all('leads');
  local.close();
  return leaves.filter((_, i) => i % 3 === 0).map((page) => (page - 1) * pageSize + 1000);
}

function damage(file: string, offsets: number[]): void {
  const fd = openSync(file, 'r+');
  for (const offset of offsets) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, offset);
  closeSync(fd);
}

const service = (p: ReturnType<typeof testProfile>) =>
  new LocalDataService({ ...p, now: p.now ?? (() => new Date()), seedDemo: false, integrityWorker: integrityWorkerSource });

describe('the integrity check off the main thread', () => {
  it('opens an undamaged store without waiting for the check, and the check finds nothing', async () => {
    const p = testProfile('bgcheck');
    profiles.push(p);
    await seeded(p);
    const data = service(p);
    await data.open();
    expect(data.status().state).toBe('ready');
    await data.checked();
    expect(data.status()).toEqual({ state: 'ready', message: null, recoveryMessage: null });
    expect(await data.use((store) => store.leads.badgeCounts().outboxPending)).toBe(1);
    const log = readFileSync(p.logFile, 'utf8');
    expect(log).toMatch(/"event":"store\.checked","ok":true/);
    expect(log).not.toMatch(/store\.damaged|store\.check-not-run/);
    data.close();
  });

  it('a damaged store opens at once; the check finds the damage and the store is repaired as at start, the approved reply kept', async () => {
    const p = testProfile('bgcheck');
    profiles.push(p);
    damage(storeFile(p.dataDir), await seeded(p));
    const data = service(p);
    await data.open();
    // No check ran before open: the damage is not known yet.
    expect(data.status()).toMatchObject({ state: 'ready', recoveryMessage: null });
    await data.checked();
    expect(data.status().state).toBe('ready');
    expect(data.status().recoveryMessage).toMatch(/set aside/);
    expect(await data.use((store) => store.leads.badgeCounts().outboxPending)).toBe(1);
    const log = readFileSync(p.logFile, 'utf8');
    expect(log).toMatch(/store\.damaged-found-in-background/);
    expect(log).toMatch(/store\.recovered/);
    data.close();
  });
});

import { existsSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLocalStore, type LocalStore } from './local-store';
import { connectionOf } from './lead-store';
import { approvalHashOf } from './writes/drafts';
import { seedDemoLeads } from './seed';
import { storeFile } from './paths';
import { testProfile } from './testing/helpers';

const profiles: ReturnType<typeof testProfile>[] = [];
afterEach(async () => {
  for (const p of profiles.splice(0)) await p.cleanup();
});

/** Seeds leads and approved replies; returns the Message-IDs of replies not yet sent. */
function seedWithReplies(local: LocalStore, replies: number, bodyBytes: number): { unsent: string[]; sent: string[] } {
  const { store } = local;
  const { accountId } = seedDemoLeads(store, { count: 400, now: () => new Date('2026-03-02T15:00:00Z') });
  local.saveMailboxTokens(accountId, 'sealed-token');
  const leads = store.leads.listInbox({ limit: replies }).leads;
  const unsent: string[] = [];
  const sent: string[] = [];
  leads.forEach((lead, i) => {
    const body = `Hi, thanks for your interest. ${'x'.repeat(bodyBytes)} #${i}`;
    const draft = store.drafts.add({ leadId: lead.id, origin: 'template', subject: `Your visit #${i}`, body, createdBy: 'rep-1' });
    store.drafts.approve(draft.id, approvalHashOf(`Your visit #${i}`, body), 'rep-1');
    const mid = `<reply-${i}@lp.example.com>`;
    const id = store.outbox.enqueue({ draftId: draft.id, toAddress: `customer${i}@example.com`, internetMessageId: mid }, 'rep-1');
    if (i % 4 === 1) store.outbox.move(id, { to: 'sending' });
    if (i % 4 === 2) {
      store.outbox.move(id, { to: 'sending' });
      store.outbox.move(id, { to: 'sent' });
      sent.push(mid);
    } else unsent.push(mid);
  });
  return { unsent, sent };
}

/** Overwrites the middle of some pages of one table: their HMAC no longer verifies. */
function damagePagesOf(local: LocalStore, table: string, pick: (leafPages: number[]) => number[]): number[] {
  const db = connectionOf(local.store);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const leaves = db
    .prepare<[string], number>(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`)
    .pluck()
    .all(table);
  const chosen = pick(leaves);
  return chosen.map((page) => (page - 1) * pageSize + 1000);
}

function writeGarbage(file: string, offsets: number[]): void {
  const fd = openSync(file, 'r+');
  for (const offset of offsets) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, offset);
  closeSync(fd);
}

describe('recovery of a damaged store', () => {
  it('sets the damaged file aside and keeps every approved-but-unsent reply when only lead pages broke', async () => {
    const p = testProfile('rec');
    profiles.push(p);
    const local = await openLocalStore(p);
    const { unsent } = seedWithReplies(local, 12, 200);
    const offsets = damagePagesOf(local, 'leads', (leaves) => leaves.filter((_, i) => i % 3 === 0));
    local.close();
    writeGarbage(storeFile(p.dataDir), offsets);

    const reopened = await openLocalStore(p);
    try {
      const report = reopened.recovery;
      expect(report).not.toBeNull();
      expect(report?.salvagedReplies).toBe(unsent.length);
      expect(report?.lostReplies).toEqual({ count: 0, internetMessageIds: [] });
      expect(report?.outboxListReadable).toBe(true);
      expect(report?.message).toMatch(/set aside.*9 approved replies that had not been sent yet were kept/s);
      expect(existsSync(join(p.dataDir, report?.setAsideAs ?? 'missing'))).toBe(true);

      const db = connectionOf(reopened.store);
      const kept = db.prepare<[], { internet_message_id: string; state: string; body: string }>('SELECT internet_message_id, state, body FROM outbox').all();
      expect(kept.map((r) => r.internet_message_id).sort()).toEqual([...unsent].sort());
      expect(kept.filter((r) => r.state === 'sending')).toHaveLength(3); // still reconciled with Sent before any retry
      expect(kept.every((r) => r.body.startsWith('Hi, thanks for your interest.'))).toBe(true);
      expect(reopened.store.leads.badgeCounts().outboxPending).toBe(unsent.length);
      // The mailbox link and its sealed sign-in survive; the sync cursor is cleared so leads download again.
      const [account] = reopened.store.mailboxes.list();
      expect(account?.syncCursor).toBeNull();
      expect(account && reopened.loadMailboxTokens(account.id)).toBe('sealed-token');
      expect(reopened.store.leads.listInbox().leads).toEqual([]);
    } finally {
      reopened.close();
    }
  });

  it('tells exactly which approved replies were lost when outbox pages broke too', async () => {
    const p = testProfile('rec');
    profiles.push(p);
    const local = await openLocalStore(p);
    // Long bodies: about two replies per page, so one broken page loses only a few.
    const { unsent, sent } = seedWithReplies(local, 16, 1500);
    const offsets = [
      ...damagePagesOf(local, 'leads', (leaves) => leaves.slice(0, 2)),
      ...damagePagesOf(local, 'outbox', (leaves) => {
        expect(leaves.length).toBeGreaterThan(3);
        return [leaves[1] ?? 0];
      }),
    ];
    local.close();
    writeGarbage(storeFile(p.dataDir), offsets);

    const reopened = await openLocalStore(p);
    try {
      const report = reopened.recovery;
      expect(report?.outboxListReadable).toBe(true);
      expect(report?.lostReplies.count).toBeGreaterThan(0);
      const kept = connectionOf(reopened.store).prepare<[], string>('SELECT internet_message_id FROM outbox').pluck().all();
      // Nothing unsent vanished silently: every one is either kept or named as lost.
      const lost = report?.lostReplies.internetMessageIds ?? [];
      expect([...kept, ...lost].filter((m) => !sent.includes(m)).sort()).toEqual([...unsent].sort());
      expect(kept.filter((m) => lost.includes(m))).toEqual([]);
      expect(report?.message).toMatch(/could not be read and will not be sent: check your Sent folder/);
    } finally {
      reopened.close();
    }
  });
});

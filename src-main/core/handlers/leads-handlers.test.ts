import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log/logger';
import { LocalDataService } from '../local-data/local-data-service';
import { createOsKeychain } from '../secrets/index';
import { createDispatcher } from '../ipc/dispatcher';
import { leadsHandlers } from './leads-handlers';
import { settingsHandlers } from './settings-handlers';
import { outboxHandlers } from './outbox-handlers';
import type { CallHandlers } from '../ipc/dispatcher';
import { approvalHashOf } from '../store/index';

// Through the dispatcher, against a real encrypted store and the real OS keychain.
const dir = mkdtempSync(path.join(os.tmpdir(), 'lp-leads-handlers-'));
const data = new LocalDataService({
  dataDir: dir, keychain: createOsKeychain(), keychainService: `LeadPulse-test-${randomUUID()}`,
  log: createMemoryLogger(), now: () => new Date(), seedDemo: true,
});
const handlers = { ...leadsHandlers(data, () => 'rep-1'), ...outboxHandlers(data), ...settingsHandlers(data, () => 'rep-1') } as unknown as CallHandlers;
const dispatchLog = createMemoryLogger();
const dispatcher = createDispatcher(handlers, dispatchLog);

beforeAll(() => data.open());
afterAll(async () => {
  await data.removeAll();
  rmSync(dir, { recursive: true, force: true });
});

async function firstLeadId(): Promise<string> {
  const page = await dispatcher.dispatch('leads.listInbox', { limit: 1 });
  if (!page.ok) throw new Error(page.error.code);
  return (page.value as { leads: { id: string }[] }).leads[0]!.id;
}

describe('leads.correctField', () => {
  it('stores a phone correction in E.164 and keeps the original as a correction', async () => {
    const id = await firstLeadId();
    const result = await dispatcher.dispatch('leads.correctField', { id, field: 'phone', value: '(312) 555-0142' });
    expect(result).toMatchObject({ ok: true, value: { phone: '+13125550142' } });
    const corrections = result.ok ? (result.value as { corrections: { field: string; newValue: string }[] }).corrections : [];
    expect(corrections.at(-1)).toMatchObject({ field: 'phone', newValue: '+13125550142' });
  });

  it('refuses what is not a phone number or an email, in words for the rep, and changes nothing', async () => {
    const id = await firstLeadId();
    const before = await dispatcher.dispatch('leads.getDetail', { id });
    const phone = await dispatcher.dispatch('leads.correctField', { id, field: 'phone', value: 'call me' });
    expect(phone).toMatchObject({ ok: false, error: { code: 'handler-failed', message: expect.stringContaining('phone number') } });
    const email = await dispatcher.dispatch('leads.correctField', { id, field: 'email', value: 'not-an-email' });
    expect(email).toMatchObject({ ok: false, error: { message: expect.stringContaining('email address') } });
    expect(await dispatcher.dispatch('leads.getDetail', { id })).toEqual(before);
  });

  it('answers "no longer on this computer" for an unknown lead', async () => {
    const result = await dispatcher.dispatch('leads.correctField', { id: 'nope', field: 'fullName', value: 'X' });
    expect(result).toMatchObject({ ok: false, error: { message: 'That lead is no longer on this computer.' } });
  });
});

describe('leads.listSources', () => {
  it('lists every provider on this computer once, with counts that add up to the leads', async () => {
    const result = await dispatcher.dispatch('leads.listSources', {});
    const sources = result.ok ? (result.value as { sources: { provider: string; leads: number }[] }).sources : [];
    expect(sources.map((s) => s.provider)).toEqual(expect.arrayContaining(['Autotrader', 'Cars.com', 'Website']));
    expect(new Set(sources.map((s) => s.provider)).size).toBe(sources.length);
    let total = 0;
    for (let cursor: string | null | undefined; ; ) {
      const page = await dispatcher.dispatch('leads.listInbox', { limit: 200, ...(cursor ? { cursor } : {}) });
      const value = page.ok ? (page.value as { leads: { sourceProvider: string | null }[]; nextCursor: string | null }) : { leads: [], nextCursor: null };
      total += value.leads.filter((l) => l.sourceProvider !== null).length;
      cursor = value.nextCursor;
      if (!cursor) break;
    }
    expect(sources.reduce((sum, s) => sum + s.leads, 0)).toBe(total);
  });
});

describe('outbox.list', () => {
  it('lists the replies the Outbox badge counts, newest first, validated by the contract, without logging their content', async () => {
    expect(await dispatcher.dispatch('outbox.list', {})).toEqual({ ok: true, value: { items: [] } });
    const page = await dispatcher.dispatch('leads.listInbox', { limit: 3 });
    const ids = page.ok ? (page.value as { leads: { id: string; customerName: string | null }[] }).leads : [];
    const queued = await data.use((store) =>
      ids.map((lead, i) => {
        const subject = `Re: Outbox secret subject ${i}`;
        const body = `Outbox secret body ${i}`;
        const draft = store.drafts.add({ leadId: lead.id, origin: 'manual', subject, body, createdBy: 'rep-1' });
        store.drafts.approve(draft.id, approvalHashOf(subject, body), 'rep-1');
        return store.outbox.enqueue({ draftId: draft.id, toAddress: `outbox-${i}@example.com`, internetMessageId: `<outbox-${i}@lp.example.com>` }, 'rep-1');
      }),
    );
    await data.use((store) => {
      store.outbox.move(queued[1]!, { to: 'sending' });
      store.outbox.move(queued[1]!, { to: 'failed', error: 'Outbox secret error' });
    });
    const result = await dispatcher.dispatch('outbox.list', {});
    expect(result.ok).toBe(true);
    const items = result.ok ? (result.value as { items: { id: string; state: string; leadId: string; customerName: string | null; createdAt: string }[] }).items : [];
    expect(new Set(items.map((i) => i.id))).toEqual(new Set(queued));
    expect(items.find((i) => i.id === queued[1])).toMatchObject({ state: 'failed', leadId: ids[1]!.id, customerName: ids[1]!.customerName });
    const times = items.map((i) => Date.parse(i.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const counts = await dispatcher.dispatch('leads.badgeCounts', {});
    const c = counts.ok ? (counts.value as { outboxPending: number; outboxFailed: number }) : { outboxPending: -1, outboxFailed: -1 };
    expect(items).toHaveLength(c.outboxPending + c.outboxFailed);
    expect(await dispatcher.dispatch('outbox.list', { state: 'failed' })).toMatchObject({ ok: false, error: { code: 'bad-arguments' } });
    const logged = dispatchLog.lines.join('\n');
    expect(logged).not.toMatch(/Outbox secret|outbox-\d@example/);
    for (const lead of ids) if (lead.customerName) expect(logged).not.toContain(lead.customerName);
  });
});

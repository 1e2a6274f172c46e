import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log/logger';
import { openLeadStoreFile, type LeadStore } from '../store/index';
import { ingestEmail } from './ingest-email';

const demo = path.resolve(import.meta.dirname, '../../../resources/demo/emails');
const email = (name: string) => readFileSync(path.join(demo, name));

let dir: string;
let store: LeadStore;
let accountId: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lp-intake-'));
  store = openLeadStoreFile({ file: path.join(dir, 'leads.db'), key: randomBytes(32), log: createMemoryLogger() });
  accountId = store.addMailboxAccount({ provider: 'simulator', address: 'sales@sunsethonda.example', displayName: 'Sales' }, 'test').id;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ingestEmail: parsed lead emails land in the store', () => {
  it('stores an ADF lead with its parsed fields, source, original text and raw ADF', async () => {
    const outcome = await ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'm1', receivedAt: Date.parse('2026-03-02T14:06:00Z') });
    expect(outcome).toMatchObject({ kind: 'leads', created: 1 });
    const id = outcome.kind === 'leads' ? outcome.leadIds[0]! : '';
    const detail = store.getLeadDetail(id);
    expect(detail).toMatchObject({
      customerName: 'Maria Lopez',
      email: 'maria.lopez@example.com',
      phone: '+15125550142',
      sourceFormat: 'adf',
      sourceConfidence: 0.95,
      commentsUntrusted: true,
    });
    expect(detail?.messages[0]?.bodyText).toContain('Maria');
    expect(detail?.messages[0]?.rawAdf).toMatch(/<adf>/i);
    expect(store.search('Lopez').leads.map((l) => l.id)).toContain(id);
  });

  it('is idempotent per mailbox message', async () => {
    const ref = { providerMessageId: 'same', receivedAt: Date.now() };
    await ingestEmail(store, accountId, email('marketplace-html.eml'), ref);
    const again = await ingestEmail(store, accountId, email('marketplace-html.eml'), ref);
    expect(again).toMatchObject({ kind: 'leads', created: 0 });
    expect(store.listInbox({}).leads).toHaveLength(1);
  });

  it('stores nothing for auto-replies, and suppresses a customer who wrote STOP', async () => {
    expect(await ingestEmail(store, accountId, email('auto-reply.eml'), { providerMessageId: 'a', receivedAt: Date.now() }))
      .toEqual({ kind: 'not-a-lead', reason: 'auto-reply' });
    const stop = await ingestEmail(store, accountId, email('nl-07-reply-optout-stop.eml'), { providerMessageId: 'b', receivedAt: Date.now() });
    expect(stop.kind).toBe('not-a-lead');
    expect(store.listInbox({}).leads).toHaveLength(0);
    const optedOut = /^From:.*?([\w.+-]+@[\w.-]+)/m.exec(email('nl-07-reply-optout-stop.eml').toString('latin1'))?.[1] ?? '';
    expect(store.isSuppressed(optedOut.toLowerCase())).toBe(true);
  });

  it('turns several ADF prospects in one email into several leads', async () => {
    const outcome = await ingestEmail(store, accountId, email('adf-08-multiple-prospects.eml'), { providerMessageId: 'multi', receivedAt: Date.now() });
    expect(outcome.kind === 'leads' && outcome.leadIds.length).toBeGreaterThan(1);
  });
});

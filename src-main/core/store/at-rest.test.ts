import { writeFileSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveSubkey, loadDataKey, DataKeyMissingError } from '../secrets/index';
import { openLocalStore, removeAllLocalData, keyLocation } from './local-store';
import { openDatabase } from './open-database';
import { StoreKeyError } from './errors';
import { storeFile } from './paths';
import { filesUnder, findInFiles, stored, testProfile } from './testing/helpers';

const CANARY = {
  name: 'Zebulon Quillfeather',
  email: 'zebulon.quillfeather@canary-leads.example',
  phone: '+13125550187',
  token: 'ya29.CANARY-oauth-refresh-token-Xq7Vb2',
  comment: 'Canary comment: trade in my periwinkle Studebaker',
};
const NEEDLES = [CANARY.name, 'Quillfeather', CANARY.email, CANARY.phone, '3125550187', '5550187', CANARY.token, 'periwinkle Studebaker'];

const profiles: ReturnType<typeof testProfile>[] = [];
afterEach(async () => {
  for (const p of profiles.splice(0)) await p.cleanup();
});
function profile(): ReturnType<typeof testProfile> {
  const p = testProfile('rest');
  profiles.push(p);
  return p;
}

async function writeCanaries(p: ReturnType<typeof testProfile>) {
  const local = await openLocalStore(p);
  const account = local.store.mailboxes.add({ provider: 'gmail', address: 'bdc@dealer.example.com' }, 'rep-1');
  local.saveMailboxTokens(account.id, JSON.stringify({ refresh_token: CANARY.token }));
  const { leadId } = stored(local.store.leads.ingest(
    account.id,
    { providerMessageId: 'm-1', subject: `Lead: ${CANARY.name}`, receivedAt: Date.parse('2026-03-01T10:00:00Z'),
      bodyText: `Name: ${CANARY.name}\nEmail: ${CANARY.email}\nPhone: ${CANARY.phone}\n${CANARY.comment}`, fromAddress: CANARY.email },
    { source: { format: 'adf', provider: 'Cars.com', confidence: 0.97 },
      customer: { firstName: 'Zebulon', lastName: 'Quillfeather', fullName: CANARY.name, email: CANARY.email, phone: CANARY.phone, postalCode: '60601', preferredContact: 'text' },
      vehicle: null, tradeIn: null, comments: CANARY.comment, untrusted: true, injectionSuspected: false },
  ));
  // Exercise the read paths too: nothing they do may leak to logs or temp files.
  expect(local.store.leads.search('quillfeather').leads.map((l) => l.id)).toEqual([leadId]);
  expect(local.store.leads.search('0187').leads.map((l) => l.id)).toEqual([leadId]);
  expect(local.store.leads.detail(leadId)?.email).toBe(CANARY.email);
  expect(local.loadMailboxTokens(account.id)).toContain(CANARY.token);
  return { local, accountId: account.id, leadId };
}

describe('customer data at rest (real keychain, real encrypted file)', () => {
  it('keeps canary name/email/phone/token out of every file under the data folder, open and closed', async () => {
    const p = profile();
    const { local } = await writeCanaries(p);
    const key = await loadDataKey(p.keychain, keyLocation(p), { createIfMissing: false });
    const keyNeedles = [key.material().toString('hex'), key.material().toString('base64'), deriveSubkey(key, 'store-cipher').toString('hex')];
    // While open: the WAL holds the fresh pages.
    expect(existsSync(storeFile(p.dataDir) + '-wal')).toBe(true);
    expect(findInFiles(p.dataDir, [...NEEDLES, ...keyNeedles])).toEqual([]);
    local.close();
    const files = filesUnder(p.dataDir).map((f) => f.slice(p.dataDir.length + 1)).sort();
    expect(files).toEqual(['leadpulse.db', 'logs/leadpulse.log']);
    expect(findInFiles(p.dataDir, [...NEEDLES, ...keyNeedles])).toEqual([]);
    // The scan itself works: the same needles are found when they are really there.
    writeFileSync(`${p.dataDir}/logs/control.txt`, `x ${CANARY.email} y`);
    expect(findInFiles(p.dataDir, NEEDLES).map((h) => h.needle)).toContain(CANARY.email);
  });

  it('refuses to open the file without the key, or with another key, with a clear error', async () => {
    const p = profile();
    const { local } = await writeCanaries(p);
    local.close();
    const file = storeFile(p.dataDir);
    expect(() => openDatabase(file, 'unencrypted-benchmark-only')).toThrow(StoreKeyError);
    expect(() => openDatabase(file, Buffer.alloc(32, 7))).toThrow(/cannot be unlocked with the key/);

    // Another profile's key in the keychain (e.g. a reinstall wrote a fresh one).
    const other = profile();
    const foreign = await loadDataKey(other.keychain, keyLocation(other), { createIfMissing: true });
    await p.keychain.set(keyLocation(p).service, keyLocation(p).account, `lp-dk1:${foreign.material().toString('base64')}`);
    await expect(openLocalStore(p)).rejects.toThrow(StoreKeyError);
    expect(existsSync(file)).toBe(true); // a key problem never moves or deletes the data
  });

  it('reports a missing keychain entry instead of creating a key that could never open the data', async () => {
    const p = profile();
    const { local } = await writeCanaries(p);
    local.close();
    await p.keychain.delete(keyLocation(p).service, keyLocation(p).account);
    const error = await openLocalStore(p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataKeyMissingError);
    expect((error as Error).message).toMatch(/missing from the keychain.*Remove all local data/s);
    expect(await p.keychain.get(keyLocation(p).service, keyLocation(p).account)).toBeNull();
  });

  it('"Remove all local data" deletes the database files and the keychain entry', async () => {
    const p = profile();
    const { local } = await writeCanaries(p);
    const removed = await removeAllLocalData(p, local);
    expect(removed.keychainEntryDeleted).toBe(true);
    expect(removed.deletedFiles).toContain('leadpulse.db');
    expect(filesUnder(p.dataDir).map((f) => f.slice(p.dataDir.length + 1))).toEqual(['logs/leadpulse.log']);
    expect(await p.keychain.get(keyLocation(p).service, keyLocation(p).account)).toBeNull();
    // A fresh start works (new key, empty store).
    const again = await openLocalStore(p);
    expect(again.store.leads.listInbox().leads).toEqual([]);
    again.close();
  });

  it('removing a mailbox removes its rows and makes its sealed sign-in unreadable', async () => {
    const p = profile();
    const { local, accountId, leadId } = await writeCanaries(p);
    const other = local.store.mailboxes.add({ provider: 'microsoft', address: 'sales@dealer.example.com' }, 'rep-1');
    local.saveMailboxTokens(other.id, 'other-token');
    expect(local.store.mailboxes.remove(accountId, 'rep-1')).toEqual({ removedLeads: 1, removedMessages: 1 });
    expect(local.store.leads.detail(leadId)).toBeNull();
    expect(local.store.leads.search('quillfeather').leads).toEqual([]);
    expect(() => local.loadMailboxTokens(accountId)).toThrow(/not linked/);
    expect(local.loadMailboxTokens(other.id)).toBe('other-token');
    local.close();
    expect(findInFiles(p.dataDir, NEEDLES)).toEqual([]);
  });
});

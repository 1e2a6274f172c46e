import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerKeysOf } from '../deletion/customer-keys';
import { createMemoryLogger } from '../log/logger';
import { connectionOf, openLeadStoreFile, type LeadStore } from './lead-store';
import { findInFiles } from './testing/helpers';
import type { StoreCipherKey } from './open-database';
import type { NewLead, NewMessage } from './writes/leads';
import type { PurgeBatch } from './writes/purge';

// Deleted-customer tombstones: what a purge leaves behind so the customer cannot come back.
const salt = randomBytes(32);
const keysOf = (customer: { email?: string; phone?: string }) => customerKeysOf(salt, customer);
const DELETED_AT = Date.parse('2026-03-03T09:00:00Z');
const BEFORE = DELETED_AT - 3_600_000;

const MARIA = { email: 'maria.lopez@example.com', phone: '+15125550142' };

let dir: string;
let file: string;
let store: LeadStore;
let accountId: string;
// Unencrypted on purpose: the file scans below must be able to see plaintext if there is any.
const key: StoreCipherKey = 'unencrypted-benchmark-only';
function open(): LeadStore {
  return openLeadStoreFile({ file, key, log: createMemoryLogger() });
}
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lp-tombstones-'));
  file = path.join(dir, 'leads.db');
  store = open();
  accountId = store.addMailboxAccount({ provider: 'simulator', address: 'sales@dealer.example' }, 'test').id;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = (sql: string, ...args: unknown[]) => connectionOf(store).prepare(sql).all(...args) as Record<string, unknown>[];

function message(id: string, o: Partial<NewMessage> = {}): NewMessage {
  return { providerMessageId: id, internetMessageId: `<${id}@x>`, receivedAt: BEFORE, bodyText: `body of ${id}`, ...o };
}
function lead(name: string, email: string | null, phone: string | null): NewLead {
  return {
    source: { format: 'marketplace', provider: 'Cars.com', confidence: 0.9 },
    customer: { firstName: name, lastName: 'Lopez', fullName: `${name} Lopez`, email, phone, postalCode: null, preferredContact: null },
    vehicle: null, tradeIn: null, comments: `${name} wants a car`, untrusted: true, injectionSuspected: false,
  };
}
function deleteMaria(s: LeadStore = store, instructionId = '1', deletedAt = DELETED_AT) {
  const batch: PurgeBatch = { dealershipId: 'd1', customerKeySalt: salt, instructions: [{ instructionId, customerKeys: keysOf(MARIA), deletedAt }] };
  return s.applyPurges(batch);
}

describe('purge tombstones', () => {
  it('are the opaque keys and the deletion time, never the email or phone, and survive a restart', () => {
    store.ingestLead(accountId, message('m1', { fromAddress: 'leads@cars.example' }), lead('Maria', MARIA.email, MARIA.phone));
    expect(deleteMaria()).toMatchObject([{ leadsRemoved: 1 }]);

    const columns = rows("SELECT name FROM pragma_table_info('purge_tombstones')").map((r) => r.name);
    expect(columns).toEqual(['dealership_id', 'customer_key', 'deleted_at']);
    const tombstones = rows('SELECT dealership_id, customer_key, deleted_at FROM purge_tombstones ORDER BY customer_key');
    expect(tombstones).toEqual(keysOf(MARIA).sort().map((k) => ({ dealership_id: 'd1', customer_key: k, deleted_at: DELETED_AT })));
    // Nothing of her readable anywhere in the (unencrypted) files, tombstones included.
    const needles = [MARIA.email, 'maria.lopez', '5125550142', '5550142'];
    expect(findInFiles(dir, needles)).toEqual([]);

    store.close();
    store = open();
    expect(rows('SELECT count(*) AS n FROM purge_tombstones')).toEqual([{ n: 2 }]);
    expect(findInFiles(dir, needles)).toEqual([]);
  });

  it('keep the latest deletion time of a customer deleted twice, and keep readable text out', () => {
    deleteMaria(store, '1', DELETED_AT);
    deleteMaria(store, '2', DELETED_AT + 86_400_000);
    deleteMaria(store, '3', DELETED_AT - 86_400_000);
    expect(rows('SELECT DISTINCT deleted_at FROM purge_tombstones')).toEqual([{ deleted_at: DELETED_AT + 86_400_000 }]);
    // A key that is not the cloud's hex HMAC could never match and is not kept.
    store.applyPurges({ dealershipId: 'd1', customerKeySalt: salt, instructions: [{ instructionId: '4', customerKeys: [MARIA.email], deletedAt: DELETED_AT }] });
    expect(rows('SELECT count(*) AS n FROM purge_tombstones')).toEqual([{ n: 2 }]);
  });
});

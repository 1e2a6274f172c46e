import { afterEach, describe, expect, it } from 'vitest';
import { deriveSubkey, loadDataKey } from '../secrets/index';
import { openLocalStore, keyLocation } from './local-store';
import { openDatabase } from './open-database';
import { migrate, schemaVersion } from './migrate';
import { migrations, LATEST_SCHEMA_VERSION } from './migrations/index';
import { StoreTooNewError } from './errors';
import { storeFile } from './paths';
import { testProfile } from './testing/helpers';
import { createMemoryLogger } from '../log/logger';

const profiles: ReturnType<typeof testProfile>[] = [];
afterEach(async () => {
  for (const p of profiles.splice(0)) await p.cleanup();
});

async function rawDb(p: ReturnType<typeof testProfile>) {
  const key = await loadDataKey(p.keychain, keyLocation(p), { createIfMissing: true });
  return openDatabase(storeFile(p.dataDir), deriveSubkey(key, 'store-cipher'));
}

describe('schema migrations', () => {
  it('versions are 1..n with no gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it('migrates a database created at schema v1 to the latest with its data intact (and indexed for search)', async () => {
    const p = testProfile('mig');
    profiles.push(p);
    const db = await rawDb(p);
    migrate(db, createMemoryLogger(), migrations.slice(0, 1));
    expect(schemaVersion(db)).toBe(1);
    db.exec(`
      INSERT INTO mailbox_accounts (id, provider, address, key_salt, created_at, updated_at)
        VALUES ('acc-1', 'gmail', 'bdc@dealer.example.com', x'00112233', 1, 1);
      INSERT INTO messages (message_no, id, account_id, direction, provider_message_id, subject, received_at, body_text)
        VALUES (1, 'msg-1', 'acc-1', 'inbound', 'p-1', 'Lead from Cars.com', 1772000000000, 'Wants the Highlander Hybrid in blue');
      INSERT INTO leads (lead_no, id, account_id, source_message_no, source_format, source_provider, source_confidence,
          status, full_name, email, phone, vehicle_label, comments, received_at, first_seen_at, updated_at)
        VALUES (1, 'lead-1', 'acc-1', 1, 'adf', 'Cars.com', 0.97, 'contacted', 'Rosa Delgado', 'rosa@example.com',
          '+13125550142', 'New 2026 Toyota Highlander', 'Call after 6', 1772000000000, 1772000000500, 1772000000500);
      UPDATE messages SET lead_no = 1 WHERE message_no = 1;
      INSERT INTO drafts (id, lead_no, version, origin, subject, body, created_by, created_at, approval_hash)
        VALUES ('d-1', 1, 1, 'template', 'Your Highlander', 'Hi Rosa', 'rep-1', 1772000001000, 'abc');
      INSERT INTO outbox (id, account_id, lead_no, draft_id, internet_message_id, to_address, subject, body, approval_hash,
          state, created_at, updated_at)
        VALUES ('o-1', 'acc-1', 1, 'd-1', '<o-1@lp>', 'rosa@example.com', 'Your Highlander', 'Hi Rosa', 'abc', 'queued', 1, 1);
    `);
    db.close();

    const local = await openLocalStore(p);
    try {
      const detail = local.store.leads.detail('lead-1');
      expect(detail).toMatchObject({
        customerName: 'Rosa Delgado', status: 'contacted', email: 'rosa@example.com', vehicle: 'New 2026 Toyota Highlander',
        mailboxAddress: 'bdc@dealer.example.com', suppressed: false,
      });
      expect(detail?.messages.map((m) => m.bodyText)).toEqual(['Wants the Highlander Hybrid in blue']);
      expect(detail?.drafts).toHaveLength(1);
      expect(detail?.outbox.map((o) => o.state)).toEqual(['queued']);
      // v2 indexed what v1 held, both lead fields and message text.
      expect(local.store.leads.search('delgado').leads.map((l) => l.id)).toEqual(['lead-1']);
      expect(local.store.leads.search('hybrid blue').leads.map((l) => l.id)).toEqual(['lead-1']);
      expect(local.store.leads.search('0142').leads.map((l) => l.id)).toEqual(['lead-1']);
      expect(local.store.leads.badgeCounts()).toMatchObject({ outboxPending: 1 });
      local.store.suppression.add('ROSA@example.com', 'opt-out', 'rep-1'); // v3 table works
      expect(local.store.leads.detail('lead-1')?.suppressed).toBe(true);
    } finally {
      local.close();
    }
    const after = await rawDb(p);
    expect(schemaVersion(after)).toBe(LATEST_SCHEMA_VERSION);
    after.close();
  });

  it('refuses a database from a newer LeadPulse, with a clear message, and leaves it untouched', async () => {
    const p = testProfile('mig');
    profiles.push(p);
    const local = await openLocalStore(p);
    local.close();
    const db = await rawDb(p);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    const error = await openLocalStore(p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreTooNewError);
    expect((error as Error).message).toMatch(/newer version of LeadPulse.*Install the latest.*Nothing was changed/s);
    const check = await rawDb(p);
    expect(schemaVersion(check)).toBe(LATEST_SCHEMA_VERSION + 1);
    check.close();
  });

  it('applies each migration in one transaction: a failing step leaves the previous version', async () => {
    const p = testProfile('mig');
    profiles.push(p);
    const db = await rawDb(p);
    const broken = [...migrations.slice(0, 1), { version: 2, name: 'broken', sql: 'CREATE TABLE half_done (x); SELECT no_such_function();' }];
    expect(() => migrate(db, createMemoryLogger(), broken)).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'`).pluck().get()).toBe(0);
    db.close();
  });

  it('a migration may carry a data step: it runs after its SQL in the same transaction, and a failing one leaves nothing behind', async () => {
    const p = testProfile('mig');
    profiles.push(p);
    const db = await rawDb(p);
    const base = migrations.slice(0, 1);
    const withData = [
      ...base,
      {
        version: 2,
        name: 'lower-cased emails in a new column',
        sql: 'ALTER TABLE leads ADD COLUMN email_folded TEXT;',
        data: (d: typeof db) => {
          for (const row of d.prepare<[], { id: string; email: string | null }>('SELECT id, email FROM leads').all()) {
            d.prepare('UPDATE leads SET email_folded = ? WHERE id = ?').run(row.email?.toLowerCase() ?? null, row.id);
          }
        },
      },
    ];
    migrate(db, createMemoryLogger(), base);
    db.exec(`
      INSERT INTO mailbox_accounts (id, provider, address, key_salt, created_at, updated_at) VALUES ('acc-1', 'gmail', 'bdc@dealer.example.com', x'00', 1, 1);
      INSERT INTO messages (message_no, id, account_id, direction, provider_message_id, subject, received_at, body_text)
        VALUES (1, 'msg-1', 'acc-1', 'inbound', 'p-1', 'Lead', 1, 'x');
      INSERT INTO leads (lead_no, id, account_id, source_message_no, source_format, source_provider, source_confidence, status, email, received_at, first_seen_at, updated_at)
        VALUES (1, 'lead-1', 'acc-1', 1, 'adf', 'Cars.com', 0.9, 'new', 'Rosa@Example.COM', 1, 1, 1);
    `);
    const failing = [withData[0]!, { ...withData[1]!, data: () => { throw new Error('data step failed'); } }];
    expect(() => migrate(db, createMemoryLogger(), failing)).toThrow('data step failed');
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM pragma_table_info('leads') WHERE name = 'email_folded'").pluck().get()).toBe(0);
    migrate(db, createMemoryLogger(), withData);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT email_folded FROM leads').pluck().get()).toBe('rosa@example.com');
    db.close();
  });
});

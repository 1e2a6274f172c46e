import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloudApi, type CloudApi } from '@leadpulse/cloud-api';
import { customerKeys as cloudCustomerKeys } from '@leadpulse/cloud-api';
import { ingestEmail } from '../intake/ingest-email';
import { LocalDataService } from '../local-data/local-data-service';
import { createMemoryLogger } from '../log/logger';
import { CloudClient } from '../cloud/cloud-client';
import { cloudRequest, cloudSessionFor, startSimulatorProcess, testCloudEnv, type SimulatorProcess } from '../session/testing/oidc-stack';
import { findInFiles, testProfile } from '../store/testing/helpers';
import { customerKeysOf } from './customer-keys';
import { PurgeSync } from './purge-sync';
import { testCloudPort } from '../cloud/testing/test-port';

// A customer deleted in the real cloud disappears from this desktop's real encrypted store.
let sim: SimulatorProcess;
let cloud: CloudApi;
let cleanupPg = () => undefined as void;

beforeAll(async () => {
  sim = await startSimulatorProcess();
  const pg = testCloudEnv(sim);
  cleanupPg = () => pg.cleanup();
  cloud = await startCloudApi({ env: pg.env });
}, 120_000);

afterAll(async () => {
  await cloud?.close();
  await sim?.close();
  cleanupPg();
});

const demo = path.resolve(import.meta.dirname, '../../../resources/demo/emails');
const email = (name: string) => readFileSync(path.join(demo, name));

describe('customer keys', () => {
  it('match the cloud derivation for emails and phones in every local form', () => {
    const salt = randomBytes(32);
    for (const customer of [
      { email: 'Maria.Lopez@Example.com' }, { phone: '+15125550142' }, { phone: '(512) 555-0142' },
      { email: 'a@b.co', phone: '+44 20 7946 0958' }, { email: 'not-an-email' }, { phone: '12' },
    ]) {
      expect(customerKeysOf(salt, customer)).toEqual(cloudCustomerKeys(salt, customer));
    }
  });
});

describe('purge sync', () => {
  it('erases a customer deleted in the cloud: leads, thread messages and search, once', async () => {
    const admin = await cloudSessionFor(cloud.url, sim.issuers.google, 'alex.admin@sunsethonda.example');
    const created = await cloudRequest(cloud.url, admin.accessToken, 'POST', '/v1/dealerships', { name: 'Sunset Honda' });
    const dealership = (await created.json()) as { id: string; name: string };

    const profile = testProfile('purge');
    const data = new LocalDataService({ ...profile, now: () => new Date(), seedDemo: false });
    try {
      await data.open();
      const accountId = await data.use((store) => store.mailboxes.add({ provider: 'simulator', address: 'sales@sunsethonda.example' }, 'test').id);
      const mariaReceivedAt = Date.now();
      await data.use((store) => ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria', receivedAt: mariaReceivedAt }));
      await data.use((store) => ingestEmail(store, accountId, email('marketplace-html.eml'), { providerMessageId: 'sam', receivedAt: Date.now() }));
      expect(await data.use((store) => store.leads.search('Lopez').leads.length)).toBe(1);

      const deletion = await cloudRequest(cloud.url, admin.accessToken, 'POST', `/v1/dealerships/${dealership.id}/deletions/customer`, { email: 'maria.lopez@example.com', phone: '+1 512 555 0142' });
      expect(deletion.status).toBe(200);

      const sync = new PurgeSync({
        cloud: new CloudClient({ baseUrl: cloud.url, clientLabel: 'LeadPulse-desktop/test' }),
        port: testCloudPort({ accessToken: async () => admin.accessToken, afterUnauthorized: async () => null }),
        session: { state: () => ({ status: 'signed-in', provider: 'google', user: { id: admin.user.id, email: admin.user.email }, memberships: [], dealership: { dealershipId: dealership.id, dealershipName: dealership.name, role: 'admin' }, offline: false }) },
        data,
        log: createMemoryLogger(),
      });
      expect(await sync.runOnce()).toBe(1);
      expect(await data.use((store) => store.leads.search('Lopez').leads)).toEqual([]);
      expect(await data.use((store) => store.leads.search('maria').leads)).toEqual([]);
      const left = await data.use((store) => store.leads.listInbox({}).leads.map((l) => l.customerName));
      expect(left).toEqual(['Sam Patel']);
      expect(await sync.runOnce()).toBe(0);
      // Her mail from before the deletion, synced only now (another mailbox, a re-link), stays out;
      // a new inquiry from her after the deletion is a new lead.
      expect(await data.use((store) => ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria-late', receivedAt: mariaReceivedAt })))
        .toEqual({ kind: 'withheld', reason: 'customer-deleted', count: 1 });
      expect(await data.use((store) => store.leads.search('Lopez').leads)).toEqual([]);
      expect(await data.use((store) => ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria-new', receivedAt: Date.now() + 60_000 })))
        .toMatchObject({ kind: 'leads', created: 1 });
      // And nothing of her is readable in the files (the store is encrypted; this also checks the log).
      data.close();
      expect(findInFiles(profile.dataDir, ['maria.lopez@example.com', '5125550142'])).toEqual([]);
    } finally {
      await data.removeAll().catch(() => undefined);
      await profile.cleanup();
    }
  }, 120_000);
});

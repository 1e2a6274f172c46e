import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionState } from '../../../src-shared/contract/areas/session';
import type { LocalDataService } from '../local-data/local-data-service';
import { createMemoryLogger } from '../log/logger';
import type { CloudClient } from '../cloud/cloud-client';
import { openLeadStoreFile, type LeadStore } from '../store/index';
import { connectionOf } from '../store/testing/internals';
import { customerKeysOf } from './customer-keys';
import { PurgeSync } from './purge-sync';
import { testCloudPort } from '../cloud/testing/test-port';
import { CloudHttpError, CloudUnreachableError } from '../cloud/errors';
import { createTestClock } from '../time/test-clock';

// How PurgeSync talks to the cloud over several pages and runs; the real cloud round trip is
// in purge-sync.test.ts.
const salt = randomBytes(32);
let dir: string;
let store: LeadStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lp-purge-runs-'));
  store = openLeadStoreFile({ file: path.join(dir, 'leads.db'), key: randomBytes(32), log: createMemoryLogger() });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Instruction { id: string; createdAt: string; customerKeys: string[]; leadIds: string[] }

/** A cloud that lists instructions as the real one does: ids after `after`, oldest first, pages of 500. */
function fakeCloud(byDealership: Record<string, Instruction[]>, gate?: Promise<void>) {
  const asked: { dealershipId: string; after: string | null }[] = [];
  const cloud = {
    async getDealership() {
      return { customerKeySalt: salt.toString('base64url') };
    },
    async purgeInstructions(_auth: unknown, dealershipId: string, after: string | null) {
      asked.push({ dealershipId, after });
      if (gate) await gate;
      const list = (byDealership[dealershipId] ?? []).filter((i) => Number(i.id) > Number(after ?? 0));
      return { instructions: list.slice(0, 500) };
    },
  };
  return { cloud: cloud as unknown as CloudClient, asked };
}

function signedIn(dealershipId: string): SessionState {
  return {
    status: 'signed-in', provider: 'google', user: { id: 'u1', email: 'admin@dealer.example' }, memberships: [],
    dealership: { dealershipId, dealershipName: dealershipId, role: 'admin' }, offline: false,
  };
}

function sync(cloud: CloudClient, state: () => SessionState, extra: Partial<ConstructorParameters<typeof PurgeSync>[0]> = {}): PurgeSync {
  return new PurgeSync({
    ...extra,
    cloud,
    port: testCloudPort({ accessToken: async () => 't', afterUnauthorized: async () => null }),
    session: { state },
    data: { use: async <T>(fn: (s: LeadStore) => T) => fn(store) } as unknown as LocalDataService,
    log: createMemoryLogger(),
  });
}

const instructions = (count: number, first = 1): Instruction[] =>
  Array.from({ length: count }, (_, i) => ({
    id: String(first + i), createdAt: '2026-03-02T15:00:00Z', leadIds: [],
    customerKeys: customerKeysOf(salt, { email: `customer${first + i}@example.com` }),
  }));

describe('PurgeSync runs', () => {
  it('applies a backlog longer than one cloud page in one run', async () => {
    const { cloud, asked } = fakeCloud({ d1: instructions(1203) });
    const purges = sync(cloud, () => signedIn('d1'));
    expect(await purges.runOnce()).toBe(1203);
    expect(store.purges.lastInstruction('d1')).toBe('1203');
    expect(asked.map((a) => a.after)).toEqual([null, '500', '1000', '1203']);
    expect(await purges.runOnce()).toBe(0);
  });

  it('runs again for the new dealership when asked while a run for the old one is in flight', async () => {
    let open = () => undefined as void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { cloud, asked } = fakeCloud({ d1: instructions(2), d2: instructions(3, 100) }, gate);
    let dealership = 'd1';
    const purges = sync(cloud, () => signedIn(dealership));
    const first = purges.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 10)); // the d1 run is waiting on the cloud
    dealership = 'd2';
    const second = purges.runOnce();
    open();
    expect(await first).toBe(2);
    expect(await second).toBe(3);
    expect(store.purges.lastInstruction('d2')).toBe('102');
    expect(new Set(asked.map((a) => a.dealershipId))).toEqual(new Set(['d1', 'd2']));
  });

  it('does not call the cloud while it refuses this computer\'s setup (https_required), and resumes once that is cleared', async () => {
    const { cloud, asked } = fakeCloud({ d1: instructions(2) });
    let problem: string | undefined = 'LeadPulse is set up with a cloud address that is not secure… Contact your IT team.';
    const purges = new PurgeSync({
      cloud,
      // The session's token: while the problem lasts, asking for one is a refresh the cloud refuses.
      port: testCloudPort({ accessToken: async () => (problem ? Promise.reject(new Error('https_required')) : 't'), afterUnauthorized: async () => null }),
      session: { state: () => ({ ...signedIn('d1'), offline: problem !== undefined, ...(problem ? { cloudProblem: problem } : {}) }) },
      data: { use: async <T>(fn: (s: LeadStore) => T) => fn(store) } as unknown as LocalDataService,
      log: createMemoryLogger(),
    });
    expect(await purges.runOnce()).toBe(0);
    expect(asked).toEqual([]);
    problem = undefined; // the rep pressed Check again and the cloud answered
    expect(await purges.runOnce()).toBe(2);
    expect(asked.length).toBeGreaterThan(0);
  });

  it('records the tombstones of deletions applied before tombstones were kept, without redoing them', async () => {
    const { cloud, asked } = fakeCloud({ d1: instructions(1203) });
    const purges = sync(cloud, () => signedIn('d1'));
    expect(await purges.runOnce()).toBe(1203);
    // As a desktop that applied them before migration 8 has them: logged, no tombstones.
    const db = connectionOf(store);
    db.exec('UPDATE purge_log SET tombstoned = 0; DELETE FROM purge_tombstones; DELETE FROM purge_scopes;');
    expect(store.purges.lastInstruction('d1')).toBeNull();
    asked.length = 0;
    const audit = db.prepare("SELECT count(*) FROM audit_log WHERE action = 'customer.purged'").pluck();
    const purgedBefore = audit.get();

    expect(await purges.runOnce()).toBe(0); // nothing applied again
    expect(asked.map((a) => a.after)).toEqual([null, '500', '1000', '1203']);
    expect(store.purges.lastInstruction('d1')).toBe('1203');
    expect(db.prepare('SELECT count(*) FROM purge_tombstones').pluck().get()).toBe(1203);
    expect(audit.get()).toBe(purgedBefore);
    expect(await purges.runOnce()).toBe(0);
    expect(asked.map((a) => a.after)).toEqual([null, '500', '1000', '1203', '1203']);
  });

  it('on its schedule: every interval, sooner after a failure, nothing while offline, once on return', async () => {
    const clock = createTestClock();
    const { cloud, asked } = fakeCloud({ d1: instructions(3) });
    let failures = 2;
    const flaky = Object.assign(Object.create(cloud) as CloudClient, {
      purgeInstructions: async (...args: Parameters<CloudClient['purgeInstructions']>) => {
        if (failures-- > 0) throw new TypeError('fetch failed');
        return cloud.purgeInstructions(...args);
      },
    });
    let online = true;
    const listeners = new Set<(online: boolean) => void>();
    const signal = { online: () => online, subscribe: (l: (online: boolean) => void) => (listeners.add(l), () => void listeners.delete(l)) };
    const setOnline = (next: boolean) => {
      online = next;
      for (const l of listeners) l(next);
    };
    const purges = sync(flaky, () => signedIn('d1'), { clock, online: signal, intervalMs: 300_000 });
    purges.start();
    await expect(purges.runOnce()).rejects.toThrow('fetch failed'); // sign-in's run: the cloud is down
    // Retries 5 s then 10 s later (at most; jitter may shorten them), not a whole interval later.
    await clock.advance(5_000);
    await clock.advance(10_000);
    expect(store.purges.lastInstruction('d1')).toBe('3');
    const runsBefore = asked.length;
    setOnline(false);
    await clock.advance(60 * 60_000);
    expect(asked.length).toBe(runsBefore);
    setOnline(true);
    await clock.advance(0);
    expect(asked.length).toBe(runsBefore + 1);
    await clock.advance(300_000);
    expect(asked.length).toBe(runsBefore + 2);
    await purges.stop();
  });

  it('goes through the one cloudCall: a 403 re-checks the membership, no answer is remembered as offline, an answer clears it', async () => {
    const { cloud } = fakeCloud({ d1: instructions(1) });
    let fail: Error | null = new CloudHttpError(403, 'forbidden');
    const failing = Object.assign(Object.create(cloud) as CloudClient, {
      purgeInstructions: async (...args: Parameters<CloudClient['purgeInstructions']>) => {
        if (fail) throw fail;
        return cloud.purgeInstructions(...args);
      },
    });
    const port = testCloudPort({ accessToken: async () => 't', afterUnauthorized: async () => null });
    const purges = new PurgeSync({
      cloud: failing,
      port,
      session: { state: () => signedIn('d1') },
      data: { use: async <T>(fn: (s: LeadStore) => T) => fn(store) } as unknown as LocalDataService,
      log: createMemoryLogger(),
    });
    await expect(purges.runOnce()).rejects.toThrow(/does not allow this/);
    expect(port.told).toContain('recheck:d1');
    fail = new CloudUnreachableError();
    await expect(purges.runOnce()).rejects.toBeInstanceOf(CloudUnreachableError);
    expect(port.told.at(-1)).toBe('offline');
    fail = null;
    expect(await purges.runOnce()).toBe(1);
    expect(port.told.at(-1)).toBe('answered');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenantTx } from '../db/tenant-tx.js';
import { HttpError } from '../http/errors.js';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres.js';
import { assertSeatAvailable, billingAccess, seatsInUse } from './access.js';
import { DEFAULT_BILLING_POLICY } from './config.js';
import { createBillingDb, type BillingDb } from './testing/billing-db.js';
import { applyEffect } from './webhook/apply.js';

let postgres: TempPostgres;
let db: BillingDb;
const DAY = 86_400_000;
const T0 = new Date('2026-04-01T00:00:00Z').getTime();
let seq = 0;

beforeAll(async () => {
  postgres = await startTempPostgres();
  db = await createBillingDb(postgres);
});

afterAll(async () => {
  await db?.end();
  await postgres?.dispose();
});

/** Records one subscription snapshot as a webhook would (status at time `at`). */
async function observe(tenantId: string, at: number, status: string, seats: number, sub = 'sub_main', subCreated = T0): Promise<void> {
  seq += 1;
  await withTenantTx(db.api, tenantId, (client) =>
    applyEffect(client, {
      kind: 'subscription',
      tenantId,
      snapshot: { eventId: `evt_access_${seq}`, eventCreated: at, subscriptionId: sub, customerId: 'cus_access', status, seats, subscriptionCreated: subCreated, cancelAtPeriodEnd: false },
    }, 'customer.subscription.updated'),
  );
}

const accessAt = (tenantId: string, at: number) =>
  withTenantTx(db.api, tenantId, (client) => billingAccess(client, new Date(at)));

describe('billingAccess', () => {
  it('trialing and active: full access with the paid seats, no banner', async () => {
    const t = await db.createDealership(new Date(T0));
    await observe(t, T0, 'trialing', 3);
    expect(await accessAt(t, T0 + DAY)).toEqual({ mode: 'full', seats: 3, banner: null, status: 'trialing', graceEndsAt: null });
    await observe(t, T0 + 14 * DAY, 'active', 4);
    expect(await accessAt(t, T0 + 15 * DAY)).toMatchObject({ mode: 'full', seats: 4, banner: null, status: 'active' });
  });

  it('past_due: full with a banner through the grace period (from when it began), then read-only', async () => {
    const t = await db.createDealership(new Date(T0));
    await observe(t, T0, 'active', 5);
    const failed = T0 + 30 * DAY;
    await observe(t, failed, 'past_due', 5);
    // A later past_due event (another retry failed) does not restart the grace period.
    await observe(t, failed + 3 * DAY, 'past_due', 5);
    const graceEnd = failed + DEFAULT_BILLING_POLICY.graceMs;
    const during = await accessAt(t, graceEnd - 1);
    expect(during).toMatchObject({ mode: 'grace', seats: 5, status: 'past_due', graceEndsAt: new Date(graceEnd) });
    expect(during.banner).toMatch(/Payment failed/);
    const after = await accessAt(t, graceEnd);
    expect(after).toMatchObject({ mode: 'read-only', seats: 5, status: 'past_due', graceEndsAt: null });
    expect(after.banner).toMatch(/overdue/);
  });

  it('grace length comes from the policy', async () => {
    const t = await db.createDealership(new Date(T0));
    await observe(t, T0, 'past_due', 2);
    const policy = { ...DEFAULT_BILLING_POLICY, graceMs: 2 * DAY };
    const at = (ms: number) => withTenantTx(db.api, t, (c) => billingAccess(c, new Date(ms), policy));
    expect((await at(T0 + 2 * DAY - 1)).mode).toBe('grace');
    expect((await at(T0 + 2 * DAY)).mode).toBe('read-only');
  });

  it('payment recovered: back to full', async () => {
    const t = await db.createDealership(new Date(T0));
    await observe(t, T0, 'past_due', 5);
    await observe(t, T0 + 2 * DAY, 'active', 5);
    expect(await accessAt(t, T0 + 30 * DAY)).toMatchObject({ mode: 'full', banner: null });
  });

  it.each(['unpaid', 'canceled', 'incomplete_expired', 'paused', 'incomplete', 'some_future_status'])(
    '%s: read-only with a banner, seats kept (dealership trial over)',
    async (status) => {
      const t = await db.createDealership(new Date(T0 - 30 * DAY));
      await observe(t, T0, status, 6);
      const access = await accessAt(t, T0 + DAY);
      expect(access).toMatchObject({ mode: 'read-only', seats: 6, status });
      expect(access.banner).toBeTruthy();
    },
  );

  it('never subscribed: full during the dealership trial, read-only after it', async () => {
    const t = await db.createDealership(new Date(T0));
    const during = await accessAt(t, T0 + 13 * DAY);
    expect(during).toMatchObject({ mode: 'full', seats: null, status: null });
    expect(during.banner).toMatch(/Trial: 1 day left/);
    expect(await accessAt(t, T0 + 14 * DAY)).toMatchObject({ mode: 'read-only', status: null });
  });

  it('an incomplete first subscription (payment still being attempted) keeps the dealership trial', async () => {
    const t = await db.createDealership(new Date(T0));
    await observe(t, T0 + 2 * DAY, 'incomplete', 3, 'sub_first_try', T0 + 2 * DAY);
    const during = await accessAt(t, T0 + 3 * DAY);
    expect(during).toMatchObject({ mode: 'full', seats: null, status: 'incomplete' });
    expect(during.banner).toMatch(/Payment is being confirmed.*Trial: 11 days left/);
    await expect(withTenantTx(db.api, t, (c) => assertSeatAvailable(c, 1, new Date(T0 + 3 * DAY)))).resolves.toBeUndefined();
    // The attempt expires: still never paid, the trial runs to its end, then read-only.
    await observe(t, T0 + 3 * DAY, 'incomplete_expired', 3, 'sub_first_try', T0 + 2 * DAY);
    expect(await accessAt(t, T0 + 4 * DAY)).toMatchObject({ mode: 'full', status: 'incomplete_expired' });
    expect(await accessAt(t, T0 + 14 * DAY)).toMatchObject({ mode: 'read-only', status: 'incomplete_expired' });
  });

  it('an incomplete subscription after a paid one does not bring the trial back', async () => {
    const t = await db.createDealership(new Date(T0));
    await observe(t, T0, 'active', 5, 'sub_paid', T0);
    await observe(t, T0 + DAY, 'canceled', 5, 'sub_paid', T0);
    await observe(t, T0 + 2 * DAY, 'incomplete', 5, 'sub_again', T0 + 2 * DAY);
    expect(await accessAt(t, T0 + 3 * DAY)).toMatchObject({ mode: 'read-only', status: 'incomplete' });
  });

  it('a new subscription after a canceled one governs, even if the old one sends late events', async () => {
    const t = await db.createDealership(new Date(T0));
    await observe(t, T0, 'active', 5, 'sub_old', T0);
    await observe(t, T0 + 30 * DAY, 'canceled', 5, 'sub_old', T0);
    await observe(t, T0 + 40 * DAY, 'active', 9, 'sub_new', T0 + 40 * DAY);
    await observe(t, T0 + 29 * DAY, 'past_due', 5, 'sub_old', T0); // late, older
    expect(await accessAt(t, T0 + 41 * DAY)).toMatchObject({ mode: 'full', seats: 9, status: 'active' });
  });

  it('sees only its own dealership (RLS): another dealership keeps its own state', async () => {
    const a = await db.createDealership(new Date(T0));
    const b = await db.createDealership(new Date(T0 - 60 * DAY));
    await observe(a, T0, 'active', 50);
    expect(await accessAt(b, T0 + DAY)).toMatchObject({ mode: 'read-only', status: null, seats: null });
  });

  it('refuses to run outside a dealership transaction', async () => {
    const client = await db.api.connect();
    try {
      await expect(billingAccess(client, new Date())).rejects.toThrow(/withTenantTx/);
    } finally {
      client.release();
    }
  });
});

describe('seats', () => {
  const seatLimit = { statusCode: 402, code: 'seat_limit_reached' };

  it('assertSeatAvailable allows up to the paid seats and throws 402 seat_limit_reached beyond', async () => {
    const t = await db.createDealership(new Date(T0));
    await observe(t, T0, 'active', 3);
    const check = (occupied: number) =>
      withTenantTx(db.api, t, (c) => assertSeatAvailable(c, occupied, new Date(T0 + DAY)));
    await expect(check(2)).resolves.toBeUndefined();
    const err = await check(3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ statusCode: 402, code: 'seat_limit_reached' });
    expect((err as Error).message).toMatch(/All 3 paid seats are in use/);
  });

  it('no member can be added while read-only; grace still allows it', async () => {
    const t = await db.createDealership(new Date(T0));
    await observe(t, T0, 'past_due', 10);
    const inGrace = new Date(T0 + DAY);
    const afterGrace = new Date(T0 + 8 * DAY);
    await withTenantTx(db.api, t, async (c) => {
      await expect(assertSeatAvailable(c, 1, inGrace)).resolves.toBeUndefined();
      await expect(assertSeatAvailable(c, 1, afterGrace)).rejects.toMatchObject(seatLimit);
    });
  });

  it('never subscribed: no seat limit during the trial unless the policy sets one', async () => {
    const t = await db.createDealership(new Date(T0));
    await withTenantTx(db.api, t, async (c) => {
      await expect(assertSeatAvailable(c, 500, new Date(T0 + DAY))).resolves.toBeUndefined();
      const capped = { ...DEFAULT_BILLING_POLICY, unsubscribedSeats: 3 };
      await expect(assertSeatAvailable(c, 3, new Date(T0 + DAY), capped)).rejects.toMatchObject(seatLimit);
      await expect(assertSeatAvailable(c, 0, new Date(T0 + 15 * DAY))).rejects.toMatchObject(seatLimit);
    });
  });

  it('assertSeatAvailable counts members and pending invitations itself when not told', async () => {
    const t = await db.createDealership(new Date(T0));
    await observe(t, T0, 'active', 1);
    const u = { id: crypto.randomUUID(), email: `solo-${seq++}@example.test` };
    await db.owner.query('insert into users (id, email) values ($1, $2)', [u.id, u.email]);
    await db.owner.query("insert into members (tenant_id, user_id, role) values ($1, $2, 'admin')", [t, u.id]);
    await expect(withTenantTx(db.api, t, (c) => assertSeatAvailable(c, undefined, new Date(T0 + DAY)))).rejects.toMatchObject(seatLimit);
  });

  it('seatsInUse counts members and pending invitations', async () => {
    const t = await db.createDealership(new Date(T0));
    const users = ['a', 'b'].map((n) => ({ id: crypto.randomUUID(), email: `${n}-${seq++}@example.test` }));
    for (const u of users) {
      await db.owner.query('insert into users (id, email) values ($1, $2)', [u.id, u.email]);
      await db.owner.query("insert into members (tenant_id, user_id, role) values ($1, $2, 'rep')", [t, u.id]);
    }
    await db.owner.query(
      "insert into invitations (tenant_id, id, email, role, invited_by) values ($1, $2, 'new@example.test', 'rep', $3)",
      [t, crypto.randomUUID(), users[0]!.id],
    );
    expect(await withTenantTx(db.api, t, (c) => seatsInUse(c))).toBe(3);
  });
});

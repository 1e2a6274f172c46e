import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempPostgres, type TempPostgres } from '../../testing/temp-postgres.js';
import { createBillingDb, type BillingDb } from '../testing/billing-db.js';
import { buildBillingApp, WEBHOOK_SECRET } from '../testing/harness.js';
import { eventObject, signEvent, subscriptionObject } from '../testing/stripe-objects.js';
import { WEBHOOK_PATH } from './route.js';

/**
 * Stripe delivers at least once and in no guaranteed order. Whatever the order, with
 * duplicates and concurrent deliveries, the final state must be the one the events
 * describe in their own chronological order.
 */
let postgres: TempPostgres;
let db: BillingDb;
let app: FastifyInstance;
const NOW = new Date('2026-06-01T00:00:00Z');
const nowSec = Math.floor(NOW.getTime() / 1000);
const DAY = 86_400;

beforeAll(async () => {
  postgres = await startTempPostgres();
  db = await createBillingDb(postgres);
  app = buildBillingApp(db.api, undefined, { now: () => NOW });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await db?.end();
  await postgres?.dispose();
});

interface Step {
  type: string;
  status: string;
  seats: number;
  /** days after the subscription started */
  day: number;
}

// A realistic life: checkout with a trial, seats added during the trial, first invoice
// paid, a renewal fails, the card is updated (and seats added), seats reduced, canceled.
const LIFE: Step[] = [
  { type: 'customer.subscription.created', status: 'trialing', seats: 3, day: 0 },
  { type: 'checkout.session.completed', status: 'trialing', seats: 3, day: 0 },
  { type: 'customer.subscription.updated', status: 'trialing', seats: 5, day: 2 },
  { type: 'customer.subscription.updated', status: 'active', seats: 5, day: 14 },
  { type: 'customer.subscription.updated', status: 'past_due', seats: 5, day: 44 },
  { type: 'customer.subscription.updated', status: 'active', seats: 7, day: 46 },
  { type: 'customer.subscription.updated', status: 'active', seats: 4, day: 60 },
  { type: 'customer.subscription.deleted', status: 'canceled', seats: 4, day: 90 },
];

function lifeEvents(tenantId: string, n: number): Array<Record<string, unknown>> {
  const start = nowSec - 100 * DAY;
  const subId = `sub_life${n}`;
  const customer = `cus_life${n}`;
  return LIFE.map((step, i) => {
    const created = start + step.day * DAY;
    if (step.type === 'checkout.session.completed') {
      return eventObject(step.type, {
        id: `cs_test_life${n}`, object: 'checkout.session', mode: 'subscription', status: 'complete',
        client_reference_id: tenantId, customer, subscription: subId, metadata: { tenant_id: tenantId },
      }, created, `evt_life${n}_${i}`);
    }
    const sub = subscriptionObject({ id: subId, customer, status: step.status, seats: step.seats, priceId: 'price_seat', created: start, metadata: { tenant_id: tenantId } });
    return eventObject(step.type, sub, created, `evt_life${n}_${i}`);
  });
}

/** Every event at least once, some twice or more, in a random order, in random concurrent batches. */
const deliveryPlan = fc.record({
  sortKeys: fc.array(fc.double({ noNaN: true }), { minLength: LIFE.length, maxLength: LIFE.length }),
  duplicates: fc.array(fc.tuple(fc.nat({ max: LIFE.length - 1 }), fc.double({ noNaN: true })), { maxLength: 8 }),
  batchSizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 20, maxLength: 20 }),
});

async function deliver(
  events: Array<Record<string, unknown>>,
  order: number[],
  batchSizes: number[],
  afterBatch: (delivered: ReadonlySet<number>) => Promise<void> = async () => undefined,
): Promise<void> {
  const delivered = new Set<number>();
  const signed = events.map((e) => signEvent(e, WEBHOOK_SECRET, nowSec));
  let at = 0;
  for (let b = 0; at < order.length; b++) {
    const size = batchSizes[b % batchSizes.length] ?? 1;
    const batch = order.slice(at, at + size);
    at += size;
    const responses = await Promise.all(batch.map((i) => {
      const s = signed[i]!;
      return app.inject({ method: 'POST', url: WEBHOOK_PATH, payload: s.payload, headers: { 'content-type': 'application/json', 'stripe-signature': s.header } });
    }));
    for (const r of responses) expect(r.statusCode).toBe(200);
    for (const i of batch) delivered.add(i);
    await afterBatch(delivered);
  }
}

/** The state the delivered events describe: the chronologically last one decides. */
function expectedFor(delivered: Iterable<number>): { status: string; seats: number; since: string } | undefined {
  const subs = [...delivered].filter((i) => LIFE[i]!.type !== 'checkout.session.completed').sort((a, b) => b - a);
  const lastIndex = subs[0];
  if (lastIndex === undefined) return undefined;
  const last = LIFE[lastIndex]!;
  // status_since: the first event of the trailing run of the same status among those delivered.
  let runStart = lastIndex;
  for (const i of subs) {
    if (LIFE[i]!.status !== last.status) break;
    runStart = i;
  }
  return { status: last.status, seats: last.seats, since: String(nowSec - 100 * DAY + LIFE[runStart]!.day * DAY) };
}

interface FinalRow {
  status: string;
  seats: number;
  customer: string;
  since: string;
  account_customer: string;
  events: number;
}

async function finalState(tenantId: string): Promise<FinalRow[]> {
  const { rows } = await db.owner.query<FinalRow>(
    `select s.status, s.seats, s.stripe_customer_id as customer,
            extract(epoch from s.status_since)::bigint as since,
            a.stripe_customer_id as account_customer,
            (select count(*)::int from stripe_events e where e.tenant_id = s.tenant_id) as events
       from billing_subscriptions s join billing_accounts a using (tenant_id)
      where s.tenant_id = $1`,
    [tenantId],
  );
  return rows;
}

describe('webhook delivery order', () => {
  let run = 0;

  it('500 random delivery orders with duplicates (some concurrent) all end canceled with 4 seats', async () => {
    await fc.assert(
      fc.asyncProperty(deliveryPlan, async ({ sortKeys, duplicates, batchSizes }) => {
        run += 1;
        const tenantId = await db.createDealership();
        const events = lifeEvents(tenantId, run);
        const keyed: Array<[number, number]> = [...sortKeys.map((k, i): [number, number] => [i, k]), ...duplicates];
        const order = keyed.sort((x, y) => x[1] - y[1]).map(([i]) => i);
        // Along the way too: after every batch the state is what the events so far describe.
        await deliver(events, order, batchSizes, async (delivered) => {
          const expected = expectedFor(delivered);
          if (expected) expect((await finalState(tenantId))[0]).toMatchObject(expected);
        });
        expect(await finalState(tenantId)).toEqual([{
          status: 'canceled',
          seats: 4,
          customer: `cus_life${run}`,
          since: String(nowSec - 10 * DAY),
          account_customer: `cus_life${run}`,
          events: LIFE.length,
        }]);
      }),
      { numRuns: 500 },
    );
  }, 600_000);

  it('any subset of the events, in any order, ends in the state of its chronologically last event', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(LIFE.map((_, i) => i), { minLength: 1 }).filter((s) => s.some((i) => LIFE[i]!.type !== 'checkout.session.completed')),
        deliveryPlan,
        async (subset, { sortKeys, duplicates, batchSizes }) => {
          run += 1;
          const tenantId = await db.createDealership();
          const events = lifeEvents(tenantId, run);
          const keyed: Array<[number, number]> = [
            ...subset.map((i): [number, number] => [i, sortKeys[i] ?? 0]),
            ...duplicates.filter(([i]) => subset.includes(i)),
          ];
          await deliver(events, keyed.sort((x, y) => x[1] - y[1]).map(([i]) => i), batchSizes);
          const [state] = await finalState(tenantId);
          expect(state).toMatchObject({
            ...expectedFor(subset),
            events: subset.length,
          });
        },
      ),
      { numRuns: 150 },
    );
  }, 600_000);
});

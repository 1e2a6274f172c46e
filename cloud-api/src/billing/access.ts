import type pg from 'pg';
import { countSeatHolders } from '../repositories/members.js';
import { DEFAULT_BILLING_POLICY, type BillingPolicy } from './config.js';
import { seatLimitReached } from './errors.js';
import { currentSubscription } from './projection.js';

export type AccessMode = 'full' | 'grace' | 'read-only';

export interface BillingAccess {
  /** full: everything; grace: everything, with a banner; read-only: no new members. */
  mode: AccessMode;
  /** Paid seats (members + pending invitations allowed); null = no limit. */
  seats: number | null;
  /** Text for the desktop's banner, or null for none. */
  banner: string | null;
  /** The governing Stripe status, or null when the dealership never subscribed. */
  status: string | null;
  /** Set while in grace: when it ends. */
  graceEndsAt: Date | null;
}

interface SubscriptionRow {
  subscriptionId: string;
  status: string;
  seats: number;
  statusSince: Date;
  subscriptionCreated: number;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * The dealership's access under billing, read inside the caller's request transaction
 * (withTenantTx): only this dealership's rows are visible, so no tenant id is passed.
 */
export async function billingAccess(
  client: Queryable,
  now: Date,
  policy: BillingPolicy = DEFAULT_BILLING_POLICY,
): Promise<BillingAccess> {
  const subs = await client.query<SubscriptionRow>(
    `select stripe_subscription_id as "subscriptionId", status, seats,
            status_since as "statusSince",
            (extract(epoch from subscription_created) * 1000)::float8 as "subscriptionCreated"
       from billing_subscriptions`,
  );
  const current = currentSubscription(subs.rows);
  if (!current) return unsubscribedAccess(client, now, policy);
  if (subs.rows.every((s) => neverStarted(s.status))) return firstAttemptAccess(client, current, now, policy);
  return accessForStatus(current, now, policy);
}

/**
 * incomplete: the first invoice is still being paid (3-D Secure, a slow payment method);
 * incomplete_expired: that attempt failed. Neither was ever paid access.
 */
const neverStarted = (status: string): boolean => status === 'incomplete' || status === 'incomplete_expired';

/**
 * A dealership whose only subscriptions never started is still in its unsubscribed trial:
 * a payment being attempted (or one that failed) does not end the trial early. After the
 * trial, the subscription's own status decides (read-only).
 */
async function firstAttemptAccess(
  client: Queryable,
  current: SubscriptionRow,
  now: Date,
  policy: BillingPolicy,
): Promise<BillingAccess> {
  const trial = await unsubscribedAccess(client, now, policy);
  if (trial.mode !== 'full') return accessForStatus(current, now, policy);
  const prefix = current.status === 'incomplete' ? 'Payment is being confirmed. ' : 'The payment did not go through. ';
  return { ...trial, status: current.status, banner: `${prefix}${trial.banner ?? ''}`.trim() };
}

export function accessForStatus(
  sub: Pick<SubscriptionRow, 'status' | 'seats' | 'statusSince'>,
  now: Date,
  policy: BillingPolicy,
): BillingAccess {
  const base = { seats: sub.seats, status: sub.status, graceEndsAt: null };
  switch (sub.status) {
    case 'trialing':
    case 'active':
      return { ...base, mode: 'full', banner: null };
    case 'past_due': {
      const graceEndsAt = new Date(sub.statusSince.getTime() + policy.graceMs);
      if (now < graceEndsAt) {
        return {
          ...base,
          mode: 'grace',
          graceEndsAt,
          banner: `Payment failed. An admin can update the card in Billing; drafting stops on ${graceEndsAt.toISOString().slice(0, 10)}.`,
        };
      }
      return { ...base, mode: 'read-only', banner: 'Payment is overdue: read-only until an admin updates the card in Billing.' };
    }
    case 'canceled':
    case 'incomplete_expired':
      return { ...base, mode: 'read-only', banner: 'The subscription has ended: read-only. An admin can subscribe again in Billing.' };
    default:
      // unpaid, paused, incomplete, and any status Stripe adds later: never paid access.
      return { ...base, mode: 'read-only', banner: 'Billing needs attention: read-only until an admin resolves it in Billing.' };
  }
}

async function unsubscribedAccess(
  client: Queryable,
  now: Date,
  policy: BillingPolicy,
): Promise<BillingAccess> {
  const dealership = await client.query<{ createdAt: Date }>(
    'select created_at as "createdAt" from dealerships',
  );
  const createdAt = dealership.rows[0]?.createdAt;
  if (!createdAt) throw new Error('billingAccess must run inside the dealership transaction (withTenantTx)');
  const trialEnds = new Date(createdAt.getTime() + policy.unsubscribedTrialMs);
  const base = { seats: policy.unsubscribedSeats, status: null, graceEndsAt: null };
  if (now < trialEnds) {
    const days = Math.ceil((trialEnds.getTime() - now.getTime()) / 86_400_000);
    return { ...base, mode: 'full', banner: `Trial: ${days} day${days === 1 ? '' : 's'} left. An admin can subscribe in Billing.` };
  }
  return { ...base, mode: 'read-only', banner: 'The trial has ended: read-only until an admin subscribes in Billing.' };
}

/** Members plus pending invitations: what occupies a seat. */
export function seatsInUse(client: Queryable): Promise<number> {
  return countSeatHolders(client);
}

/**
 * Serializes seat-taking in the dealership of the caller's transaction until it ends: two
 * invitations for different emails sent at the same moment would otherwise both count the
 * same free seat (each sees only committed rows) and both take it. A transaction-scoped
 * advisory lock on a key derived from the tenant id: no table lock (an UPDATE lock on the
 * dealerships row would also block every insert referencing it), and other dealerships never
 * wait. The next holder's count, run after the lock is granted, sees what the previous one
 * committed (READ COMMITTED takes a fresh snapshot per statement).
 */
export async function lockSeats(client: Queryable): Promise<void> {
  const { rows } = await client.query<{ tenant: string | null }>(
    `select nullif(current_setting('app.tenant_id', true), '') as tenant,
            pg_advisory_xact_lock(hashtextextended('seats:' || current_setting('app.tenant_id', true), 0))`,
  );
  if (!rows[0]?.tenant) throw new Error('lockSeats must run inside the dealership transaction (withTenantTx)');
}

/**
 * Throws 402 seat_limit_reached unless one more member fits: `occupied` seats are taken
 * now (default: seatsInUse, i.e. members plus pending invitations, counted after lockSeats).
 * Call it in the same transaction that adds the member or invitation, which then holds the
 * dealership's seat lock until it commits. Read-only billing admits no one.
 */
export async function assertSeatAvailable(
  client: Queryable,
  occupiedSeats?: number,
  now: Date = new Date(),
  policy: BillingPolicy = DEFAULT_BILLING_POLICY,
): Promise<void> {
  await lockSeats(client);
  const occupied = occupiedSeats ?? (await seatsInUse(client));
  const access = await billingAccess(client, now, policy);
  if (access.mode === 'read-only') {
    throw seatLimitReached(`No member can be added while billing is read-only. ${access.banner ?? ''}`.trim());
  }
  if (access.seats !== null && occupied + 1 > access.seats) {
    throw seatLimitReached(
      `All ${access.seats} paid seat${access.seats === 1 ? ' is' : 's are'} in use. An admin can add seats in Billing.`,
    );
  }
}

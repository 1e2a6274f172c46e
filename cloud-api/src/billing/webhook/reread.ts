import Stripe from 'stripe';
import { HttpError } from '../../http/errors.js';
import type { SubscriptionRead } from '../projection.js';
import { seatCount } from './extract.js';
import { parseSubscription, periodEndOf, type Parsed } from './parse.js';

/**
 * Asks Stripe's API for a subscription whose newest events cannot be ordered (see README:
 * "Same second"). Stripe unreachable, failing, rate limiting or refusing our key is a
 * failure that may pass: 503, so Stripe redelivers the event and the re-read is tried
 * again. A subscription Stripe does not know, or cannot be used, will not get better.
 */
export async function rereadSubscription(
  stripe: Stripe,
  subscriptionId: string,
  seatPriceId: string,
  now: () => Date,
): Promise<Parsed<SubscriptionRead>> {
  // Taken before the request: the answer reflects every change made before this moment.
  const readAt = now().getTime();
  let object: unknown;
  try {
    object = await stripe.subscriptions.retrieve(subscriptionId);
  } catch (err) {
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.statusCode === 404) {
      return { ok: false, reason: 'subscription not found at Stripe on re-read' };
    }
    throw new HttpError(503, 'stripe_unavailable', 'Stripe could not be asked for the subscription; retry later.');
  }
  const parsed = parseSubscription(object);
  if (!parsed.ok) return parsed;
  const sub = parsed.value;
  if (sub.id !== subscriptionId) return { ok: false, reason: 'Stripe answered the re-read with another subscription' };
  return {
    ok: true,
    value: {
      subscriptionId,
      customerId: sub.customer,
      status: sub.status,
      seats: seatCount(sub.items.data, seatPriceId),
      subscriptionCreated: sub.created * 1000,
      cancelAtPeriodEnd: sub.cancel_at_period_end,
      periodEnd: periodEndOf(sub, seatPriceId),
      readAt,
    },
  };
}

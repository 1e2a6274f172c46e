import Stripe from 'stripe';
import type { BillingConfig } from './config.js';
import { stripeError } from './errors.js';
import { TENANT_METADATA_KEY } from './webhook/extract.js';

export interface CheckoutRequest {
  tenantId: string;
  seats: number;
  /** Reuse the dealership's Stripe customer when it has one. */
  customerId: string | undefined;
  /** Stripe-side trial only for a dealership's first subscription. */
  withTrial: boolean;
}

/**
 * A hosted Checkout link for a seat-based subscription. The dealership id travels as
 * client_reference_id and as metadata on both the session and the subscription, which is
 * how every later webhook finds its dealership without a lookup.
 */
export async function createCheckoutLink(
  stripe: Stripe,
  config: BillingConfig,
  req: CheckoutRequest,
): Promise<{ url: string; id: string }> {
  const metadata = { [TENANT_METADATA_KEY]: req.tenantId };
  const session = await callStripe(() =>
    stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: config.seatPriceId, quantity: req.seats }],
      client_reference_id: req.tenantId,
      metadata,
      subscription_data: {
        metadata,
        ...(req.withTrial && config.trialDays > 0 && { trial_period_days: config.trialDays }),
      },
      ...(req.customerId !== undefined && { customer: req.customerId }),
      success_url: config.successUrl,
      cancel_url: config.cancelUrl,
    }),
  );
  if (!session.url) throw stripeError(502, 'Stripe returned a Checkout Session without a URL');
  return { url: session.url, id: session.id };
}

/** A Customer Portal link (change seats, card, cancel) for the dealership's customer. */
export async function createPortalLink(
  stripe: Stripe,
  config: BillingConfig,
  customerId: string,
): Promise<{ url: string }> {
  const session = await callStripe(() =>
    stripe.billingPortal.sessions.create({ customer: customerId, return_url: config.portalReturnUrl }),
  );
  return { url: session.url };
}

/**
 * Stripe's errors become 502/503 stripe_error with a message fit for an admin: Stripe's own
 * message for request errors (it names the parameter), a generic one for outages.
 */
async function callStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof Stripe.errors.StripeError)) throw err;
    if (err instanceof Stripe.errors.StripeRateLimitError) {
      throw stripeError(503, 'Stripe is rate limiting requests; try again in a minute.');
    }
    if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError) {
      throw stripeError(502, 'Stripe could not be reached or failed; try again shortly.');
    }
    if (err instanceof Stripe.errors.StripeAuthenticationError || err instanceof Stripe.errors.StripePermissionError) {
      throw stripeError(502, 'Billing is misconfigured (Stripe refused the API key).');
    }
    throw stripeError(502, `Stripe refused the request: ${err.message}`);
  }
}

import { z } from 'zod';

/**
 * Billing configuration, from environment variables like the rest of cloud-api.
 * Billing is off when STRIPE_SECRET_KEY is unset (development, tests of other areas):
 * then no billing routes are registered and billingAccess() still applies its policy.
 */
export interface BillingConfig {
  secretKey: string;
  webhookSecret: string;
  /** The per-seat recurring Price (price_...). */
  seatPriceId: string;
  /** Where the Stripe API is: api.stripe.com:443 https unless pointed at a fake. */
  apiHost: string | undefined;
  apiPort: number | undefined;
  apiProtocol: 'http' | 'https' | undefined;
  maxNetworkRetries: number;
  timeoutMs: number;
  /** Checkout and portal return here (the desktop opens these links in the browser). */
  successUrl: string;
  cancelUrl: string;
  portalReturnUrl: string;
  /** Days of stripe-side trial for a first Checkout (0 = none). */
  trialDays: number;
  policy: BillingPolicy;
}

/** How subscription state turns into access; see access.ts. */
export interface BillingPolicy {
  /** past_due keeps full access (with a banner) this long after it began. */
  graceMs: number;
  /** A dealership that never subscribed: full access for this long after it was created. */
  unsubscribedTrialMs: number;
  /** ...with this many seats; null = no limit during that trial (the default). */
  unsubscribedSeats: number | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_BILLING_POLICY: BillingPolicy = {
  graceMs: 7 * DAY_MS,
  unsubscribedTrialMs: 14 * DAY_MS,
  unsubscribedSeats: null,
};

const unsetIfEmpty = (value: unknown): unknown => (value === '' ? undefined : value);
const optionalString = z.preprocess(unsetIfEmpty, z.string().trim().min(1).optional());
const url = (fallback: string) => z.preprocess(unsetIfEmpty, z.url().default(fallback));
const nonNegativeInt = (fallback: number) =>
  z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).default(fallback));

const schema = z.object({
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_SEAT_PRICE_ID: optionalString,
  STRIPE_API_HOST: optionalString,
  STRIPE_API_PORT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).max(65_535).optional()),
  STRIPE_API_PROTOCOL: z.preprocess(unsetIfEmpty, z.enum(['http', 'https']).optional()),
  STRIPE_MAX_NETWORK_RETRIES: nonNegativeInt(2),
  STRIPE_TIMEOUT_MS: nonNegativeInt(10_000),
  BILLING_SUCCESS_URL: url('https://app.leadpulse.invalid/billing/success'),
  BILLING_CANCEL_URL: url('https://app.leadpulse.invalid/billing/cancel'),
  BILLING_PORTAL_RETURN_URL: url('https://app.leadpulse.invalid/billing'),
  BILLING_TRIAL_DAYS: nonNegativeInt(14),
  BILLING_GRACE_DAYS: nonNegativeInt(7),
  BILLING_UNSUBSCRIBED_TRIAL_DAYS: nonNegativeInt(14),
  BILLING_UNSUBSCRIBED_SEATS: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).optional()),
});

export class BillingConfigError extends Error {
  override readonly name = 'BillingConfigError';
}

export function loadBillingPolicy(env: Readonly<Record<string, string | undefined>>): BillingPolicy {
  const e = parse(env);
  return {
    graceMs: e.BILLING_GRACE_DAYS * DAY_MS,
    unsubscribedTrialMs: e.BILLING_UNSUBSCRIBED_TRIAL_DAYS * DAY_MS,
    unsubscribedSeats: e.BILLING_UNSUBSCRIBED_SEATS ?? null,
  };
}

/** undefined when billing is off (no STRIPE_SECRET_KEY). Never echoes values. */
export function loadBillingConfig(
  env: Readonly<Record<string, string | undefined>>,
): BillingConfig | undefined {
  const e = parse(env);
  if (e.STRIPE_SECRET_KEY === undefined) return undefined;
  const missing = (['STRIPE_WEBHOOK_SECRET', 'STRIPE_SEAT_PRICE_ID'] as const).filter(
    (k) => e[k] === undefined,
  );
  if (missing.length > 0) {
    throw new BillingConfigError(
      `Invalid billing configuration: STRIPE_SECRET_KEY is set, so ${missing.join(' and ')} must be set too`,
    );
  }
  return {
    secretKey: e.STRIPE_SECRET_KEY,
    webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? '',
    seatPriceId: e.STRIPE_SEAT_PRICE_ID ?? '',
    apiHost: e.STRIPE_API_HOST,
    apiPort: e.STRIPE_API_PORT,
    apiProtocol: e.STRIPE_API_PROTOCOL,
    maxNetworkRetries: e.STRIPE_MAX_NETWORK_RETRIES,
    timeoutMs: e.STRIPE_TIMEOUT_MS,
    successUrl: e.BILLING_SUCCESS_URL,
    cancelUrl: e.BILLING_CANCEL_URL,
    portalReturnUrl: e.BILLING_PORTAL_RETURN_URL,
    trialDays: e.BILLING_TRIAL_DAYS,
    policy: loadBillingPolicy(env),
  };
}

function parse(env: Readonly<Record<string, string | undefined>>): z.infer<typeof schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (i) => `  - ${i.path.map(String).join('.')}: ${i.message}`,
  );
  throw new BillingConfigError(['Invalid billing configuration:', ...problems].join('\n'));
}

import { z } from 'zod';

/**
 * Billing configuration, from environment variables like the rest of cloud-api and read by
 * the same loader (config.ts loadConfig, via readBillingSettings below).
 * Billing is off when STRIPE_SECRET_KEY is unset (development, tests of other areas):
 * then only the status route is served and billingAccess() still applies its policy.
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

/** Billing's part of the cloud-api configuration (CloudApiConfig.billing, read by loadConfig). */
export interface BillingSettings {
  /** undefined: billing is off (no STRIPE_SECRET_KEY): only the status route is served. */
  stripe: BillingConfig | undefined;
  /** Applies with or without Stripe. */
  policy: BillingPolicy;
}

/** A bad variable, as config.ts's ConfigProblem: named, its value never echoed. */
export interface BillingConfigProblem {
  variable: string;
  message: string;
}

/**
 * Billing's variables, read by cloud-api's one config loader (config.ts loadConfig), which
 * reports these problems together with every other one. Pure: reads only the given env.
 */
export function readBillingSettings(
  env: Readonly<Record<string, string | undefined>>,
): { settings: BillingSettings; problems: [] } | { settings: undefined; problems: BillingConfigProblem[] } {
  const result = schema.safeParse(env);
  const problems: BillingConfigProblem[] = result.success
    ? []
    : result.error.issues.map((i) => ({ variable: i.path.map(String).join('.'), message: i.message }));
  // On the raw env, so these are reported alongside any invalid value (every problem at once).
  const given = (name: string) => (env[name]?.trim() ?? '') !== '';
  if (given('STRIPE_SECRET_KEY')) {
    for (const variable of ['STRIPE_WEBHOOK_SECRET', 'STRIPE_SEAT_PRICE_ID']) {
      if (!given(variable)) problems.push({ variable, message: 'required when STRIPE_SECRET_KEY is set' });
    }
  }
  if (!result.success || problems.length > 0) return { settings: undefined, problems };
  const e = result.data;
  const policy: BillingPolicy = {
    graceMs: e.BILLING_GRACE_DAYS * DAY_MS,
    unsubscribedTrialMs: e.BILLING_UNSUBSCRIBED_TRIAL_DAYS * DAY_MS,
    unsubscribedSeats: e.BILLING_UNSUBSCRIBED_SEATS ?? null,
  };
  const { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_SEAT_PRICE_ID: seatPriceId } = e;
  // No key: billing off (with a key, the other two were required above).
  if (secretKey === undefined || webhookSecret === undefined || seatPriceId === undefined) {
    return { settings: { stripe: undefined, policy }, problems: [] };
  }
  return {
    settings: {
      stripe: {
        secretKey,
        webhookSecret,
        seatPriceId,
        apiHost: e.STRIPE_API_HOST,
        apiPort: e.STRIPE_API_PORT,
        apiProtocol: e.STRIPE_API_PROTOCOL,
        maxNetworkRetries: e.STRIPE_MAX_NETWORK_RETRIES,
        timeoutMs: e.STRIPE_TIMEOUT_MS,
        successUrl: e.BILLING_SUCCESS_URL,
        cancelUrl: e.BILLING_CANCEL_URL,
        portalReturnUrl: e.BILLING_PORTAL_RETURN_URL,
        trialDays: e.BILLING_TRIAL_DAYS,
        policy,
      },
      policy,
    },
    problems: [],
  };
}

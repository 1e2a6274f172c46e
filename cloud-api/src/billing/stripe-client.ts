import Stripe from 'stripe';
import type { BillingConfig } from './config.js';

/** The Stripe SDK client, pointed at api.stripe.com or (tests, dev) the fake server. */
export function createStripeClient(config: BillingConfig): Stripe {
  return new Stripe(config.secretKey, {
    maxNetworkRetries: config.maxNetworkRetries,
    timeout: config.timeoutMs,
    telemetry: false,
    ...(config.apiHost !== undefined && { host: config.apiHost }),
    ...(config.apiPort !== undefined && { port: config.apiPort }),
    ...(config.apiProtocol !== undefined && { protocol: config.apiProtocol }),
  });
}

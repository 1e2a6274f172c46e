/** Billing's public surface for the rest of cloud-api. */
export {
  billingAccess,
  assertSeatAvailable,
  seatsInUse,
  type AccessMode,
  type BillingAccess,
} from './access.js';
export { seatLimitReached } from './errors.js';
export {
  readBillingSettings,
  DEFAULT_BILLING_POLICY,
  type BillingConfig,
  type BillingConfigProblem,
  type BillingPolicy,
  type BillingSettings,
} from './config.js';
export { registerBilling, type RegisterBillingOptions } from './register.js';
export { registerBillingRoutes, type AuthorizeBilling, type BillingCaller } from './routes.js';

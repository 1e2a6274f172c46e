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
  loadBillingConfig,
  loadBillingPolicy,
  DEFAULT_BILLING_POLICY,
  BillingConfigError,
  type BillingConfig,
  type BillingPolicy,
} from './config.js';
export { registerBilling, type RegisterBillingOptions } from './register.js';
export { registerBillingRoutes, type AuthorizeBilling, type BillingCaller } from './routes.js';

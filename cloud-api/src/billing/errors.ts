import { HttpError } from '../http/errors.js';

/**
 * Billing's refusals, as the one HttpError the app's error handler answers with
 * ({ error: code, message }); each route declares these statuses with errorResponses().
 */

/** Adding a member would exceed the paid seats (or billing is read-only). */
export const seatLimitReached = (message: string): HttpError => new HttpError(402, 'seat_limit_reached', message);

/** Stripe refused or failed a request: 502, or 503 while Stripe rate-limits us. */
export const stripeError = (statusCode: 502 | 503, message: string): HttpError =>
  new HttpError(statusCode, 'stripe_error', message);

/** A request that conflicts with the dealership's billing state (e.g. already subscribed). */
export const billingConflict = (message: string): HttpError => new HttpError(409, 'billing_conflict', message);

export const billingNotConfigured = (): HttpError =>
  new HttpError(503, 'billing_not_configured', 'Billing is not configured on this server.');

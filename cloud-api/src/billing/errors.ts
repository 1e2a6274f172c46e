/** Typed billing errors; `statusCode` and `code` are what the HTTP layer answers with. */
export abstract class BillingError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
}

/** Adding a member would exceed the paid seats (or billing is inactive). */
export class SeatLimitError extends BillingError {
  override readonly name = 'SeatLimitError';
  readonly statusCode = 402;
  readonly code = 'seat_limit_reached';
  constructor(
    readonly seats: number,
    readonly inUse: number,
    message: string,
  ) {
    super(message);
  }
}

/** Stripe refused or failed a request; `stripeCode` / `stripeType` are Stripe's own. */
export class StripeRequestError extends BillingError {
  override readonly name = 'StripeRequestError';
  readonly code = 'stripe_error';
  constructor(
    readonly statusCode: number,
    message: string,
    readonly stripeType: string | undefined,
    readonly stripeCode: string | undefined,
  ) {
    super(message);
  }
}

/** A request that conflicts with the dealership's billing state (e.g. already subscribed). */
export class BillingConflictError extends BillingError {
  override readonly name = 'BillingConflictError';
  readonly statusCode = 409;
  readonly code = 'billing_conflict';
}

export class BillingNotConfiguredError extends BillingError {
  override readonly name = 'BillingNotConfiguredError';
  readonly statusCode = 503;
  readonly code = 'billing_not_configured';
}

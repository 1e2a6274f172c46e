/** Stripe's error envelope: `{"error": {type, code?, param?, message, doc_url?}}`. */
export interface StripeErrorBody {
  type: 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
}

export class FakeStripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

export function missingParam(param: string): FakeStripeError {
  return new FakeStripeError(400, {
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param,
    message: `Missing required param: ${param}.`,
  });
}

export function invalidParam(param: string, message: string): FakeStripeError {
  return new FakeStripeError(400, { type: 'invalid_request_error', code: 'parameter_invalid', param, message });
}

/** Unknown ids given as parameters are 400s; unknown ids in the URL are 404s. */
export function noSuch(kind: string, id: string, param?: string): FakeStripeError {
  return new FakeStripeError(param === undefined ? 404 : 400, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    ...(param !== undefined && { param }),
    message: `No such ${kind}: '${id}'`,
  });
}

export const rateLimited = (): FakeStripeError =>
  new FakeStripeError(429, {
    type: 'invalid_request_error',
    code: 'rate_limit',
    message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
  });

export const cardDeclined = (): FakeStripeError =>
  new FakeStripeError(402, {
    type: 'card_error',
    code: 'card_declined',
    decline_code: 'generic_decline',
    message: 'Your card was declined.',
  });

/** Stripe's side failed (5xx): the SDK throws StripeAPIError. */
export const apiError = (): FakeStripeError =>
  new FakeStripeError(500, { type: 'api_error', message: 'Sorry, something went wrong.' });

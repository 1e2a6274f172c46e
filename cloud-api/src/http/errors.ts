/** An error whose status and short code are safe to send to the client as is. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message?: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Readonly<Record<string, string>> = {},
    /**
     * Extra fields of the response body next to error and message (the route's response
     * schema must declare them, or they are dropped). Never personal data.
     */
    readonly fields: Readonly<Record<string, unknown>> = {},
  ) {
    super(message ?? code);
  }
}

export const unauthorized = (): HttpError => new HttpError(401, 'unauthorized', 'sign in again');
export const forbidden = (): HttpError => new HttpError(403, 'forbidden', 'not allowed');
export const notFound = (): HttpError => new HttpError(404, 'not_found', 'not found');

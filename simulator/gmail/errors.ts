/**
 * Google's JSON error body, as the Gmail API sends it (Gmail "Resolve errors" guide):
 * { error: { code, message, errors: [{ message, domain, reason, ... }], status } }.
 */
export interface GoogleError {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

function googleError(
  code: number, message: string, reason: string, domain: string, status: string,
  /** More fields of errors[0]; its `message` may differ from the top one (it does on a 401). */
  extra: Record<string, string> = {}, headers: Record<string, string> = {},
): GoogleError {
  const { message: innerMessage = message, ...fields } = extra;
  return { status: code, headers, body: { error: { code, message, errors: [{ message: innerMessage, domain, reason, ...fields }], status } } };
}

export const gmailErrors = {
  invalidCredentials: () => googleError(401,
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    'authError', 'global', 'UNAUTHENTICATED', { message: 'Invalid Credentials', location: 'Authorization', locationType: 'header' },
    { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' }),
  insufficientScopes: () => googleError(403, 'Request had insufficient authentication scopes.', 'insufficientPermissions', 'global', 'PERMISSION_DENIED'),
  delegationDenied: (user: string) => googleError(403, `Delegation denied for ${user}`, 'forbidden', 'global', 'PERMISSION_DENIED'),
  notFound: () => googleError(404, 'Requested entity was not found.', 'notFound', 'global', 'NOT_FOUND'),
  badRequest: (message: string) => googleError(400, message, 'badRequest', 'global', 'INVALID_ARGUMENT'),
  invalidArgument: (message: string) => googleError(400, message, 'invalidArgument', 'global', 'INVALID_ARGUMENT'),
  /** What users report for parallel fetches (e.g. google-api-dotnet-client issue 1982). */
  tooManyConcurrent: (retryAfterSeconds: number | null) => googleError(429, 'Too many concurrent requests for user.', 'rateLimitExceeded', 'global',
    'RESOURCE_EXHAUSTED', {}, retryAfter(retryAfterSeconds)),
  /** 429 as seen in the wild when the per-user quota is spent. */
  rateLimited: (retryAfterSeconds: number | null) => googleError(429, 'Resource has been exhausted (e.g. check quota).', 'rateLimitExceeded', 'global',
    'RESOURCE_EXHAUSTED', {}, retryAfter(retryAfterSeconds)),
  /** 403 as the usage-limits page documents it for the per-user limit. */
  userRateLimitExceeded: () => googleError(403, 'User Rate Limit Exceeded', 'userRateLimitExceeded', 'usageLimits', 'PERMISSION_DENIED'),
  /** 403 rateLimitExceeded: the per-project limit. */
  projectRateLimitExceeded: () => googleError(403, 'Rate Limit Exceeded', 'rateLimitExceeded', 'usageLimits', 'PERMISSION_DENIED'),
  backend: (code: number) => code === 503
    ? googleError(503, 'The service is currently unavailable.', 'backendError', 'global', 'UNAVAILABLE')
    : googleError(code, 'Backend Error', 'backendError', 'global', code === 500 ? 'INTERNAL' : 'UNAVAILABLE'),
};

function retryAfter(seconds: number | null): Record<string, string> {
  return seconds === null ? {} : { 'Retry-After': String(seconds) };
}

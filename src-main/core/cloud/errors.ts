import { UserFacingError } from '../ipc/dispatcher';

/**
 * The cloud answered with an error status. `code` is the API's stable error code; `fields`
 * the other short string fields of its error body (e.g. currentRole of
 * invitation_role_differs), never its message.
 */
export class CloudHttpError extends Error {
  override readonly name = 'CloudHttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(`cloud answered ${status} ${code}`);
  }
}

/** No answer from the cloud (offline, timeout, DNS, TLS), or one that is not the cloud's own (a Wi-Fi login page, a proxy). */
export class CloudUnreachableError extends UserFacingError {
  constructor(options?: { cause?: unknown }) {
    super('LeadPulse could not reach its cloud service. Check the connection and try again; your leads on this computer still work.', options);
  }
}

/**
 * The cloud answered, but not in the shape this version of LeadPulse knows (a newer or broken
 * API): refused rather than used. `detail` names the call's path and the fields that did not
 * fit, never their values.
 */
export class CloudProtocolError extends UserFacingError {
  override readonly name = 'CloudProtocolError';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super('The LeadPulse cloud answered in a way this version of LeadPulse does not understand. Update LeadPulse; if it is up to date, contact your IT team.');
  }
}

/**
 * The cloud refuses requests that did not come over https (403 https_required): this computer's
 * cloud address is set up wrong. Not the rep's to fix, and retrying cannot help. At most 200
 * characters, so the renderer shows it as it is.
 */
export const HTTPS_REQUIRED_MESSAGE =
  'LeadPulse is set up with a cloud address that is not secure, so the cloud refuses it. ' +
  'Contact your IT team: the address must start with https://. Your leads on this computer still work.';

export function isHttpsRequired(error: unknown): error is CloudHttpError {
  return error instanceof CloudHttpError && error.status === 403 && error.code === 'https_required';
}

/** There is no live session: never signed in, signed out, or ended by the cloud. */
export class NotSignedInError extends UserFacingError {
  constructor(message = 'Sign in to use team features.') {
    super(message);
  }
}

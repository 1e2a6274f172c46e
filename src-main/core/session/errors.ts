import { UserFacingError } from '../ipc/dispatcher';

export type SignInErrorCode =
  | 'provider-unreachable'
  | 'provider-misconfigured'
  | 'provider-refused'
  | 'verification-failed'
  | 'cancelled'
  | 'timed-out'
  | 'listener-failed'
  | 'cloud-refused'
  | 'cloud-unreachable'
  | 'not-available';

/** Why a sign-in did not complete; the message is written for the rep at the desk. */
export class SignInError extends UserFacingError {
  constructor(
    readonly code: SignInErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

import type { SessionMembership } from '../../../src-shared/contract/areas/session';
import { UserFacingError } from '../ipc/dispatcher';
import type { CloudSessionPort } from './cloud-port';
import { CloudHttpError, CloudUnreachableError, HTTPS_REQUIRED_MESSAGE, isHttpsRequired } from './errors';

/**
 * One authenticated cloud call, its failures turned into what the rep should read: offline
 * is remembered, a 401 ends the session, a 403 on a dealership checks whether access ended.
 * `plain` turns a refusal particular to the call into a message for the user (null: the
 * generic handling). Seats full (402) and losing the last admin (409) are named for all calls.
 */
export async function cloudCall<T>(
  port: CloudSessionPort,
  fn: () => Promise<T>,
  dealership?: SessionMembership,
  plain?: (error: CloudHttpError) => string | null,
): Promise<T> {
  try {
    const result = await fn();
    port.answered();
    return result;
  } catch (error) {
    if (error instanceof CloudUnreachableError) {
      port.wentOffline();
      throw error;
    }
    if (isHttpsRequired(error)) {
      port.setupProblem(HTTPS_REQUIRED_MESSAGE);
      throw new UserFacingError(HTTPS_REQUIRED_MESSAGE, { cause: error });
    }
    if (error instanceof CloudHttpError && error.status === 401) {
      throw await port.sessionEnded();
    }
    if (error instanceof CloudHttpError && plain && error.status !== 401 && error.status !== 403) {
      const message = plain(error);
      if (message) throw new UserFacingError(message);
    }
    if (error instanceof CloudHttpError && error.status === 402 && error.code === 'seat_limit_reached') {
      throw new UserFacingError('All paid seats are in use. An admin can add seats in Billing, then invite again.');
    }
    if (error instanceof CloudHttpError && error.status === 409 && error.code === 'last_admin') {
      throw new UserFacingError('A dealership needs at least one admin. Make someone else an admin first.');
    }
    if (error instanceof CloudHttpError && error.status === 403 && dealership) {
      const role = await port.recheckMembership(dealership);
      throw new UserFacingError(`Your role at ${dealership.dealershipName} (${role}) does not allow this. Ask an admin if you need it.`);
    }
    if (error instanceof CloudHttpError && error.status === 429) {
      throw new UserFacingError('The LeadPulse cloud is busy right now. Try again in a minute.');
    }
    if (error instanceof CloudHttpError) {
      throw new UserFacingError('The LeadPulse cloud could not do that just now. Try again; if it keeps happening, contact support.');
    }
    throw error;
  }
}

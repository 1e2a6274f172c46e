import type { SessionMembership } from '../../../src-shared/contract/areas/session';
import { UserFacingError } from '../ipc/dispatcher';
import { checkStillMember, endSession } from './access-ended';
import type { BearerSource } from './cloud-client';
import { CloudHttpError, CloudUnreachableError, HTTPS_REQUIRED_MESSAGE, isHttpsRequired } from './errors';
import type { SessionContext } from './session-context';

/**
 * One authenticated cloud call, its failures turned into what the rep should read: offline
 * is remembered, a 401 ends the session, a 403 on a dealership checks whether access ended.
 * `plain` turns a refusal particular to the call into a message for the user (null: the
 * generic handling). Seats full (402) and losing the last admin (409) are named for all calls.
 */
export async function cloudCall<T>(
  ctx: SessionContext,
  auth: BearerSource,
  fn: () => Promise<T>,
  dealership?: SessionMembership,
  plain?: (error: CloudHttpError) => string | null,
): Promise<T> {
  try {
    const result = await fn();
    ctx.setCloudProblem(null);
    ctx.setOffline(false);
    return result;
  } catch (error) {
    if (error instanceof CloudUnreachableError) {
      ctx.setOffline(true);
      throw error;
    }
    if (isHttpsRequired(error)) {
      ctx.setCloudProblem(HTTPS_REQUIRED_MESSAGE);
      throw new UserFacingError(HTTPS_REQUIRED_MESSAGE, { cause: error });
    }
    if (error instanceof CloudHttpError && error.status === 401) {
      if (ctx.saved) await endSession(ctx, ctx.saved, null);
      throw ctx.notSignedIn();
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
      await checkStillMember(ctx, auth, dealership);
      const role = ctx.saved?.memberships.find((m) => m.dealershipId === dealership.dealershipId)?.role ?? dealership.role;
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

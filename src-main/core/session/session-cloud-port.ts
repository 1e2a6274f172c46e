import type { CloudSessionPort } from '../cloud/cloud-port';
import type { BearerSource } from '../cloud/cloud-client';
import { checkStillMember, endSession } from './access-ended';
import type { SessionContext } from './session-context';

/** The session's side of every authenticated cloud call (see CloudSessionPort). */
export function sessionCloudPort(ctx: SessionContext, auth: BearerSource): CloudSessionPort {
  return {
    auth,
    answered() {
      ctx.setCloudProblem(null);
      ctx.setOffline(false);
    },
    wentOffline() {
      ctx.setOffline(true);
    },
    setupProblem(message) {
      ctx.setCloudProblem(message);
    },
    async sessionEnded() {
      if (ctx.saved) await endSession(ctx, ctx.saved, null);
      return ctx.notSignedIn();
    },
    async recheckMembership(dealership) {
      await checkStillMember(ctx, auth, dealership);
      return ctx.saved?.memberships.find((m) => m.dealershipId === dealership.dealershipId)?.role ?? dealership.role;
    },
  };
}

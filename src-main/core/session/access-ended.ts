import type { SessionMembership } from '../../../src-shared/contract/areas/session';
import type { BearerSource } from '../cloud/cloud-client';
import { membershipsOf, type SavedSession } from './saved-session';
import type { SessionContext } from './session-context';

/**
 * The session or the membership is over: forget it here and show why. `dealershipName` is
 * the dealership whose admin removed this person; null when the cloud ended the session.
 */
export async function endSession(ctx: SessionContext, saved: SavedSession, dealershipName: string | null): Promise<void> {
  if (ctx.saved !== saved) return;
  ctx.saved = null;
  ctx.access = null;
  ctx.clearTimer();
  // Removed from a dealership: end this desktop's session family too (the cloud keeps it alive otherwise).
  if (dealershipName !== null) void ctx.options.cloud.logout(saved.refreshToken).catch(() => undefined);
  await ctx.options.vault.clear().catch(() => undefined);
  ctx.revoked = {
    email: saved.user.email,
    dealershipName,
    message:
      dealershipName !== null
        ? `An admin of ${dealershipName} removed ${saved.user.email} from its team, so this computer no longer ` +
          `shows its team or shares its leads with the cloud. Your leads on this computer are still here. ` +
          `If this is a mistake, ask your admin to invite ${saved.user.email} again.`
        : `Your sign-in as ${saved.user.email} was ended by the LeadPulse cloud: an admin or a security check ` +
          `signed it out, or it expired. Your leads on this computer are still here. Sign in again to use team features.`,
  };
  ctx.options.log.warn('session.revoked', { membershipRemoved: dealershipName !== null });
  ctx.emit();
}

/** New memberships from the cloud; the chosen dealership missing from them means access ended. */
export async function applyMemberships(ctx: SessionContext, saved: SavedSession, memberships: SessionMembership[]): Promise<void> {
  const chosen = saved.memberships.find((m) => m.dealershipId === saved.dealershipId);
  if (chosen && !memberships.some((m) => m.dealershipId === chosen.dealershipId)) {
    await endSession(ctx, saved, chosen.dealershipName);
    return;
  }
  // None chosen and now only one left (or the first one): it is the one, as at sign-in.
  const dealershipId = saved.dealershipId === null && memberships.length === 1 ? memberships[0]!.dealershipId : saved.dealershipId;
  const changed = JSON.stringify(memberships) !== JSON.stringify(saved.memberships) || dealershipId !== saved.dealershipId;
  saved.memberships = memberships;
  saved.dealershipId = dealershipId;
  if (changed) {
    await ctx.persist();
    ctx.emit();
  }
}

/** A 403 on a dealership: removed from the team (access ended), or only not allowed? */
export async function checkStillMember(ctx: SessionContext, auth: BearerSource, dealership: SessionMembership): Promise<void> {
  const saved = ctx.saved;
  if (!saved) throw ctx.notSignedIn();
  const me = await ctx.options.cloud.me(auth);
  await applyMemberships(ctx, saved, membershipsOf(me));
  if (!ctx.saved) throw ctx.notSignedIn(`Your access to ${dealership.dealershipName} has ended.`);
}

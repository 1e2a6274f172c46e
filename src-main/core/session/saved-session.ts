import { z } from 'zod';
import type { MeResponse } from '@leadpulse/cloud-contract';
import { memberRole, signInProviderId, type MemberRole, type SessionMembership } from '../../../src-shared/contract/areas/session';
import type { BearerSource, CloudClient } from '../cloud/cloud-client';

/** What survives a restart, sealed in the vault. The access token is never saved. */
export const savedSession = z.object({
  v: z.literal(1),
  provider: signInProviderId,
  refreshToken: z.string().min(1),
  refreshTokenExpiresAt: z.string(),
  user: z.object({ id: z.string(), email: z.string() }),
  memberships: z.array(z.object({ dealershipId: z.string(), dealershipName: z.string(), role: memberRole })),
  dealershipId: z.string().nullable(),
});
export type SavedSession = z.infer<typeof savedSession>;

/** Session responses name no dealerships: keep the names already known ('' until filled in). */
export function mergeNames(
  memberships: readonly { dealershipId: string; role: MemberRole }[],
  known: readonly SessionMembership[],
): SessionMembership[] {
  const names = new Map(known.map((m) => [m.dealershipId, m.dealershipName]));
  return memberships.map((m) => ({ dealershipId: m.dealershipId, role: m.role, dealershipName: names.get(m.dealershipId) ?? '' }));
}

/** The memberships of a /v1/me answer, as the session keeps them. */
export function membershipsOf(me: MeResponse): SessionMembership[] {
  return me.memberships.map((m) => ({ dealershipId: m.dealershipId, dealershipName: m.dealershipName, role: m.role }));
}

/** Asks the cloud for the dealership names the saved memberships lack. */
export async function fillNames(cloud: CloudClient, auth: BearerSource, saved: SavedSession): Promise<void> {
  const me = await cloud.me(auth);
  const names = new Map(me.memberships.map((m) => [m.dealershipId, m.dealershipName]));
  saved.memberships = saved.memberships.map((m) => ({ ...m, dealershipName: names.get(m.dealershipId) ?? m.dealershipName }));
}

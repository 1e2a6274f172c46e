import type { Membership, SessionResponse } from '@leadpulse/cloud-contract';
import type { ApiServices } from '../services.js';
import type { IssuedRefreshToken } from './refresh-tokens.js';

export async function sessionResponse(
  services: ApiServices,
  user: { id: string; email: string },
  refresh: IssuedRefreshToken,
  memberships: Membership[],
): Promise<SessionResponse> {
  const access = await services.accessTokens.issue({ userId: user.id, sessionId: refresh.familyId });
  return {
    tokenType: 'Bearer',
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken: refresh.token,
    refreshTokenExpiresAt: refresh.expiresAt.toISOString(),
    user,
    memberships,
  };
}

import type { BearerSource } from '../cloud-client';
import type { CloudSessionPort } from '../cloud-port';

/** A CloudSessionPort for tests without a session: records what the calls told it. */
export function testCloudPort(auth: BearerSource): CloudSessionPort & { readonly told: string[] } {
  const told: string[] = [];
  return {
    auth,
    told,
    answered: () => void told.push('answered'),
    wentOffline: () => void told.push('offline'),
    setupProblem: () => void told.push('setup-problem'),
    sessionEnded: async () => {
      told.push('session-ended');
      return new Error('session ended');
    },
    recheckMembership: async (dealership) => {
      told.push(`recheck:${dealership.dealershipId}`);
      return dealership.role;
    },
  };
}

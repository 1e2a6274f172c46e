import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../src-shared/contract/areas/session';
import { purgeRunTrigger } from './app-core';

const SUNSET = { dealershipId: 'd1', dealershipName: 'Sunset Honda', role: 'rep' as const };
const signedIn = (o: { dealership?: typeof SUNSET | null; cloudProblem?: string; offline?: boolean } = {}): SessionState => ({
  status: 'signed-in',
  provider: 'google',
  user: { id: 'u1', email: 'riley.rep@sunsethonda.example' },
  memberships: [SUNSET],
  dealership: o.dealership === undefined ? SUNSET : o.dealership,
  offline: o.offline ?? false,
  ...(o.cloudProblem !== undefined ? { cloudProblem: o.cloudProblem } : {}),
});
const PROBLEM = 'Contact your IT team: the address must start with https://. Your leads on this computer still work.';

describe('purgeRunTrigger: when a session change runs PurgeSync at once', () => {
  it('runs on signing in to a (new) dealership, not on every change', () => {
    let runs = 0;
    const onChange = purgeRunTrigger(() => runs++);
    onChange({ status: 'restoring' });
    onChange(signedIn({ dealership: null }));
    expect(runs).toBe(0);
    onChange(signedIn());
    expect(runs).toBe(1);
    onChange(signedIn({ offline: true }));
    onChange(signedIn());
    expect(runs).toBe(1);
  });

  it('runs when the setup problem (https_required) clears after "Check again", not while it lasts', () => {
    let runs = 0;
    const onChange = purgeRunTrigger(() => runs++);
    onChange(signedIn({ cloudProblem: PROBLEM, offline: true }));
    expect(runs).toBe(1); // signed in to the dealership
    onChange(signedIn({ cloudProblem: PROBLEM, offline: true }));
    expect(runs).toBe(1);
    // The rep pressed "Check again" and the cloud now accepts this computer.
    onChange(signedIn());
    expect(runs).toBe(2);
    onChange(signedIn());
    expect(runs).toBe(2);
  });

  it('does not run when the problem clears by signing out, or with no dealership chosen', () => {
    let runs = 0;
    const onChange = purgeRunTrigger(() => runs++);
    onChange(signedIn({ dealership: null, cloudProblem: PROBLEM }));
    onChange(signedIn({ dealership: null }));
    onChange(signedIn({ dealership: null, cloudProblem: PROBLEM }));
    onChange({ status: 'signed-out', providers: [], message: null, blockedReason: null });
    expect(runs).toBe(0);
  });
});

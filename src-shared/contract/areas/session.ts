import { z } from 'zod';
import { call, event } from '../define';

// Signing in to the LeadPulse cloud (team, roles, coordination). Leads on this computer work
// without it: the session gates only the cloud features.

export const signInProviderId = z.enum(['google', 'microsoft']);
export type SignInProviderId = z.infer<typeof signInProviderId>;

export const memberRole = z.enum(['admin', 'manager', 'rep']);
export type MemberRole = z.infer<typeof memberRole>;

export const sessionMembership = z.object({
  dealershipId: z.string(),
  dealershipName: z.string(),
  role: memberRole,
});
export type SessionMembership = z.infer<typeof sessionMembership>;

export const signInProvider = z.object({
  id: signInProviderId,
  label: z.string(),
  /** False when this copy of LeadPulse has no sign-in configured for the provider. */
  available: z.boolean(),
});
export type SignInProvider = z.infer<typeof signInProvider>;

const providers = z.array(signInProvider);

export const sessionState = z.discriminatedUnion('status', [
  /** Reading the saved sign-in at start. */
  z.object({ status: z.literal('restoring') }),
  z.object({
    status: z.literal('signed-out'),
    providers,
    /** Why the last attempt failed or the session ended, written for the user; null when none. */
    message: z.string().nullable(),
    /** Set when the sign-in cannot be kept safe on this computer (no keychain): sign-in is refused. */
    blockedReason: z.string().nullable(),
  }),
  z.object({
    status: z.literal('signing-in'),
    providers,
    provider: signInProviderId,
    /** The provider's page; the browser host opens it itself when main could not. */
    signInUrl: z.string(),
  }),
  z.object({
    status: z.literal('signed-in'),
    provider: signInProviderId,
    user: z.object({ id: z.string(), email: z.string() }),
    memberships: z.array(sessionMembership),
    /** The dealership this desktop works for; null until chosen or created. */
    dealership: sessionMembership.nullable(),
    /** The cloud could not be reached at the last try; the saved sign-in is kept. */
    offline: z.boolean(),
    /**
     * Signing in again (e.g. to pick up an invitation) is waiting for the browser. This session
     * stays in use until that one completes; cancelling or a failure keeps it. Absent when none.
     */
    signingIn: z.object({ provider: signInProviderId, signInUrl: z.string() }).optional(),
    /** Why the last sign-in attempt did not complete, written for the user (this session was kept). Absent when none. */
    message: z.string().optional(),
    /**
     * The cloud refuses this computer's setup (e.g. its address is not https): written for the
     * user, says whom to contact. The session is kept and not retried by itself. Absent when none.
     */
    cloudProblem: z.string().optional(),
  }),
  z.object({
    status: z.literal('revoked'),
    email: z.string().nullable(),
    dealershipName: z.string().nullable(),
    message: z.string(),
  }),
]);
export type SessionState = z.infer<typeof sessionState>;

export const sessionCalls = {
  'session.getState': call({
    summary: 'Whether this desktop is signed in to the LeadPulse cloud, as whom, for which dealership.',
    args: z.object({}).strict(),
    result: sessionState,
  }),
  'session.signIn': call({
    summary: 'Start signing in with Google or Microsoft in the system browser; the result comes as session.changed.',
    args: z
      .object({
        provider: signInProviderId,
        /** Pre-fills the account at the provider (OpenID Connect login_hint). */
        email: z.email().max(320).optional(),
      })
      .strict(),
    result: z.object({
      signInUrl: z.string(),
      /** False in the browser host: the page opens signInUrl itself. */
      opened: z.boolean(),
    }),
  }),
  'session.cancelSignIn': call({
    summary: 'Stop waiting for the browser sign-in.',
    args: z.object({}).strict(),
    result: sessionState,
  }),
  'session.createDealership': call({
    summary: 'Create a dealership in the cloud; the signed-in person becomes its admin.',
    args: z.object({ name: z.string().trim().min(1).max(200) }).strict(),
    result: sessionState,
  }),
  'session.selectDealership': call({
    summary: 'Choose which of the person’s dealerships this desktop works for.',
    args: z.object({ dealershipId: z.string().min(1).max(64) }).strict(),
    result: sessionState,
  }),
  'session.refresh': call({
    summary: 'Ask the cloud again which dealerships the person belongs to.',
    args: z.object({}).strict(),
    result: sessionState,
  }),
  'session.signOut': call({
    summary: 'End the cloud session on this computer (also leaves the revoked screen).',
    args: z.object({}).strict(),
    result: sessionState,
  }),
} as const;

export const sessionEvents = {
  'session.changed': event({
    summary: 'Signed in or out, dealership chosen, or access ended.',
    payload: sessionState,
  }),
} as const;

import type {
  MemberRole,
  SessionState,
  SignInProviderId,
  TeamInvitation,
  TeamInviteOutcome,
  TeamMember,
} from '../../../src-shared/contract/areas/session';
import type { BearerSource } from './cloud-client';
import { DealershipSetup } from './dealership-setup';
import { savedSession } from './saved-session';
import { SessionContext, type SessionServiceOptions } from './session-context';
import { SignInFlow } from './sign-in-flow';
import { signOut } from './sign-out';
import { TeamAdmin } from './team-admin';
import { TokenRefresher } from './token-refresh';

export type { SessionServiceOptions } from './session-context';

/**
 * The desktop's cloud session: interactive sign-in, the sealed refresh token, the access
 * token in memory only, silent refresh before expiry and once after a 401, and the clear
 * end when the cloud says the session or the membership is gone.
 *
 * The parts live beside it: sign-in-flow, token-refresh, dealership-setup, team-admin,
 * access-ended, cloud-call; their shared state is a SessionContext.
 */
export class SessionService implements BearerSource {
  private readonly ctx: SessionContext;
  private readonly tokens: TokenRefresher;
  private readonly flow: SignInFlow;
  private readonly dealerships: DealershipSetup;
  private readonly team: TeamAdmin;
  private unsubscribe: (() => void) | null = null;

  constructor(options: SessionServiceOptions) {
    this.ctx = new SessionContext(options);
    this.tokens = new TokenRefresher(this.ctx);
    this.flow = new SignInFlow(this.ctx, this.tokens);
    this.dealerships = new DealershipSetup(this.ctx, this.tokens);
    this.team = new TeamAdmin(this.ctx, this.tokens);
  }

  state(): SessionState {
    return this.ctx.state();
  }

  // ---- lifecycle --------------------------------------------------------------------------

  /** Reads the sealed session (if any) and refreshes it in the background. */
  async start(): Promise<void> {
    const ctx = this.ctx;
    try {
      ctx.blockedReason = await ctx.options.vault.unavailableReason();
      if (ctx.blockedReason === null) {
        const text = await ctx.options.vault.load();
        const parsed = text === null ? null : savedSession.safeParse(JSON.parse(text));
        if (parsed?.success) {
          if (Date.parse(parsed.data.refreshTokenExpiresAt) > ctx.now()) ctx.saved = parsed.data;
          else ctx.message = 'Your sign-in expired. Sign in again to use team features.';
        }
      }
    } catch (error) {
      ctx.options.log.warn('session.restore-failed', { error: error instanceof Error ? error.name : typeof error });
    }
    ctx.restoring = false;
    ctx.emit();
    this.unsubscribe ??= ctx.options.connectivity?.subscribe((status) => {
      if (status.online) this.tokens.reconnected();
    }) ?? null;
    if (ctx.saved) void this.tokens.refreshQuietly();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.ctx.stopped = true;
    this.ctx.clearTimer();
    void this.tokens.stop();
    this.ctx.flow?.started.cancel();
    this.ctx.flow = null;
  }

  // ---- sign-in and out ----------------------------------------------------------------------

  signIn(provider: SignInProviderId, email?: string): Promise<{ signInUrl: string; opened: boolean }> {
    return this.flow.start(provider, email);
  }

  cancelSignIn(): SessionState {
    return this.flow.cancel();
  }

  signOut(): Promise<SessionState> {
    return signOut(this.ctx);
  }

  // ---- dealership setup ---------------------------------------------------------------------

  createDealership(name: string): Promise<SessionState> {
    return this.dealerships.create(name);
  }

  selectDealership(dealershipId: string): Promise<SessionState> {
    return this.dealerships.select(dealershipId);
  }

  /** Asks the cloud again who the person is and where they are a member. */
  refresh(): Promise<SessionState> {
    return this.dealerships.refresh();
  }

  // ---- team management (admins; the cloud decides who may) -------------------------------------

  listMembers(): Promise<{ members: TeamMember[] }> {
    return this.team.listMembers();
  }

  invite(email: string, role: MemberRole, replaceRole = false): Promise<TeamInviteOutcome> {
    return this.team.invite(email, role, replaceRole);
  }

  listInvitations(): Promise<{ invitations: TeamInvitation[] }> {
    return this.team.listInvitations();
  }

  revokeInvitation(invitationId: string): Promise<Record<string, never>> {
    return this.team.revokeInvitation(invitationId);
  }

  changeRole(userId: string, role: MemberRole): Promise<TeamMember> {
    return this.team.changeRole(userId, role);
  }

  removeMember(userId: string): Promise<Record<string, never>> {
    return this.team.removeMember(userId);
  }

  // ---- the bearer token -------------------------------------------------------------------

  accessToken(): Promise<string> {
    return this.tokens.accessToken();
  }

  afterUnauthorized(rejectedToken: string): Promise<string | null> {
    return this.tokens.afterUnauthorized(rejectedToken);
  }
}

import type { SessionState, SignInProviderId } from '../../../src-shared/contract/areas/session';
import type { BearerSource } from '../cloud/cloud-client';
import { DealershipSetup } from './dealership-setup';
import { savedSession } from './saved-session';
import { SessionContext, type SessionServiceOptions } from './session-context';
import { SignInFlow } from './sign-in-flow';
import { signOut } from './sign-out';
import type { TeamSession } from '../team/team-admin';
import type { CloudSessionPort } from '../cloud/cloud-port';
import { sessionCloudPort } from './session-cloud-port';
import { applyMemberships } from './access-ended';
import { TokenRefresher } from './token-refresh';

export type { SessionServiceOptions } from './session-context';

/**
 * The desktop's cloud session: interactive sign-in, the sealed refresh token, the access
 * token in memory only, silent refresh before expiry and once after a 401, and the clear
 * end when the cloud says the session or the membership is gone.
 *
 * The parts live beside it: sign-in-flow, token-refresh, dealership-setup, access-ended,
 * session-cloud-port; their shared state is a SessionContext. Team administration is in
 * core/team and reaches the cloud through cloudPort() like every other caller.
 */
export class SessionService implements BearerSource {
  private readonly ctx: SessionContext;
  private readonly tokens: TokenRefresher;
  private readonly flow: SignInFlow;
  private readonly dealerships: DealershipSetup;
  private readonly port: CloudSessionPort;
  private unsubscribe: (() => void) | null = null;

  constructor(options: SessionServiceOptions) {
    this.ctx = new SessionContext(options);
    this.tokens = new TokenRefresher(this.ctx);
    this.flow = new SignInFlow(this.ctx, this.tokens);
    this.dealerships = new DealershipSetup(this.ctx, this.tokens);
    this.port = sessionCloudPort(this.ctx, this.tokens);
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

  // ---- for the cloud's other callers (team administration, purge sync) ---------------------

  /** The session's side of an authenticated cloud call: offline, setup problem, ended, membership re-check. */
  cloudPort(): CloudSessionPort {
    return this.port;
  }

  /** Who is signed in, for which dealership, as team administration needs it. */
  teamSession(): TeamSession {
    const ctx = this.ctx;
    return {
      dealership: () => ctx.requireDealership(),
      userId: () => ctx.requireSignedIn().user.id,
      async ownRoleChanged(dealershipId, role) {
        const saved = ctx.saved;
        if (!saved) return;
        await applyMemberships(ctx, saved, saved.memberships.map((m) => (m.dealershipId === dealershipId ? { ...m, role } : m)));
      },
    };
  }

  // ---- the bearer token -------------------------------------------------------------------

  accessToken(): Promise<string> {
    return this.tokens.accessToken();
  }

  afterUnauthorized(rejectedToken: string): Promise<string | null> {
    return this.tokens.afterUnauthorized(rejectedToken);
  }
}

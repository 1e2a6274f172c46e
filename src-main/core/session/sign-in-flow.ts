import type { SessionResponse } from '@leadpulse/cloud-contract';
import type { SessionState, SignInProviderId } from '../../../src-shared/contract/areas/session';
import { UserFacingError } from '../ipc/dispatcher';
import { toSignInPageUrl } from '../platform/sign-in-url';
import { CloudHttpError, CloudUnreachableError, HTTPS_REQUIRED_MESSAGE, isHttpsRequired } from '../cloud/errors';
import { SignInError } from './errors';
import { startInteractiveSignIn } from './oidc-sign-in';
import type { BearerSource } from '../cloud/cloud-client';
import { fillNames, mergeNames, type SavedSession } from './saved-session';
import { PROVIDER_LABELS, type PendingFlow, type SessionContext } from './session-context';
import type { TokenRefresher } from './token-refresh';

/**
 * Interactive sign-in: the provider's page in the system browser, the loopback redirect, then
 * the ID token traded with the cloud for a session, sealed in the vault.
 */
export class SignInFlow {
  constructor(
    private readonly ctx: SessionContext,
    private readonly tokens: TokenRefresher,
  ) {}

  async start(provider: SignInProviderId, email?: string): Promise<{ signInUrl: string; opened: boolean }> {
    const ctx = this.ctx;
    const label = PROVIDER_LABELS[provider];
    const issuer = ctx.options.oidc[provider];
    if (!issuer) {
      throw new SignInError('not-available', `Signing in with ${label} is not set up in this copy of LeadPulse. Ask your IT team.`);
    }
    ctx.blockedReason = await ctx.options.vault.unavailableReason();
    if (ctx.blockedReason !== null) {
      ctx.emit();
      throw new SignInError('not-available', ctx.blockedReason);
    }
    ctx.flow?.started.cancel();
    ctx.flow = null;
    const started = await startInteractiveSignIn({
      issuer,
      providerLabel: label,
      loginHint: email,
      timeoutMs: ctx.options.signInTimeoutMs,
    });
    const url = toSignInPageUrl(started.authorizationUrl, started.authorizationEndpoint);
    if (url === null) {
      started.cancel();
      throw new SignInError('provider-misconfigured', `${label} sign-in is not set up correctly on this computer. Ask your IT team.`);
    }
    const flow: PendingFlow = { provider, started, url };
    ctx.flow = flow;
    ctx.revoked = null;
    ctx.message = null;
    ctx.emit();
    ctx.options.log.info('session.sign-in-started', { provider });
    void this.complete(flow);
    const opened = await ctx.options.platform.openSignInPage(url).catch(() => false);
    return { signInUrl: url, opened };
  }

  cancel(): SessionState {
    const ctx = this.ctx;
    const flow = ctx.flow;
    ctx.flow = null;
    flow?.started.cancel();
    ctx.emit();
    return ctx.state();
  }

  private async complete(flow: PendingFlow): Promise<void> {
    const ctx = this.ctx;
    const label = PROVIDER_LABELS[flow.provider];
    try {
      const { idToken } = await flow.started.result;
      if (ctx.flow !== flow) return;
      let response: SessionResponse;
      try {
        response = await ctx.options.cloud.signInWithIdToken(idToken);
      } catch (error) {
        if (error instanceof CloudHttpError && error.status === 401) {
          throw new SignInError(
            'cloud-refused',
            `LeadPulse did not accept this ${label} account. Use your work account (its email must be verified), ` +
              `or ask your IT team whether ${label} sign-in is set up for LeadPulse.`,
          );
        }
        if (isHttpsRequired(error)) throw new SignInError('cloud-refused', HTTPS_REQUIRED_MESSAGE, { cause: error });
        if (error instanceof CloudHttpError && error.status === 429) {
          throw new SignInError('cloud-refused', 'Too many sign-in attempts from this computer. Wait a minute and try again.');
        }
        // The provider said yes, but the cloud could not take it: say which half failed.
        if (error instanceof CloudUnreachableError || (error instanceof CloudHttpError && error.status >= 500)) {
          throw new SignInError(
            'cloud-unreachable',
            `You signed in with ${label}, but LeadPulse could not reach its cloud service to finish. ` +
              'Check the connection and try again; your leads on this computer still work.',
            { cause: error },
          );
        }
        throw error;
      }
      if (ctx.flow !== flow) {
        void ctx.options.cloud.logout(response.refreshToken).catch(() => undefined);
        return;
      }
      const next: SavedSession = {
        v: 1,
        provider: flow.provider,
        refreshToken: response.refreshToken,
        refreshTokenExpiresAt: response.refreshTokenExpiresAt,
        user: response.user,
        memberships: mergeNames(response.memberships, ctx.saved?.user.id === response.user.id ? ctx.saved.memberships : []),
        dealershipId: null,
      };
      // The names come with the new session's own token: the session in use (if any) stays the
      // one shown and used until the new one is complete and sealed.
      const own: BearerSource = { accessToken: async () => response.accessToken, afterUnauthorized: async () => null };
      await fillNames(ctx.options.cloud, own, next).catch(() => undefined);
      if (ctx.flow !== flow) {
        void ctx.options.cloud.logout(response.refreshToken).catch(() => undefined);
        return;
      }
      const previous = ctx.saved;
      const keep = previous?.user.id === response.user.id ? previous.dealershipId : null;
      next.dealershipId = next.memberships.some((m) => m.dealershipId === keep)
        ? keep
        : next.memberships.length === 1
          ? next.memberships[0]!.dealershipId
          : null;
      await ctx.persist(next);
      ctx.saved = next;
      this.tokens.adopt(response);
      if (previous) void ctx.options.cloud.logout(previous.refreshToken).catch(() => undefined);
      ctx.flow = null;
      ctx.revoked = null;
      ctx.message = null;
      ctx.cloudProblem = null;
      ctx.offline = false;
      ctx.options.log.info('session.signed-in', { provider: flow.provider, memberships: next.memberships.length });
      ctx.emit();
    } catch (error) {
      if (ctx.flow !== flow) return;
      ctx.flow = null;
      ctx.message =
        error instanceof UserFacingError ? error.message : `Signing in with ${label} did not work. Try again.`;
      ctx.options.log.warn('session.sign-in-failed', {
        provider: flow.provider,
        code: error instanceof SignInError ? error.code : error instanceof Error ? error.name : typeof error,
      });
      ctx.emit();
    }
  }
}

import type { SessionResponse } from '../../../cloud-api/src/api-schemas';
import { applyMemberships, endSession } from './access-ended';
import type { BearerSource } from './cloud-client';
import { UserFacingError } from '../ipc/dispatcher';
import { CloudHttpError, CloudUnreachableError, HTTPS_REQUIRED_MESSAGE, isHttpsRequired } from './errors';
import { fillNames, mergeNames } from './saved-session';
import type { SessionContext } from './session-context';

/**
 * The bearer token: kept in memory only, refreshed silently before it expires and once after
 * a 401. The refresh token rotates on every refresh and is sealed again each time.
 */
export class TokenRefresher implements BearerSource {
  private refreshing: Promise<string | null> | null = null;
  /** Background refreshes failed in a row; sets the wait before the next retry. */
  private failures = 0;

  constructor(private readonly ctx: SessionContext) {}

  async accessToken(): Promise<string> {
    const ctx = this.ctx;
    if (!ctx.saved) throw ctx.notSignedIn();
    if (ctx.access && ctx.now() < ctx.access.refreshAt) return ctx.access.token;
    const token = await this.refreshSession();
    if (token === null) throw ctx.notSignedIn();
    return token;
  }

  async afterUnauthorized(rejectedToken: string): Promise<string | null> {
    const ctx = this.ctx;
    if (!ctx.saved) return null;
    // Someone else refreshed meanwhile: use theirs rather than rotating again.
    if (ctx.access && ctx.access.token !== rejectedToken) return ctx.access.token;
    ctx.access = null;
    return this.refreshSession();
  }

  /** Takes the access token of a fresh session response and schedules its refresh. */
  adopt(response: SessionResponse): void {
    const ctx = this.ctx;
    const expiresAt = Date.parse(response.accessTokenExpiresAt);
    // A minute before expiry by default, but never before half-way through a short-lived token.
    const lifetime = expiresAt - ctx.now();
    const margin = ctx.options.refreshMarginMs !== undefined
      ? Math.min(ctx.options.refreshMarginMs, lifetime - 1_000)
      : Math.min(60_000, lifetime / 2);
    ctx.access = { token: response.accessToken, expiresAt, refreshAt: expiresAt - margin };
    this.failures = 0;
    this.scheduleRefresh();
  }

  /**
   * Background refresh: offline keeps the saved session and tries again later, soon at first
   * (1 s, 2 s, 4 s…) and then at most every 30 s, or at once when the cloud answers again.
   * Each wait is jittered down to as little as half of that.
   */
  async refreshQuietly(): Promise<void> {
    const ctx = this.ctx;
    if (ctx.stopped || !ctx.saved) return;
    try {
      ctx.access = null;
      await this.refreshSession();
    } catch (error) {
      ctx.options.log.warn('session.refresh-failed', { error: error instanceof Error ? error.name : typeof error });
      ctx.clearTimer();
      // The cloud refuses this computer's setup: retrying cannot help; the rep was told whom to contact.
      if (ctx.stopped || !ctx.saved || ctx.cloudProblem !== null) return;
      const first = ctx.options.retryMs ?? 1_000;
      const ceiling = Math.min(first * 2 ** Math.min(this.failures, 20), Math.max(first, ctx.options.retryMaxMs ?? 30_000));
      // Equal jitter: at least half the backoff, the rest at random, so the desktops an outage
      // knocked off together do not all come back at the same moments.
      const random = Math.min(Math.max((ctx.options.random ?? Math.random)(), 0), 1);
      const wait = ceiling / 2 + (ceiling / 2) * random;
      this.failures++;
      ctx.setTimer(() => void this.refreshQuietly(), wait);
    }
  }

  /** The cloud answers again: a refresh that failed (or a call that found it offline) is retried now. */
  reconnected(): void {
    const ctx = this.ctx;
    if (ctx.stopped || !ctx.saved || ctx.cloudProblem !== null || (this.failures === 0 && !ctx.offline)) return;
    ctx.clearTimer();
    void this.refreshQuietly();
  }

  /** One refresh at a time: a refresh token is single use, and a reused one ends the session. */
  private refreshSession(): Promise<string | null> {
    this.refreshing ??= this.rotate().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async rotate(): Promise<string | null> {
    const ctx = this.ctx;
    const saved = ctx.saved;
    if (!saved) return null;
    let response: SessionResponse;
    try {
      response = await ctx.options.cloud.refresh(saved.refreshToken);
    } catch (error) {
      // Only the cloud's own 401 ends the session (refused, reused, expired or signed out
      // elsewhere). Anything else keeps the sealed session and tries again later.
      if (error instanceof CloudHttpError && error.status === 401) {
        await endSession(ctx, saved, null);
        return null;
      }
      if (error instanceof CloudUnreachableError) ctx.setOffline(true);
      // A setup problem, not the session's: keep the sealed session, say whom to contact.
      if (isHttpsRequired(error)) {
        ctx.options.log.warn('session.cloud-refuses-setup', { code: error.code });
        ctx.setCloudProblem(HTTPS_REQUIRED_MESSAGE);
        throw new UserFacingError(HTTPS_REQUIRED_MESSAGE, { cause: error });
      }
      throw error;
    }
    if (ctx.saved !== saved) {
      void ctx.options.cloud.logout(response.refreshToken).catch(() => undefined);
      return null;
    }
    saved.refreshToken = response.refreshToken;
    saved.refreshTokenExpiresAt = response.refreshTokenExpiresAt;
    saved.user = response.user;
    this.adopt(response);
    await ctx.persist();
    ctx.setCloudProblem(null);
    ctx.setOffline(false);
    await applyMemberships(ctx, saved, mergeNames(response.memberships, saved.memberships));
    if (saved.memberships.some((m) => m.dealershipName === '')) {
      void fillNames(ctx.options.cloud, this, saved).then(() => ctx.persist()).then(() => ctx.emit()).catch(() => undefined);
    }
    return ctx.saved === saved ? (ctx.access?.token ?? null) : null;
  }

  private scheduleRefresh(): void {
    const ctx = this.ctx;
    ctx.clearTimer();
    if (ctx.stopped || !ctx.access) return;
    ctx.setTimer(() => void this.refreshQuietly(), Math.max(ctx.access.refreshAt - ctx.now(), 1_000));
  }
}

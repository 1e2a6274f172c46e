import type { SessionResponse } from '@leadpulse/cloud-contract';
import { applyMemberships, endSession } from './access-ended';
import type { BearerSource } from '../cloud/cloud-client';
import { UserFacingError } from '../ipc/dispatcher';
import { CloudHttpError, CloudUnreachableError, HTTPS_REQUIRED_MESSAGE, isHttpsRequired } from '../cloud/errors';
import { fillNames, mergeNames } from './saved-session';
import type { SessionContext } from './session-context';
import { PeriodicTask } from '../tasks/periodic-task';

/**
 * The bearer token: kept in memory only, refreshed silently before it expires and once after
 * a 401. The refresh token rotates on every refresh and is sealed again each time.
 */
export class TokenRefresher implements BearerSource {
  private refreshing: Promise<string | null> | null = null;
  /** The background refresh: due a little before expiry, retried with backoff while it fails. */
  private readonly task: PeriodicTask<'retry-pointless' | 'done'>;

  constructor(private readonly ctx: SessionContext) {
    const first = ctx.options.retryMs ?? 1_000;
    const random = ctx.options.random ?? Math.random;
    this.task = new PeriodicTask({
      name: 'session-refresh',
      clock: ctx.clock,
      intervalMs: 0, // unused: each success names the next refresh time (nextDelayMs)
      runAtStart: false,
      // 1 s, 2 s, 4 s… up to 30 s; each wait between half and all of that (equal jitter), so
      // the desktops an outage knocked off together do not all come back at the same moments.
      backoff: { baseMs: first, maxMs: Math.max(first, ctx.options.retryMaxMs ?? 30_000), jitter: 0.5 },
      // random() at 0 waits half the backoff, at 1 all of it.
      random: () => 1 - Math.min(Math.max(random(), 0), 1),
      run: () => this.refreshInBackground(),
      nextDelayMs: (outcome) => (outcome === 'retry-pointless' ? null : this.untilRefresh()),
    });
    ctx.refreshSchedule = this.task;
    // Started at once (nothing runs until a token names its refresh time): a sign-in may come
    // before the service's start().
    this.task.start();
  }

  /** Ends the background schedule, waiting for a refresh in flight (the service's stop). */
  stop(): Promise<void> {
    return this.task.stop();
  }

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
    const next = this.untilRefresh();
    if (next !== null) this.task.runIn(next);
  }

  /**
   * Background refresh now (at start, and when a retry is due): offline keeps the saved
   * session and the task tries again later with backoff, or at once when the cloud answers again.
   */
  refreshQuietly(): Promise<void> {
    return this.task.runNow().then(
      () => undefined,
      () => undefined,
    );
  }

  private async refreshInBackground(): Promise<'retry-pointless' | 'done'> {
    const ctx = this.ctx;
    if (ctx.stopped || !ctx.saved) return 'retry-pointless';
    try {
      ctx.access = null;
      await this.refreshSession();
      return 'done';
    } catch (error) {
      ctx.options.log.warn('session.refresh-failed', { error: error instanceof Error ? error.name : typeof error });
      // The cloud refuses this computer's setup: retrying cannot help; the rep was told whom to contact.
      if (ctx.stopped || !ctx.saved || ctx.cloudProblem !== null) return 'retry-pointless';
      throw error;
    }
  }

  /** The cloud answers again: a refresh that failed (or a call that found it offline) is retried now. */
  reconnected(): void {
    const ctx = this.ctx;
    if (ctx.stopped || !ctx.saved || ctx.cloudProblem !== null || (this.task.status().failures === 0 && !ctx.offline)) return;
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

  /** How long until the token in use should be refreshed; null when there is none. */
  private untilRefresh(): number | null {
    const ctx = this.ctx;
    if (ctx.stopped || !ctx.access) return null;
    return Math.max(ctx.access.refreshAt - ctx.now(), 1_000);
  }
}

import { z } from 'zod';
import type { SessionResponse } from '../../../cloud-api/src/api-schemas';
import {
  memberRole,
  signInProviderId,
  type SessionMembership,
  type SessionState,
  type SignInProvider,
  type SignInProviderId,
  type TeamInvitation,
  type TeamMember,
} from '../../../src-shared/contract/areas/session';
import type { DesktopConfig } from '../config/desktop-config';
import { UserFacingError } from '../ipc/dispatcher';
import type { Logger } from '../log/logger';
import type { Platform } from '../platform/platform';
import { toSignInPageUrl } from '../platform/sign-in-url';
import type { BearerSource, CloudClient } from './cloud-client';
import { CloudHttpError, CloudUnreachableError, NotSignedInError, SignInError } from './errors';
import { startInteractiveSignIn, type StartedSignIn } from './oidc-sign-in';
import type { SessionVault } from './session-vault';

const PROVIDER_LABELS: Record<SignInProviderId, string> = { google: 'Google', microsoft: 'Microsoft' };

/** What survives a restart, sealed in the vault. The access token is never saved. */
const savedSession = z.object({
  v: z.literal(1),
  provider: signInProviderId,
  refreshToken: z.string().min(1),
  refreshTokenExpiresAt: z.string(),
  user: z.object({ id: z.string(), email: z.string() }),
  memberships: z.array(z.object({ dealershipId: z.string(), dealershipName: z.string(), role: memberRole })),
  dealershipId: z.string().nullable(),
});
type SavedSession = z.infer<typeof savedSession>;

export interface SessionServiceOptions {
  readonly oidc: DesktopConfig['oidc'];
  readonly cloud: CloudClient;
  readonly vault: SessionVault;
  readonly platform: Pick<Platform, 'openSignInPage'>;
  readonly log: Logger;
  readonly onChange: (state: SessionState) => void;
  readonly now?: () => number;
  /** Refresh when the access token has less than this left. Default 60 s (at most half its life). */
  readonly refreshMarginMs?: number;
  /** Retry after the cloud could not be reached. Default 30 s. */
  readonly retryMs?: number;
  readonly signInTimeoutMs?: number;
}

interface PendingFlow {
  readonly provider: SignInProviderId;
  readonly started: StartedSignIn;
  readonly url: string;
}

interface Revoked {
  readonly email: string | null;
  readonly dealershipName: string | null;
  readonly message: string;
}

/**
 * The desktop's cloud session: interactive sign-in, the sealed refresh token, the access
 * token in memory only, silent refresh before expiry and once after a 401, and the clear
 * end when the cloud says the session or the membership is gone.
 */
export class SessionService implements BearerSource {
  private restoring = true;
  private saved: SavedSession | null = null;
  private access: { token: string; expiresAt: number; refreshAt: number } | null = null;
  private flow: PendingFlow | null = null;
  private revoked: Revoked | null = null;
  private message: string | null = null;
  private blockedReason: string | null = null;
  private offline = false;
  private refreshing: Promise<string | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: SessionServiceOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  // ---- state ------------------------------------------------------------------------------

  state(): SessionState {
    if (this.restoring) return { status: 'restoring' };
    if (this.flow) {
      return { status: 'signing-in', providers: this.providers(), provider: this.flow.provider, signInUrl: this.flow.url };
    }
    if (this.revoked) return { status: 'revoked', ...this.revoked };
    if (this.saved) {
      const s = this.saved;
      return {
        status: 'signed-in',
        provider: s.provider,
        user: s.user,
        memberships: s.memberships,
        dealership: s.memberships.find((m) => m.dealershipId === s.dealershipId) ?? null,
        offline: this.offline,
      };
    }
    return { status: 'signed-out', providers: this.providers(), message: this.message, blockedReason: this.blockedReason };
  }

  private providers(): SignInProvider[] {
    return signInProviderId.options.map((id) => ({ id, label: PROVIDER_LABELS[id], available: this.options.oidc[id] !== null }));
  }

  private emit(): void {
    this.options.onChange(this.state());
  }

  // ---- lifecycle --------------------------------------------------------------------------

  /** Reads the sealed session (if any) and refreshes it in the background. */
  async start(): Promise<void> {
    try {
      this.blockedReason = await this.options.vault.unavailableReason();
      if (this.blockedReason === null) {
        const text = await this.options.vault.load();
        const parsed = text === null ? null : savedSession.safeParse(JSON.parse(text));
        if (parsed?.success) {
          if (Date.parse(parsed.data.refreshTokenExpiresAt) > this.now()) this.saved = parsed.data;
          else this.message = 'Your sign-in expired. Sign in again to use team features.';
        }
      }
    } catch (error) {
      this.options.log.warn('session.restore-failed', { error: error instanceof Error ? error.name : typeof error });
    }
    this.restoring = false;
    this.emit();
    if (this.saved) void this.refreshQuietly();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.flow?.started.cancel();
    this.flow = null;
  }

  // ---- sign-in ----------------------------------------------------------------------------

  async signIn(provider: SignInProviderId, email?: string): Promise<{ signInUrl: string; opened: boolean }> {
    const label = PROVIDER_LABELS[provider];
    const issuer = this.options.oidc[provider];
    if (!issuer) {
      throw new SignInError('not-available', `Signing in with ${label} is not set up in this copy of LeadPulse. Ask your IT team.`);
    }
    this.blockedReason = await this.options.vault.unavailableReason();
    if (this.blockedReason !== null) {
      this.emit();
      throw new SignInError('not-available', this.blockedReason);
    }
    this.flow?.started.cancel();
    this.flow = null;
    const started = await startInteractiveSignIn({
      issuer,
      providerLabel: label,
      loginHint: email,
      timeoutMs: this.options.signInTimeoutMs,
    });
    const url = toSignInPageUrl(started.authorizationUrl, started.authorizationEndpoint);
    if (url === null) {
      started.cancel();
      throw new SignInError('provider-misconfigured', `${label} sign-in is not set up correctly on this computer. Ask your IT team.`);
    }
    const flow: PendingFlow = { provider, started, url };
    this.flow = flow;
    this.revoked = null;
    this.message = null;
    this.emit();
    this.options.log.info('session.sign-in-started', { provider });
    void this.completeSignIn(flow);
    const opened = await this.options.platform.openSignInPage(url).catch(() => false);
    return { signInUrl: url, opened };
  }

  cancelSignIn(): SessionState {
    const flow = this.flow;
    this.flow = null;
    flow?.started.cancel();
    this.emit();
    return this.state();
  }

  private async completeSignIn(flow: PendingFlow): Promise<void> {
    const label = PROVIDER_LABELS[flow.provider];
    try {
      const { idToken } = await flow.started.result;
      if (this.flow !== flow) return;
      let response: SessionResponse;
      try {
        response = await this.options.cloud.signInWithIdToken(idToken);
      } catch (error) {
        if (error instanceof CloudHttpError && error.status === 401) {
          throw new SignInError(
            'cloud-refused',
            `LeadPulse did not accept this ${label} account. Use your work account (its email must be verified), ` +
              `or ask your IT team whether ${label} sign-in is set up for LeadPulse.`,
          );
        }
        if (error instanceof CloudHttpError && error.status === 429) {
          throw new SignInError('cloud-refused', 'Too many sign-in attempts from this computer. Wait a minute and try again.');
        }
        throw error;
      }
      if (this.flow !== flow) {
        void this.options.cloud.logout(response.refreshToken).catch(() => undefined);
        return;
      }
      const previous = this.saved;
      const known = previous?.user.id === response.user.id ? previous.memberships : [];
      this.adoptTokens(response);
      const next: SavedSession = {
        v: 1,
        provider: flow.provider,
        refreshToken: response.refreshToken,
        refreshTokenExpiresAt: response.refreshTokenExpiresAt,
        user: response.user,
        memberships: mergeNames(response.memberships, known),
        dealershipId: null,
      };
      this.saved = next;
      await this.fillNames(next).catch(() => undefined);
      const keep = previous?.user.id === response.user.id ? previous.dealershipId : null;
      next.dealershipId = next.memberships.some((m) => m.dealershipId === keep)
        ? keep
        : next.memberships.length === 1
          ? next.memberships[0]!.dealershipId
          : null;
      await this.persist();
      if (previous) void this.options.cloud.logout(previous.refreshToken).catch(() => undefined);
      this.flow = null;
      this.revoked = null;
      this.offline = false;
      this.options.log.info('session.signed-in', { provider: flow.provider, memberships: next.memberships.length });
      this.emit();
    } catch (error) {
      if (this.flow !== flow) return;
      this.flow = null;
      this.message =
        error instanceof UserFacingError ? error.message : `Signing in with ${label} did not work. Try again.`;
      this.options.log.warn('session.sign-in-failed', {
        provider: flow.provider,
        code: error instanceof SignInError ? error.code : error instanceof Error ? error.name : typeof error,
      });
      this.emit();
    }
  }

  // ---- dealership setup ---------------------------------------------------------------------

  async createDealership(name: string): Promise<SessionState> {
    const saved = this.requireSignedIn();
    const created = await this.cloudCall(() => this.options.cloud.createDealership(this, name));
    if (this.saved !== saved) return this.state();
    saved.memberships = [
      ...saved.memberships.filter((m) => m.dealershipId !== created.id),
      { dealershipId: created.id, dealershipName: created.name, role: created.role },
    ];
    saved.dealershipId = created.id;
    await this.persist();
    this.emit();
    return this.state();
  }

  async selectDealership(dealershipId: string): Promise<SessionState> {
    const saved = this.requireSignedIn();
    if (!saved.memberships.some((m) => m.dealershipId === dealershipId)) {
      throw new UserFacingError('You are not a member of that dealership. Ask its admin to invite you.');
    }
    saved.dealershipId = dealershipId;
    await this.persist();
    this.emit();
    return this.state();
  }

  /** Asks the cloud again who the person is and where they are a member. */
  async refresh(): Promise<SessionState> {
    const saved = this.requireSignedIn();
    const me = await this.cloudCall(() => this.options.cloud.me(this));
    if (this.saved !== saved) return this.state();
    await this.applyMemberships(
      saved,
      me.memberships.map((m) => ({ dealershipId: m.dealershipId, dealershipName: m.dealershipName, role: m.role })),
    );
    return this.state();
  }

  async listMembers(): Promise<{ members: TeamMember[] }> {
    const saved = this.requireSignedIn();
    const dealership = saved.memberships.find((m) => m.dealershipId === saved.dealershipId);
    if (!dealership) throw new UserFacingError('Choose a dealership first.');
    return this.cloudCall(() => this.options.cloud.listMembers(this, dealership.dealershipId), dealership);
  }

  // ---- team management (admins; the cloud decides who may) -------------------------------------

  async invite(email: string, role: z.infer<typeof memberRole>): Promise<TeamInvitation> {
    const dealership = this.requireDealership();
    return this.cloudCall(() => this.options.cloud.invite(this, dealership.dealershipId, { email, role }), dealership, (error) => {
      if (error.code === 'already_member') return `${email} is already a member of ${dealership.dealershipName}.`;
      return null;
    });
  }

  async listInvitations(): Promise<{ invitations: TeamInvitation[] }> {
    const dealership = this.requireDealership();
    return this.cloudCall(() => this.options.cloud.listInvitations(this, dealership.dealershipId), dealership);
  }

  async changeRole(userId: string, role: z.infer<typeof memberRole>): Promise<TeamMember> {
    const saved = this.requireSignedIn();
    const dealership = this.requireDealership();
    const member = await this.cloudCall(
      () => this.options.cloud.changeRole(this, dealership.dealershipId, userId, { role }),
      dealership,
      (error) => this.memberRefusal(error, dealership),
    );
    // Changing one's own role: the session shows the new role at once.
    if (userId === saved.user.id && this.saved === saved) {
      await this.applyMemberships(
        saved,
        saved.memberships.map((m) => (m.dealershipId === dealership.dealershipId ? { ...m, role: member.role } : m)),
      );
    }
    return member;
  }

  async removeMember(userId: string): Promise<Record<string, never>> {
    const dealership = this.requireDealership();
    await this.cloudCall(
      () => this.options.cloud.removeMember(this, dealership.dealershipId, userId),
      dealership,
      (error) => this.memberRefusal(error, dealership),
    );
    return {};
  }

  private memberRefusal(error: CloudHttpError, dealership: SessionMembership): string | null {
    if (error.status === 409 && error.code === 'last_admin') {
      return `${dealership.dealershipName} needs at least one admin. Make someone else an admin first.`;
    }
    if (error.status === 404) return 'That person is no longer on the team. Refresh the list.';
    return null;
  }

  async signOut(): Promise<SessionState> {
    const flow = this.flow;
    this.flow = null;
    flow?.started.cancel();
    const saved = this.saved;
    this.saved = null;
    this.access = null;
    this.revoked = null;
    this.message = null;
    this.clearTimer();
    if (saved) {
      // Best effort, briefly: signing out must work offline too.
      await Promise.race([
        this.options.cloud.logout(saved.refreshToken).catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 3_000).unref?.()),
      ]);
    }
    await this.options.vault.clear().catch(() => undefined);
    if (saved) this.options.log.info('session.signed-out', {});
    this.emit();
    return this.state();
  }

  // ---- the bearer token -------------------------------------------------------------------

  async accessToken(): Promise<string> {
    if (!this.saved) throw new NotSignedInError(this.revoked?.message);
    if (this.access && this.now() < this.access.refreshAt) return this.access.token;
    const token = await this.refreshSession();
    if (token === null) throw new NotSignedInError(this.revoked?.message);
    return token;
  }

  async afterUnauthorized(rejectedToken: string): Promise<string | null> {
    if (!this.saved) return null;
    // Someone else refreshed meanwhile: use theirs rather than rotating again.
    if (this.access && this.access.token !== rejectedToken) return this.access.token;
    this.access = null;
    return this.refreshSession();
  }

  /** One refresh at a time: a refresh token is single use, and a reused one ends the session. */
  private refreshSession(): Promise<string | null> {
    this.refreshing ??= this.rotate().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async rotate(): Promise<string | null> {
    const saved = this.saved;
    if (!saved) return null;
    let response: SessionResponse;
    try {
      response = await this.options.cloud.refresh(saved.refreshToken);
    } catch (error) {
      if (error instanceof CloudHttpError && (error.status === 401 || error.status === 403)) {
        await this.end(saved, null);
        return null;
      }
      if (error instanceof CloudUnreachableError) this.setOffline(true);
      throw error;
    }
    if (this.saved !== saved) {
      void this.options.cloud.logout(response.refreshToken).catch(() => undefined);
      return null;
    }
    saved.refreshToken = response.refreshToken;
    saved.refreshTokenExpiresAt = response.refreshTokenExpiresAt;
    saved.user = response.user;
    this.adoptTokens(response);
    await this.persist();
    this.setOffline(false);
    await this.applyMemberships(saved, mergeNames(response.memberships, saved.memberships));
    if (saved.memberships.some((m) => m.dealershipName === '')) void this.fillNames(saved).then(() => this.persist()).then(() => this.emit()).catch(() => undefined);
    return this.saved === saved ? (this.access?.token ?? null) : null;
  }

  private adoptTokens(response: SessionResponse): void {
    const expiresAt = Date.parse(response.accessTokenExpiresAt);
    // A minute before expiry by default, but never before half-way through a short-lived token.
    const lifetime = expiresAt - this.now();
    const margin = this.options.refreshMarginMs !== undefined
      ? Math.min(this.options.refreshMarginMs, lifetime - 1_000)
      : Math.min(60_000, lifetime / 2);
    this.access = { token: response.accessToken, expiresAt, refreshAt: expiresAt - margin };
    this.scheduleRefresh();
  }

  private scheduleRefresh(): void {
    this.clearTimer();
    if (this.stopped || !this.access) return;
    const due = Math.max(this.access.refreshAt - this.now(), 1_000);
    this.timer = setTimeout(() => void this.refreshQuietly(), due);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Background refresh: offline keeps the saved session and tries again later. */
  private async refreshQuietly(): Promise<void> {
    if (this.stopped || !this.saved) return;
    try {
      this.access = null;
      await this.refreshSession();
    } catch (error) {
      this.options.log.warn('session.refresh-failed', { error: error instanceof Error ? error.name : typeof error });
      this.clearTimer();
      if (!this.stopped && this.saved) {
        this.timer = setTimeout(() => void this.refreshQuietly(), this.options.retryMs ?? 30_000);
        this.timer.unref?.();
      }
    }
  }

  // ---- cloud calls and their failures ---------------------------------------------------------

  /**
   * `plain` turns a refusal particular to the call into a message for the user (null: the
   * generic handling). Seats full (402) and losing the last admin (409) are named for all calls.
   */
  private async cloudCall<T>(
    fn: () => Promise<T>,
    dealership?: SessionMembership,
    plain?: (error: CloudHttpError) => string | null,
  ): Promise<T> {
    try {
      const result = await fn();
      this.setOffline(false);
      return result;
    } catch (error) {
      if (error instanceof CloudUnreachableError) {
        this.setOffline(true);
        throw error;
      }
      if (error instanceof CloudHttpError && error.status === 401) {
        if (this.saved) await this.end(this.saved, null);
        throw new NotSignedInError(this.revoked?.message);
      }
      if (error instanceof CloudHttpError && plain && error.status !== 401 && error.status !== 403) {
        const message = plain(error);
        if (message) throw new UserFacingError(message);
      }
      if (error instanceof CloudHttpError && error.status === 402 && error.code === 'seat_limit_reached') {
        throw new UserFacingError('All paid seats are in use. An admin can add seats in Billing, then invite again.');
      }
      if (error instanceof CloudHttpError && error.status === 409 && error.code === 'last_admin') {
        throw new UserFacingError('A dealership needs at least one admin. Make someone else an admin first.');
      }
      if (error instanceof CloudHttpError && error.status === 403 && dealership) {
        await this.checkStillMember(dealership);
        const role = this.saved?.memberships.find((m) => m.dealershipId === dealership.dealershipId)?.role ?? dealership.role;
        throw new UserFacingError(`Your role at ${dealership.dealershipName} (${role}) does not allow this. Ask an admin if you need it.`);
      }
      if (error instanceof CloudHttpError && error.status === 429) {
        throw new UserFacingError('The LeadPulse cloud is busy right now. Try again in a minute.');
      }
      if (error instanceof CloudHttpError) {
        throw new UserFacingError('The LeadPulse cloud could not do that just now. Try again; if it keeps happening, contact support.');
      }
      throw error;
    }
  }

  /** A 403 on a dealership: removed from the team (access ended), or only not allowed? */
  private async checkStillMember(dealership: SessionMembership): Promise<void> {
    const saved = this.saved;
    if (!saved) throw new NotSignedInError(this.revoked?.message);
    const me = await this.options.cloud.me(this);
    await this.applyMemberships(
      saved,
      me.memberships.map((m) => ({ dealershipId: m.dealershipId, dealershipName: m.dealershipName, role: m.role })),
    );
    if (!this.saved) throw new NotSignedInError(this.revoked?.message ?? `Your access to ${dealership.dealershipName} has ended.`);
  }

  /** New memberships from the cloud; the chosen dealership missing from them means access ended. */
  private async applyMemberships(saved: SavedSession, memberships: SessionMembership[]): Promise<void> {
    const chosen = saved.memberships.find((m) => m.dealershipId === saved.dealershipId);
    if (chosen && !memberships.some((m) => m.dealershipId === chosen.dealershipId)) {
      await this.end(saved, chosen.dealershipName);
      return;
    }
    const changed = JSON.stringify(memberships) !== JSON.stringify(saved.memberships);
    saved.memberships = memberships;
    if (changed) {
      await this.persist();
      this.emit();
    }
  }

  /** The session or the membership is over: forget it here and show why. */
  private async end(saved: SavedSession, dealershipName: string | null): Promise<void> {
    if (this.saved !== saved) return;
    this.saved = null;
    this.access = null;
    this.clearTimer();
    // Removed from a dealership: end this desktop's session family too (the cloud keeps it alive otherwise).
    if (dealershipName !== null) void this.options.cloud.logout(saved.refreshToken).catch(() => undefined);
    await this.options.vault.clear().catch(() => undefined);
    this.revoked = {
      email: saved.user.email,
      dealershipName,
      message:
        dealershipName !== null
          ? `An admin of ${dealershipName} removed ${saved.user.email} from its team, so this computer no longer ` +
            `shows its team or shares its leads with the cloud. Your leads on this computer are still here. ` +
            `If this is a mistake, ask your admin to invite ${saved.user.email} again.`
          : `Your sign-in as ${saved.user.email} was ended by the LeadPulse cloud: an admin or a security check ` +
            `signed it out, or it expired. Your leads on this computer are still here. Sign in again to use team features.`,
    };
    this.options.log.warn('session.revoked', { membershipRemoved: dealershipName !== null });
    this.emit();
  }

  private setOffline(offline: boolean): void {
    if (this.offline === offline) return;
    this.offline = offline;
    if (this.saved) this.emit();
  }

  private async fillNames(saved: SavedSession): Promise<void> {
    const me = await this.options.cloud.me(this);
    const names = new Map(me.memberships.map((m) => [m.dealershipId, m.dealershipName]));
    saved.memberships = saved.memberships.map((m) => ({ ...m, dealershipName: names.get(m.dealershipId) ?? m.dealershipName }));
  }

  private async persist(): Promise<void> {
    if (!this.saved) return;
    try {
      await this.options.vault.save(JSON.stringify(this.saved));
    } catch (error) {
      this.options.log.error('session.save-failed', { error: error instanceof Error ? error.name : typeof error });
    }
  }

  private requireDealership(): SessionMembership {
    const saved = this.requireSignedIn();
    const dealership = saved.memberships.find((m) => m.dealershipId === saved.dealershipId);
    if (!dealership) throw new UserFacingError('Choose a dealership first.');
    return dealership;
  }

  private requireSignedIn(): SavedSession {
    if (!this.saved) throw new NotSignedInError(this.revoked?.message);
    return this.saved;
  }
}

function mergeNames(
  memberships: readonly { dealershipId: string; role: z.infer<typeof memberRole> }[],
  known: readonly SessionMembership[],
): SessionMembership[] {
  const names = new Map(known.map((m) => [m.dealershipId, m.dealershipName]));
  return memberships.map((m) => ({ dealershipId: m.dealershipId, role: m.role, dealershipName: names.get(m.dealershipId) ?? '' }));
}

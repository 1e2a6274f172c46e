import {
  signInProviderId,
  type SessionMembership,
  type SessionState,
  type SignInProvider,
  type SignInProviderId,
} from '../../../src-shared/contract/areas/session';
import type { DesktopConfig } from '../config/desktop-config';
import { UserFacingError } from '../ipc/dispatcher';
import type { Logger } from '../log/logger';
import type { Platform } from '../platform/platform';
import type { CloudClient } from '../cloud/cloud-client';
import { NotSignedInError } from '../cloud/errors';
import type { StartedSignIn } from './oidc-sign-in';
import type { SavedSession } from './saved-session';
import type { SessionVault } from './session-vault';
import { systemClock, type Clock } from '../time/clock';

export const PROVIDER_LABELS: Record<SignInProviderId, string> = { google: 'Google', microsoft: 'Microsoft' };

export interface SessionServiceOptions {
  readonly oidc: DesktopConfig['oidc'];
  readonly cloud: CloudClient;
  readonly vault: SessionVault;
  readonly platform: Pick<Platform, 'openSignInPage'>;
  readonly log: Logger;
  readonly onChange: (state: SessionState) => void;
  readonly now?: () => number;
  /** Time and timers (systemClock unless a test drives it). */
  readonly clock?: Clock;
  /** Refresh when the access token has less than this left. Default 60 s (at most half its life). */
  readonly refreshMarginMs?: number;
  /** First retry after a background refresh failed; each next one waits twice as long. Default 1 s. */
  readonly retryMs?: number;
  /** The longest wait between retries. Default 30 s. */
  readonly retryMaxMs?: number;
  /** The random source spreading retries (0 ≤ r < 1): each waits between half and all of its backoff. Default Math.random. */
  readonly random?: () => number;
  /** Says when the cloud answers again (the ConnectivityMonitor): a waiting retry then runs at once. */
  readonly connectivity?: { subscribe(listener: (status: { readonly online: boolean }) => void): () => void };
  readonly signInTimeoutMs?: number;
}

export interface PendingFlow {
  readonly provider: SignInProviderId;
  readonly started: StartedSignIn;
  readonly url: string;
}

export interface Revoked {
  readonly email: string | null;
  readonly dealershipName: string | null;
  readonly message: string;
}

/** In memory only. */
export interface AccessToken {
  readonly token: string;
  readonly expiresAt: number;
  readonly refreshAt: number;
}

/**
 * The state one SessionService keeps, shared by its parts in this folder (sign-in flow, token
 * refresh, dealership setup, team admin, access ended), and what it shows the renderer.
 */
export class SessionContext {
  restoring = true;
  saved: SavedSession | null = null;
  access: AccessToken | null = null;
  flow: PendingFlow | null = null;
  revoked: Revoked | null = null;
  message: string | null = null;
  blockedReason: string | null = null;
  offline = false;
  /** The cloud refuses this computer's setup (https_required): automatic retries stop. */
  cloudProblem: string | null = null;
  stopped = false;
  /** The background refresh's schedule (TokenRefresher's task). */
  refreshSchedule: { cancelNext(): void } | null = null;
  readonly now: () => number;
  readonly clock: Clock;

  constructor(readonly options: SessionServiceOptions) {
    const now = options.now;
    this.now = now ?? (() => (options.clock ?? systemClock).now().getTime());
    // A test's `now` moves the clock's time too; its timers stay real unless it passes a clock.
    this.clock = options.clock ?? (now ? { ...systemClock, now: () => new Date(now()) } : systemClock);
  }

  state(): SessionState {
    if (this.restoring) return { status: 'restoring' };
    if (this.flow && !this.saved) {
      return { status: 'signing-in', providers: this.providers(), provider: this.flow.provider, signInUrl: this.flow.url };
    }
    if (this.revoked) return { status: 'revoked', ...this.revoked };
    if (this.saved) {
      const s = this.saved;
      // Signing in again keeps showing the session in use: the new one replaces it only once it completes.
      return {
        status: 'signed-in',
        provider: s.provider,
        user: s.user,
        memberships: s.memberships,
        dealership: s.memberships.find((m) => m.dealershipId === s.dealershipId) ?? null,
        offline: this.offline,
        ...(this.flow ? { signingIn: { provider: this.flow.provider, signInUrl: this.flow.url } } : {}),
        ...(this.message !== null ? { message: this.message } : {}),
        ...(this.cloudProblem !== null ? { cloudProblem: this.cloudProblem } : {}),
      };
    }
    return { status: 'signed-out', providers: this.providers(), message: this.message, blockedReason: this.blockedReason };
  }

  private providers(): SignInProvider[] {
    return signInProviderId.options.map((id) => ({ id, label: PROVIDER_LABELS[id], available: this.options.oidc[id] !== null }));
  }

  emit(): void {
    this.options.onChange(this.state());
  }

  setOffline(offline: boolean): void {
    if (this.offline === offline) return;
    this.offline = offline;
    if (this.saved) this.emit();
  }

  /** Sets (a message) or clears (null) the cloud's refusal of this computer's setup. */
  setCloudProblem(problem: string | null): void {
    if (this.cloudProblem === problem) return;
    this.cloudProblem = problem;
    if (problem !== null) this.offline = true;
    if (this.saved) this.emit();
  }

  /** Seals `session` (by default the one in use). */
  async persist(session: SavedSession | null = this.saved): Promise<void> {
    if (!session) return;
    try {
      await this.options.vault.save(JSON.stringify(session));
    } catch (error) {
      this.options.log.error('session.save-failed', { error: error instanceof Error ? error.name : typeof error });
    }
  }

  notSignedIn(fallback?: string): NotSignedInError {
    return new NotSignedInError(this.revoked?.message ?? fallback);
  }

  requireSignedIn(): SavedSession {
    if (!this.saved) throw this.notSignedIn();
    return this.saved;
  }

  requireDealership(): SessionMembership {
    const saved = this.requireSignedIn();
    const dealership = saved.memberships.find((m) => m.dealershipId === saved.dealershipId);
    if (!dealership) throw new UserFacingError('Choose a dealership first.');
    return dealership;
  }

  /** Calls off the next background refresh (signed out, session ended, stopped). */
  clearTimer(): void {
    this.refreshSchedule?.cancelNext();
  }
}

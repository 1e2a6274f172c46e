import { randomBytes } from 'node:crypto';

/**
 * What Google's OAuth server remembers for installed apps: one-use authorization codes (with
 * their PKCE challenge), grants (a refresh token for offline access), and the access tokens
 * issued under each grant. Revoking any token of a grant revokes the grant and all its tokens.
 */
export interface Grant {
  readonly id: string;
  readonly clientId: string;
  readonly email: string;
  scopes: readonly string[];
  refreshToken: string | null;
  revoked: boolean;
}

export interface PendingCode {
  readonly clientId: string;
  readonly email: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly scopes: readonly string[];
  readonly offline: boolean;
  readonly forceConsent: boolean;
  readonly nonce: string | null;
  readonly expiresAt: number;
}

interface AccessToken {
  readonly grant: Grant;
  expiresAt: number;
}

export const accessTokenLifetimeSeconds = 3599;

export class GrantStore {
  private readonly codes = new Map<string, PendingCode>();
  private readonly grants: Grant[] = [];
  private readonly accessTokens = new Map<string, AccessToken>();

  constructor(private readonly now: () => number) {}

  issueCode(pending: Omit<PendingCode, 'expiresAt'>): string {
    const code = `4/sim-${randomBytes(24).toString('base64url')}`;
    this.codes.set(code, { ...pending, expiresAt: this.now() + 5 * 60_000 });
    return code;
  }

  /** Codes are single-use: a second attempt, even after a failed one, finds nothing. */
  takeCode(code: string): PendingCode | null {
    const pending = this.codes.get(code) ?? null;
    this.codes.delete(code);
    return pending && pending.expiresAt >= this.now() ? pending : null;
  }

  /**
   * The grant a code redeems into. Offline access returns a refresh token on the first consent
   * (or with prompt=consent); later consents reuse the live grant without handing it out again.
   */
  grantFor(pending: PendingCode): { grant: Grant; newRefreshToken: string | null } {
    const live = this.grants.find((g) => !g.revoked && g.clientId === pending.clientId && g.email === pending.email && g.refreshToken !== null);
    if (pending.offline && live && !pending.forceConsent) {
      live.scopes = [...new Set([...live.scopes, ...pending.scopes])];
      return { grant: live, newRefreshToken: null };
    }
    const refreshToken = pending.offline ? newRefreshToken() : null;
    const grant: Grant = { id: randomBytes(8).toString('hex'), clientId: pending.clientId, email: pending.email, scopes: pending.scopes, refreshToken, revoked: false };
    this.grants.push(grant);
    return { grant, newRefreshToken: refreshToken };
  }

  grantByRefreshToken(refreshToken: string): Grant | null {
    return this.grants.find((g) => g.refreshToken === refreshToken && !g.revoked) ?? null;
  }

  rotate(grant: Grant): string {
    grant.refreshToken = newRefreshToken();
    return grant.refreshToken;
  }

  issueAccessToken(grant: Grant): string {
    const token = `ya29.sim-${randomBytes(30).toString('base64url')}`;
    this.accessTokens.set(token, { grant, expiresAt: this.now() + accessTokenLifetimeSeconds * 1000 });
    return token;
  }

  /** The live grant behind an access token, with its remaining lifetime; null if bad, expired or revoked. */
  checkAccessToken(token: string): { grant: Grant; expiresInSeconds: number } | null {
    const entry = this.accessTokens.get(token);
    if (!entry || entry.grant.revoked || entry.expiresAt <= this.now()) return null;
    return { grant: entry.grant, expiresInSeconds: Math.floor((entry.expiresAt - this.now()) / 1000) };
  }

  /** Google's revoke endpoint takes an access or a refresh token. */
  revokeToken(token: string): Grant | null {
    const grant = this.accessTokens.get(token)?.grant ?? this.grantByRefreshToken(token);
    if (!grant || grant.revoked) return null;
    grant.revoked = true;
    return grant;
  }

  /** Control API: the user removed the app's access (or the grant expired). */
  revokeMailbox(email: string): number {
    const live = this.grants.filter((g) => g.email === email && !g.revoked);
    for (const g of live) g.revoked = true;
    return live.length;
  }

  expireAccessTokens(email: string): number {
    let count = 0;
    for (const entry of this.accessTokens.values()) {
      if (entry.grant.email === email && entry.expiresAt > this.now()) {
        entry.expiresAt = this.now();
        count += 1;
      }
    }
    return count;
  }

  liveGrants(email: string): number {
    return this.grants.filter((g) => g.email === email && !g.revoked).length;
  }

  emailOfToken(token: string): string | null {
    return this.accessTokens.get(token)?.grant.email ?? this.grants.find((g) => g.refreshToken === token)?.email ?? null;
  }
}

function newRefreshToken(): string {
  return `1//sim-${randomBytes(32).toString('base64url')}`;
}

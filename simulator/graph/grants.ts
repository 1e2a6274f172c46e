import { randomBytes, randomUUID } from 'node:crypto';
import type { MailboxInfo } from './mailbox';

/** What the identity platform remembers: consented grants, pending codes, refresh and access tokens. */
export interface GrantRevocation {
  /** 'revoked' answers AADSTS50173, 'expired' AADSTS700082 (90 days of inactivity). */
  readonly reason: 'revoked' | 'expired';
  /** Sent as `suberror`; Entra sends bad_token for dead grants. null sends none. */
  readonly suberror: string | null;
}

export interface Grant {
  readonly id: string;
  readonly mailbox: MailboxInfo;
  readonly clientId: string;
  readonly scopes: readonly string[];
  revoked: GrantRevocation | null;
}

export interface AccessTokenInfo {
  readonly grant: Grant;
  readonly scopes: readonly string[];
  expiresAt: number;
}

export interface PendingCode {
  readonly grant: Grant;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly nonce: string | null;
  readonly expiresAt: number;
  redeemed: boolean;
}

export class GrantStore {
  private readonly grants: Grant[] = [];
  private readonly codes = new Map<string, PendingCode>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly usedRefreshTokens = new Set<string>();
  private readonly accessTokens = new Map<string, AccessTokenInfo>();

  grant(mailbox: MailboxInfo, clientId: string, scopes: readonly string[]): Grant {
    const grant: Grant = { id: randomUUID(), mailbox, clientId, scopes, revoked: null };
    this.grants.push(grant);
    return grant;
  }

  newCode(pending: Omit<PendingCode, 'redeemed'>): string {
    const code = `1.A${randomBytes(48).toString('base64url')}`;
    this.codes.set(code, { ...pending, redeemed: false });
    return code;
  }

  code(code: string): PendingCode | undefined {
    return this.codes.get(code);
  }

  newRefreshToken(grant: Grant): string {
    const token = `M.C5${randomBytes(64).toString('base64url')}`;
    this.refreshTokens.set(token, grant);
    return token;
  }

  grantOfRefreshToken(token: string): Grant | undefined {
    return this.refreshTokens.get(token);
  }

  /** Records a redemption; true when the token had been redeemed before. */
  spendRefreshToken(token: string): boolean {
    const used = this.usedRefreshTokens.has(token);
    this.usedRefreshTokens.add(token);
    return used;
  }

  wasSpent(token: string): boolean {
    return this.usedRefreshTokens.has(token);
  }

  newAccessToken(grant: Grant, scopes: readonly string[], lifetimeSeconds: number): string {
    const token = `EwB${randomBytes(48).toString('base64url')}`;
    this.accessTokens.set(token, { grant, scopes, expiresAt: Date.now() + lifetimeSeconds * 1000 });
    return token;
  }

  verifyAccessToken(token: string): AccessTokenInfo | 'expired' | null {
    const info = this.accessTokens.get(token);
    if (!info) return null;
    return info.expiresAt <= Date.now() ? 'expired' : info;
  }

  revoke(address: string, revocation: GrantRevocation, keepAccessTokens: boolean): number {
    let count = 0;
    for (const grant of this.grants) {
      if (!sameAddress(grant.mailbox.address, address) || grant.revoked) continue;
      grant.revoked = revocation;
      count += 1;
    }
    if (!keepAccessTokens) for (const [token, info] of this.accessTokens) if (info.grant.revoked) this.accessTokens.delete(token);
    return count;
  }

  expireAccessTokens(address: string): void {
    for (const info of this.accessTokens.values()) if (sameAddress(info.grant.mailbox.address, address)) info.expiresAt = 0;
  }

  clear(): void {
    this.grants.length = 0;
    this.codes.clear();
    this.refreshTokens.clear();
    this.usedRefreshTokens.clear();
    this.accessTokens.clear();
  }
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

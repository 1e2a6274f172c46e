import { randomBytes } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { demoMailboxes } from './demo-mailboxes';
import { GrantStore } from './grants';
import { UserLimits } from './limits';
import { Mailbox } from './mailbox';
import { RequestLog } from './request-log';

/** Everything the Gmail simulator holds; reset() puts it back as it started. */
export interface GmailSettings {
  /** Google keeps a refresh token across refreshes; turn this on to rotate it (the old one then answers invalid_grant). */
  rotateRefreshTokens: boolean;
  /** Whether a client-set Message-ID survives messages.send (unconfirmed at Google: build for both). */
  replaceMessageId: boolean;
  /** Approve the consent page at once as this mailbox (tests, e2e). */
  autoApproveAs: string | null;
}

export const defaultSettings: GmailSettings = { rotateRefreshTokens: false, replaceMessageId: false, autoApproveAs: null };

export interface MailboxEntry {
  readonly mailbox: Mailbox;
  readonly limits: UserLimits;
}

export class GmailState {
  settings: GmailSettings = { ...defaultSettings };
  mailboxes = new Map<string, MailboxEntry>();
  grants: GrantStore;
  readonly log: RequestLog;

  private constructor(readonly now: () => number, readonly clientIds: readonly string[], readonly signer: IdTokenSigner) {
    this.grants = new GrantStore(now);
    this.log = new RequestLog(now);
    this.seed();
  }

  static async create(clientIds: readonly string[], now: () => number): Promise<GmailState> {
    return new GmailState(now, clientIds, await IdTokenSigner.create());
  }

  addMailbox(email: string, name: string): MailboxEntry {
    const key = email.toLowerCase();
    const existing = this.mailboxes.get(key);
    if (existing) return existing;
    const entry = { mailbox: new Mailbox(key, name), limits: new UserLimits(this.now) };
    this.mailboxes.set(key, entry);
    return entry;
  }

  mailbox(email: string): MailboxEntry | null {
    return this.mailboxes.get(email.toLowerCase()) ?? null;
  }

  reset(): void {
    this.settings = { ...defaultSettings };
    this.mailboxes = new Map();
    this.grants = new GrantStore(this.now);
    this.log.clear();
    this.seed();
  }

  private seed(): void {
    for (const m of demoMailboxes) this.addMailbox(m.email, m.name);
  }
}

/** RS256 ID tokens with a kid, and the certificates google-auth-library verifies them with. */
export class IdTokenSigner {
  private constructor(private readonly privateKey: CryptoKey, readonly kid: string, readonly pem: string, readonly jwk: JWK) {}

  static async create(): Promise<IdTokenSigner> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = `sim-gmail-${randomBytes(4).toString('hex')}`;
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    return new IdTokenSigner(privateKey, kid, await exportSPKI(publicKey), jwk);
  }

  sign(claims: Record<string, unknown>, issuer: string, audience: string, subject: string, nowMs: number): Promise<string> {
    const issuedAt = Math.floor(nowMs / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 3600)
      .sign(this.privateKey);
  }
}

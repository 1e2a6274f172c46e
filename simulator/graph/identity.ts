import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { verifiesChallenge } from '../oidc/pkce';
import { readBody, sendAadError, sendJson } from './http';
import { consentPage, errorPage, formPost } from './identity-pages';
import type { MailboxInfo } from './mailbox';
import { graphScopesOf, hasScope } from './scopes';

/**
 * The Microsoft identity platform (v2.0 endpoints) as far as a public client needs it:
 * discovery, authorize with a consent page, token (authorization_code with PKCE S256,
 * refresh_token with rotation), JWKS-signed ID tokens, client_info, AADSTS errors.
 */
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface GrantRevocation {
  /** 'revoked' answers AADSTS50173, 'expired' AADSTS700082 (90 days of inactivity). */
  readonly reason: 'revoked' | 'expired';
  /** Sent as `suberror`; Entra sends bad_token for dead grants. null sends none. */
  readonly suberror: string | null;
}

interface Grant {
  readonly id: string;
  readonly mailbox: MailboxInfo;
  readonly clientId: string;
  readonly scopes: readonly string[];
  revoked: GrantRevocation | null;
  readonly refreshTokens: Set<string>;
}

export interface AccessTokenInfo {
  readonly grant: Grant;
  readonly scopes: readonly string[];
  expiresAt: number;
}

interface PendingCode {
  readonly grant: Grant;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly nonce: string | null;
  readonly expiresAt: number;
  redeemed: boolean;
}

export interface IdentityOptions {
  readonly tenantId: string;
  readonly clientIds: readonly string[];
  readonly mailboxes: () => readonly MailboxInfo[];
}

export interface TokenFailure {
  count: number;
  readonly status: number;
}

export class IdentityPlatform {
  autoApprove: boolean | string = false;
  accessTokenLifetimeSeconds = 3600;
  rejectReusedRefreshTokens = false;
  tokenFailure: TokenFailure | null = null;
  private readonly grants: Grant[] = [];
  private readonly codes = new Map<string, PendingCode>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly usedRefreshTokens = new Set<string>();
  private readonly accessTokens = new Map<string, AccessTokenInfo>();
  /** Which mailbox an answered identity request was about (for the request log). */
  readonly mailboxOf = new WeakMap<ServerResponse, string>();

  private constructor(
    private readonly options: IdentityOptions,
    private readonly signingKey: SigningKey,
    readonly jwk: JWK,
  ) {}

  static async create(options: IdentityOptions): Promise<IdentityPlatform> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = `sim-ms-${randomBytes(6).toString('base64url')}`;
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig', kty: 'RSA' };
    return new IdentityPlatform(options, privateKey, jwk);
  }

  get tenantId(): string {
    return this.options.tenantId;
  }

  verifyAccessToken(token: string): AccessTokenInfo | 'expired' | null {
    const info = this.accessTokens.get(token);
    if (!info) return null;
    return info.expiresAt <= Date.now() ? 'expired' : info;
  }

  revokeGrants(address: string, revocation: GrantRevocation, keepAccessTokens = false): number {
    let count = 0;
    for (const grant of this.grants) {
      if (grant.mailbox.address.toLowerCase() !== address.toLowerCase() || grant.revoked) continue;
      grant.revoked = revocation;
      count += 1;
    }
    if (!keepAccessTokens) for (const [token, info] of this.accessTokens) if (info.grant.revoked) this.accessTokens.delete(token);
    return count;
  }

  expireAccessTokens(address: string): void {
    for (const info of this.accessTokens.values()) if (info.grant.mailbox.address.toLowerCase() === address.toLowerCase()) info.expiresAt = 0;
  }

  reset(): void {
    this.grants.length = 0;
    this.codes.clear();
    this.refreshTokens.clear();
    this.usedRefreshTokens.clear();
    this.accessTokens.clear();
    this.autoApprove = false;
    this.accessTokenLifetimeSeconds = 3600;
    this.rejectReusedRefreshTokens = false;
    this.tokenFailure = null;
  }

  /** Handles /{tenant}/... identity routes; false when the path is not one of them. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, origin: string): Promise<boolean> {
    const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/authorize|oauth2\/v2\.0\/authorize\/consent|oauth2\/v2\.0\/token|discovery\/v2\.0\/keys|discovery\/instance|oauth2\/v2\.0\/logout)$/.exec(url.pathname);
    if (!m) return false;
    const tenant = m[1]!;
    const route = m[2]!;
    if (!['common', 'organizations', this.tenantId].includes(tenant)) {
      sendAadError(res, 400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
      return true;
    }
    const base = `${origin}/${tenant}`;
    if (req.method === 'GET' && route === 'v2.0/.well-known/openid-configuration') this.discovery(res, origin, base, tenant);
    else if (req.method === 'GET' && route === 'discovery/v2.0/keys') sendJson(res, 200, { keys: [this.jwk] });
    else if (req.method === 'GET' && route === 'discovery/instance') this.instanceDiscovery(res, url, origin);
    else if (req.method === 'GET' && route === 'oauth2/v2.0/authorize') this.authorize(res, url.searchParams, `${base}/oauth2/v2.0/authorize/consent`);
    else if (req.method === 'POST' && route === 'oauth2/v2.0/authorize/consent') await this.consent(req, res, `${base}/oauth2/v2.0/authorize/consent`);
    else if (req.method === 'POST' && route === 'oauth2/v2.0/token') await this.token(req, res, origin);
    else if (route === 'oauth2/v2.0/logout') res.writeHead(200, { 'Content-Type': 'text/plain' }).end('Signed out.');
    else sendAadError(res, 405, 'invalid_request', 900561, 'The endpoint only accepts other requests.');
    return true;
  }

  private issuer(origin: string, tenant = this.tenantId): string {
    return `${origin}/${tenant}/v2.0`;
  }

  private discovery(res: ServerResponse, origin: string, base: string, tenant: string): void {
    sendJson(res, 200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: tenant === this.tenantId ? this.issuer(origin) : `${origin}/{tenantid}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${origin}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'name', 'oid', 'preferred_username', 'tid', 'ver'],
      tenant_region_scope: 'NA',
      cloud_instance_name: new URL(origin).host,
      cloud_graph_host_name: new URL(origin).host,
      msgraph_host: new URL(origin).host,
    });
  }

  /** What Microsoft's instance discovery answers; msal calls it only when it is told this host. */
  private instanceDiscovery(res: ServerResponse, url: URL, origin: string): void {
    const host = new URL(origin).host;
    sendJson(res, 200, {
      tenant_discovery_endpoint: `${origin}/${url.pathname.split('/')[1]}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  }

  private authorize(res: ServerResponse, p: URLSearchParams, consentAction: string): void {
    const clientId = p.get('client_id') ?? '';
    const redirectUri = p.get('redirect_uri') ?? '';
    if (!this.options.clientIds.includes(clientId)) {
      return errorPage(res, 700016, `Application with identifier '${clientId}' was not found in the directory 'LeadPulse Simulator'.`);
    }
    if (!isLoopback(redirectUri)) {
      return errorPage(res, 50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`);
    }
    const problem = authorizeProblem(p);
    if (problem) return respond(res, p, { error: problem.error, error_description: problem.description });
    const scopes = graphScopesOf(p.get('scope') ?? '') ?? [];
    const mailboxes = this.options.mailboxes();
    const hint = (p.get('login_hint') ?? '').toLowerCase();
    const auto = this.autoApprove;
    if (auto) {
      const wanted = typeof auto === 'string' ? auto.toLowerCase() : hint;
      const mailbox = mailboxes.find((mb) => mb.address.toLowerCase() === wanted) ?? (typeof auto === 'string' ? undefined : mailboxes[0]);
      if (mailbox) return this.approve(res, p, mailbox, scopes);
    }
    if (p.get('prompt') === 'none') {
      return respond(res, p, { error: 'login_required', error_description: 'AADSTS50058: A silent sign-in request was sent but no user is signed in.' });
    }
    consentPage(res, {
      action: consentAction,
      request: p.toString(),
      appName: 'LeadPulse',
      scopes: [...scopes, ...(p.get('scope') ?? '').split(/\s+/).filter((s) => s === 'offline_access')],
      mailboxes,
      hint: hint || null,
    });
  }

  private async consent(req: IncomingMessage, res: ServerResponse, consentAction: string): Promise<void> {
    const form = new URLSearchParams(await readBody(req, 64 * 1024));
    const p = new URLSearchParams(form.get('request') ?? '');
    if (!this.options.clientIds.includes(p.get('client_id') ?? '') || !isLoopback(p.get('redirect_uri') ?? '') || authorizeProblem(p)) {
      return this.authorize(res, p, consentAction);
    }
    if (form.get('decision') !== 'accept') {
      return respond(res, p, { error: 'access_denied', error_description: 'AADSTS65004: User declined to consent to access the app.' });
    }
    const mailbox = this.options.mailboxes().find((mb) => mb.address === form.get('mailbox'));
    if (!mailbox) return this.authorize(res, p, consentAction);
    this.approve(res, p, mailbox, graphScopesOf(p.get('scope') ?? '') ?? []);
  }

  private approve(res: ServerResponse, p: URLSearchParams, mailbox: MailboxInfo, scopes: readonly string[]): void {
    this.mailboxOf.set(res, mailbox.address);
    const grant: Grant = { id: randomUUID(), mailbox, clientId: p.get('client_id')!, scopes, revoked: null, refreshTokens: new Set() };
    this.grants.push(grant);
    const code = `1.A${randomBytes(48).toString('base64url')}`;
    this.codes.set(code, {
      grant,
      redirectUri: p.get('redirect_uri')!,
      challenge: p.get('code_challenge')!,
      nonce: p.get('nonce'),
      expiresAt: Date.now() + 10 * 60_000,
      redeemed: false,
    });
    respond(res, p, { code, client_info: this.clientInfo(mailbox), session_state: randomUUID() });
  }

  private clientInfo(mailbox: MailboxInfo): string {
    return Buffer.from(JSON.stringify({ uid: mailbox.userId, utid: this.tenantId })).toString('base64url');
  }

  private async token(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
    const form = new URLSearchParams(await readBody(req, 64 * 1024));
    if (this.tokenFailure && this.tokenFailure.count > 0) {
      this.tokenFailure.count -= 1;
      return sendAadError(res, this.tokenFailure.status, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.');
    }
    const clientId = form.get('client_id') ?? '';
    if (!this.options.clientIds.includes(clientId)) {
      return sendAadError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory 'LeadPulse Simulator'.`);
    }
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') return this.redeemCode(res, form, origin);
    if (grantType === 'refresh_token') return this.redeemRefreshToken(res, form, origin);
    sendAadError(res, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType ?? ''}'.`);
  }

  private async redeemCode(res: ServerResponse, form: URLSearchParams, origin: string): Promise<void> {
    const pending = this.codes.get(form.get('code') ?? '');
    if (!pending) return sendAadError(res, 400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
    this.mailboxOf.set(res, pending.grant.mailbox.address);
    if (pending.redeemed) return sendAadError(res, 400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
    pending.redeemed = true;
    if (pending.expiresAt < Date.now()) return sendAadError(res, 400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
    if (pending.grant.clientId !== form.get('client_id')) return sendAadError(res, 400, 'invalid_grant', 70000, 'The provided value for the code parameter is not valid.');
    if (pending.redirectUri !== form.get('redirect_uri')) return sendAadError(res, 400, 'invalid_grant', 70000, 'The redirect_uri does not match the one used to acquire the authorization code.');
    if (!verifiesChallenge(form.get('code_verifier') ?? '', pending.challenge)) {
      return sendAadError(res, 400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
    }
    await this.issueTokens(res, pending.grant, form.get('scope'), origin, pending.nonce);
  }

  private async redeemRefreshToken(res: ServerResponse, form: URLSearchParams, origin: string): Promise<void> {
    const presented = form.get('refresh_token') ?? '';
    const grant = this.refreshTokens.get(presented);
    if (!grant || grant.clientId !== form.get('client_id')) {
      return sendAadError(res, 400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
    }
    this.mailboxOf.set(res, grant.mailbox.address);
    if (grant.revoked) {
      const { reason, suberror } = grant.revoked;
      const extra = suberror ? { suberror } : {};
      if (reason === 'expired') {
        return sendAadError(res, 400, 'invalid_grant', 700082, `The refresh token has expired due to inactivity. The token was issued on ${new Date(Date.now() - 90 * 86_400_000).toISOString()} and was inactive for 90.00:00:00.`, extra);
      }
      return sendAadError(res, 400, 'invalid_grant', 50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.', extra);
    }
    if (this.usedRefreshTokens.has(presented) && this.rejectReusedRefreshTokens) {
      return sendAadError(res, 400, 'invalid_grant', 70000, 'The provided grant has already been used.', { suberror: 'bad_token' });
    }
    const wanted = graphScopesOf(form.get('scope') ?? '') ?? [];
    const missing = wanted.filter((s) => !hasScope(grant.scopes, s));
    if (missing.length) {
      return sendAadError(res, 400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${grant.clientId}'. Send an interactive authorization request for this user and resource.`, { suberror: 'consent_required' });
    }
    this.usedRefreshTokens.add(presented);
    await this.issueTokens(res, grant, form.get('scope'), origin, null);
  }

  private async issueTokens(res: ServerResponse, grant: Grant, scope: string | null, origin: string, nonce: string | null): Promise<void> {
    const requested = graphScopesOf(scope ?? '') ?? [];
    const scopes = requested.length ? requested.filter((s) => hasScope(grant.scopes, s)) : [...grant.scopes];
    const accessToken = `EwB${randomBytes(48).toString('base64url')}`;
    const lifetime = this.accessTokenLifetimeSeconds;
    this.accessTokens.set(accessToken, { grant, scopes, expiresAt: Date.now() + lifetime * 1000 });
    const refreshToken = `M.C5${randomBytes(64).toString('base64url')}`;
    this.refreshTokens.set(refreshToken, grant);
    grant.refreshTokens.add(refreshToken);
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({
      name: grant.mailbox.displayName,
      oid: grant.mailbox.userId,
      preferred_username: grant.mailbox.address,
      tid: this.tenantId,
      ver: '2.0',
      uti: randomBytes(16).toString('base64url'),
      ...(nonce ? { nonce } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.jwk.kid!, typ: 'JWT' })
      .setIssuer(this.issuer(origin))
      .setAudience(grant.clientId)
      .setSubject(createHash('sha256').update(`${grant.clientId}:${grant.mailbox.userId}`).digest('base64url'))
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 3600)
      .sign(this.signingKey);
    sendJson(res, 200, {
      token_type: 'Bearer',
      scope: [...scopes, 'openid', 'profile', 'email'].join(' '),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: this.clientInfo(grant.mailbox),
    });
  }
}

function isLoopback(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

function authorizeProblem(p: URLSearchParams): { error: string; description: string } | null {
  if (p.get('response_type') !== 'code') return { error: 'unsupported_response_type', description: 'AADSTS700054: response_type must be code for this application.' };
  if (graphScopesOf(p.get('scope') ?? '') === null) return { error: 'invalid_scope', description: 'AADSTS70011: The provided value for the input parameter \'scope\' is not valid.' };
  if (p.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(p.get('code_challenge') ?? '')) {
    return { error: 'invalid_request', description: 'AADSTS9002325: Proof Key for Code Exchange (S256) is required for this public client.' };
  }
  return null;
}

/** Answers the app as response_mode asks: form_post (what msal-node uses), query or fragment. */
function respond(res: ServerResponse, p: URLSearchParams, params: Record<string, string>): void {
  const redirectUri = p.get('redirect_uri')!;
  const all = { ...params, ...(p.get('state') ? { state: p.get('state')! } : {}) };
  const mode = p.get('response_mode') ?? 'query';
  if (mode === 'form_post') return formPost(res, redirectUri, all);
  const target = new URL(redirectUri);
  const encoded = new URLSearchParams(all).toString();
  if (mode === 'fragment') target.hash = encoded;
  else for (const [k, v] of Object.entries(all)) target.searchParams.set(k, v);
  res.writeHead(302, { Location: target.href, 'Cache-Control': 'no-store' }).end();
}

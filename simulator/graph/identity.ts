import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { GrantStore, type AccessTokenInfo, type GrantRevocation } from './grants';
import { readBody, sendAadError, sendJson } from './http';
import { consentPage, errorPage, formPost } from './identity-pages';
import type { MailboxInfo } from './mailbox';
import { graphScopesOf } from './scopes';
import { tokenEndpoint, type Signer, type TokenSettings } from './token-endpoint';

export type { AccessTokenInfo, GrantRevocation } from './grants';

/**
 * The Microsoft identity platform (v2.0 endpoints) as far as a public client needs it:
 * discovery, authorize with a consent page, token (authorization_code with PKCE S256,
 * refresh_token with rotation), JWKS-signed ID tokens, client_info, AADSTS errors.
 */
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

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
  private readonly store = new GrantStore();
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
    return this.store.verifyAccessToken(token);
  }

  revokeGrants(address: string, revocation: GrantRevocation, keepAccessTokens = false): number {
    return this.store.revoke(address, revocation, keepAccessTokens);
  }

  expireAccessTokens(address: string): void {
    this.store.expireAccessTokens(address);
  }

  reset(): void {
    this.store.clear();
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
    else if (req.method === 'POST' && route === 'oauth2/v2.0/token') await tokenEndpoint(req, res, origin, this.store, this.tokenSettings(), this.signer());
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
    const grant = this.store.grant(mailbox, p.get('client_id')!, scopes);
    const code = this.store.newCode({
      grant,
      redirectUri: p.get('redirect_uri')!,
      challenge: p.get('code_challenge')!,
      nonce: p.get('nonce'),
      expiresAt: Date.now() + 10 * 60_000,
    });
    respond(res, p, { code, client_info: this.clientInfo(mailbox), session_state: randomUUID() });
  }

  private clientInfo(mailbox: MailboxInfo): string {
    return Buffer.from(JSON.stringify({ uid: mailbox.userId, utid: this.tenantId })).toString('base64url');
  }

  private tokenSettings(): TokenSettings {
    return {
      tenantId: this.tenantId,
      clientIds: this.options.clientIds,
      accessTokenLifetimeSeconds: this.accessTokenLifetimeSeconds,
      rejectReusedRefreshTokens: this.rejectReusedRefreshTokens,
      takeFailure: () => {
        if (!this.tokenFailure || this.tokenFailure.count <= 0) return null;
        this.tokenFailure.count -= 1;
        return this.tokenFailure.status;
      },
      issuer: (origin) => this.issuer(origin),
      clientInfo: (mailbox) => this.clientInfo(mailbox),
      mailboxOf: this.mailboxOf,
    };
  }

  private signer(): Signer {
    return { jwk: this.jwk, sign: (jwt) => jwt.sign(this.signingKey) };
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

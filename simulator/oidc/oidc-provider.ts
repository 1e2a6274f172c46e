import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { demoUsers, type DemoUser } from './demo-users';
import { verifiesChallenge } from './pkce';

/**
 * A small OpenID Connect provider that behaves like Google's and Microsoft's for installed
 * apps: authorization code + PKCE (S256) with a loopback redirect, RS256 ID tokens with a kid,
 * a JWKS, and the providers' error shapes. Development and tests only.
 */
export interface OidcProviderOptions {
  /** e.g. "google" or "microsoft": the path prefix and the issuer's last segment. */
  readonly name: string;
  readonly clientIds: readonly string[];
  readonly now?: () => number;
}

interface PendingCode {
  readonly user: DemoUser;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly nonce: string | null;
  readonly expiresAt: number;
}

export interface OidcProvider {
  readonly name: string;
  issuer(origin: string): string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL, origin: string): Promise<boolean>;
}

export async function createOidcProvider(options: OidcProviderOptions): Promise<OidcProvider> {
  const now = options.now ?? (() => Date.now());
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `sim-${options.name}-${randomBytes(4).toString('hex')}`;
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const codes = new Map<string, PendingCode>();
  const prefix = `/${options.name}`;
  const issuer = (origin: string) => `${origin}${prefix}`;

  const authorize = (res: ServerResponse, url: URL) => {
    const p = url.searchParams;
    const clientId = p.get('client_id') ?? '';
    const redirectUri = p.get('redirect_uri') ?? '';
    if (!options.clientIds.includes(clientId)) return sendHtml(res, 400, 'Error 401: invalid_client — The OAuth client was not found.');
    if (!isLoopbackRedirect(redirectUri)) return sendHtml(res, 400, 'Error 400: redirect_uri_mismatch — installed apps must use a loopback redirect.');
    const back = new URL(redirectUri);
    const state = p.get('state');
    if (state) back.searchParams.set('state', state);
    const fail = (error: string, description: string) => {
      back.searchParams.set('error', error);
      back.searchParams.set('error_description', description);
      return redirect(res, back.href);
    };
    if (p.get('response_type') !== 'code') return fail('unsupported_response_type', 'Only the code flow is supported.');
    if (!(p.get('scope') ?? '').split(' ').includes('openid')) return fail('invalid_scope', 'The openid scope is required.');
    if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) return fail('invalid_request', 'PKCE with S256 is required.');
    const hint = p.get('login_hint');
    const user = demoUsers.find((u) => u.email === hint);
    if (!user) return sendHtml(res, 200, chooser(url, options.name));
    const code = randomBytes(24).toString('base64url');
    codes.set(code, { user, clientId, redirectUri, challenge: p.get('code_challenge')!, nonce: p.get('nonce'), expiresAt: now() + 60_000 });
    back.searchParams.set('code', code);
    return redirect(res, back.href);
  };

  const token = async (req: IncomingMessage, res: ServerResponse, origin: string) => {
    const form = new URLSearchParams(await readBody(req));
    if (form.get('grant_type') !== 'authorization_code') return sendJson(res, 400, { error: 'unsupported_grant_type' });
    const pending = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    if (!pending || pending.expiresAt < now()) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Malformed auth code.' });
    if (pending.clientId !== form.get('client_id')) return sendJson(res, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    if (pending.redirectUri !== form.get('redirect_uri')) return sendJson(res, 400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' });
    if (!verifiesChallenge(form.get('code_verifier') ?? '', pending.challenge)) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Invalid code verifier.' });
    const issuedAt = Math.floor(now() / 1000);
    const idToken = await new SignJWT({
      email: pending.user.email,
      email_verified: pending.user.emailVerified,
      name: pending.user.name,
      ...(pending.nonce ? { nonce: pending.nonce } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer(origin))
      .setAudience(pending.clientId)
      .setSubject(pending.user.sub)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 3600)
      .sign(privateKey);
    return sendJson(res, 200, {
      access_token: randomBytes(24).toString('base64url'),
      expires_in: 3599,
      token_type: 'Bearer',
      scope: 'openid email profile',
      id_token: idToken,
    });
  };

  return {
    name: options.name,
    issuer,
    async handle(req, res, url, origin) {
      if (!url.pathname.startsWith(`${prefix}/`)) return false;
      const path = url.pathname.slice(prefix.length);
      if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
        sendJson(res, 200, {
          issuer: issuer(origin),
          authorization_endpoint: `${issuer(origin)}/authorize`,
          token_endpoint: `${issuer(origin)}/token`,
          jwks_uri: `${issuer(origin)}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          scopes_supported: ['openid', 'email', 'profile'],
        });
      } else if (req.method === 'GET' && path === '/jwks') {
        sendJson(res, 200, { keys: [jwk] });
      } else if (req.method === 'GET' && path === '/authorize') {
        authorize(res, url);
      } else if (req.method === 'POST' && path === '/token') {
        await token(req, res, origin);
      } else {
        sendJson(res, 404, { error: 'not_found' });
      }
      return true;
    },
  };
}

function isLoopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === '[::1]') && u.port !== '';
  } catch {
    return false;
  }
}

function chooser(url: URL, provider: string): string {
  const links = demoUsers
    .map((u) => {
      const next = new URL(url.href);
      next.searchParams.set('login_hint', u.email);
      return `<li><a href="${escapeHtml(next.pathname + next.search)}">${escapeHtml(u.name)} &lt;${escapeHtml(u.email)}&gt;</a></li>`;
    })
    .join('');
  return `<h1>Choose an account</h1><p>to continue to LeadPulse (${escapeHtml(provider)} simulator)</p><ul>${links}</ul>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 64 * 1024) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'" })
    .end(`<!doctype html><meta charset="utf-8"><title>Sign in</title>${body}`);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' }).end();
}

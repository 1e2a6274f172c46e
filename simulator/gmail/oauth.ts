import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifiesChallenge } from '../oidc/pkce';
import { accessTokenLifetimeSeconds, type Grant } from './grants';
import { bearerToken, escapeHtml, readBody, redirect, sendHtml, sendJson } from './http';
import type { LoggedRequest } from './request-log';
import type { GmailState } from './state';

/**
 * Google's OAuth 2.0 server for installed apps, as google-auth-library's OAuth2Client uses it:
 * authorize (consent page) -> code (+ PKCE S256) -> token, refresh_token grant, revoke,
 * tokeninfo, userinfo and the ID-token certificates. Mounted under /gmail-oauth.
 */
export const oauthPrefix = '/gmail-oauth';

const knownScopes = new Set([
  'openid', 'email', 'profile',
  'https://www.googleapis.com/auth/userinfo.email', 'https://www.googleapis.com/auth/userinfo.profile',
  'https://www.googleapis.com/auth/gmail.readonly', 'https://www.googleapis.com/auth/gmail.send',
  'https://www.googleapis.com/auth/gmail.metadata', 'https://www.googleapis.com/auth/gmail.modify',
  'https://www.googleapis.com/auth/gmail.compose', 'https://mail.google.com/',
]);

const scopeWords: Record<string, string> = {
  'https://www.googleapis.com/auth/gmail.readonly': 'Read your email messages and settings',
  'https://www.googleapis.com/auth/gmail.send': 'Send email on your behalf',
  'https://www.googleapis.com/auth/gmail.modify': 'Read, compose and send emails from your Gmail account',
  'https://mail.google.com/': 'Read, compose, send and permanently delete all your email from Gmail',
};

interface AuthorizationRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string | null;
  readonly scopes: readonly string[];
  readonly challenge: string;
  readonly offline: boolean;
  readonly forceConsent: boolean;
  readonly nonce: string | null;
  readonly loginHint: string | null;
  readonly expiresAt: number;
}

export function createOAuthRoutes(state: GmailState) {
  const requests = new Map<string, AuthorizationRequest>();
  const issuer = (origin: string) => `${origin}${oauthPrefix}`;

  const authorize = (res: ServerResponse, url: URL) => {
    const p = url.searchParams;
    const clientId = p.get('client_id') ?? '';
    const redirectUri = p.get('redirect_uri') ?? '';
    const scopes = (p.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (!state.clientIds.includes(clientId)) return errorPage(res, 'invalid_client', 'The OAuth client was not found.');
    if (!isLoopbackRedirect(redirectUri)) return errorPage(res, 'redirect_uri_mismatch', 'Desktop apps must redirect to a loopback address (http://127.0.0.1:<port>).');
    if (p.get('response_type') !== 'code') return errorPage(res, 'unsupported_response_type', 'Only response_type=code is supported.');
    if (scopes.length === 0) return errorPage(res, 'invalid_request', 'Missing required parameter: scope');
    const unknown = scopes.filter((s) => !knownScopes.has(s));
    if (unknown.length > 0) return errorPage(res, 'invalid_scope', `Some requested scopes were invalid: ${unknown.join(' ')}`);
    if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) return errorPage(res, 'invalid_request', 'The simulator requires PKCE with code_challenge_method=S256.');
    const id = randomBytes(16).toString('base64url');
    const request: AuthorizationRequest = {
      clientId, redirectUri, scopes, state: p.get('state'), challenge: p.get('code_challenge')!,
      offline: p.get('access_type') === 'offline', forceConsent: (p.get('prompt') ?? '').split(' ').includes('consent'),
      nonce: p.get('nonce'), loginHint: p.get('login_hint'), expiresAt: state.now() + 10 * 60_000,
    };
    requests.set(id, request);
    const auto = p.get('sim_approve') ?? state.settings.autoApproveAs;
    if (auto && state.mailbox(auto)) return approve(res, id, auto);
    return sendHtml(res, 200, 'Sign in - Google Accounts (simulator)', consentPage(id, request, state));
  };

  const approve = (res: ServerResponse, id: string, email: string | null) => {
    const request = requests.get(id);
    requests.delete(id);
    if (!request || request.expiresAt < state.now()) return errorPage(res, 'invalid_request', 'This sign-in request has expired. Start again from the app.');
    const back = new URL(request.redirectUri);
    if (email === null || !state.mailbox(email)) {
      back.searchParams.set('error', 'access_denied');
    } else {
      back.searchParams.set('code', state.grants.issueCode({
        clientId: request.clientId, email: email.toLowerCase(), redirectUri: request.redirectUri, challenge: request.challenge,
        scopes: request.scopes, offline: request.offline, forceConsent: request.forceConsent, nonce: request.nonce,
      }));
      back.searchParams.set('scope', request.scopes.join(' '));
    }
    if (request.state !== null) back.searchParams.set('state', request.state);
    return redirect(res, back.href);
  };

  const tokenResponse = async (grant: Grant, origin: string, refreshToken: string | null, nonce: string | null) => {
    const entry = state.mailbox(grant.email);
    const body: Record<string, unknown> = {
      access_token: state.grants.issueAccessToken(grant),
      expires_in: accessTokenLifetimeSeconds,
      scope: grant.scopes.join(' '),
      token_type: 'Bearer',
    };
    if (refreshToken !== null) body.refresh_token = refreshToken;
    if (grant.scopes.includes('openid') && entry) {
      body.id_token = await state.signer.sign(
        { azp: grant.clientId, email: grant.email, email_verified: true, name: entry.mailbox.name, ...(nonce ? { nonce } : {}) },
        issuer(origin), grant.clientId, entry.mailbox.sub, state.now(),
      );
    }
    return body;
  };

  const token = async (req: IncomingMessage, res: ServerResponse, origin: string, log: LoggedRequest) => {
    const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
    const clientId = form.get('client_id') ?? '';
    if (!state.clientIds.includes(clientId)) return sendJson(res, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    switch (form.get('grant_type')) {
      case 'authorization_code': {
        const pending = state.grants.takeCode(form.get('code') ?? '');
        if (!pending) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Malformed auth code.' });
        log.mailbox = pending.email;
        if (pending.clientId !== clientId) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
        if (pending.redirectUri !== form.get('redirect_uri')) return sendJson(res, 400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' });
        if (!form.get('code_verifier')) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Missing code verifier.' });
        if (!verifiesChallenge(form.get('code_verifier')!, pending.challenge)) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Invalid code verifier.' });
        const { grant, newRefreshToken } = state.grants.grantFor(pending);
        return sendJson(res, 200, await tokenResponse(grant, origin, newRefreshToken, pending.nonce));
      }
      case 'refresh_token': {
        const grant = state.grants.grantByRefreshToken(form.get('refresh_token') ?? '');
        log.mailbox = grant?.email ?? state.grants.emailOfToken(form.get('refresh_token') ?? '');
        if (!grant || grant.clientId !== clientId) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        const rotated = state.settings.rotateRefreshTokens ? state.grants.rotate(grant) : null;
        return sendJson(res, 200, await tokenResponse(grant, origin, rotated, null));
      }
      default:
        return sendJson(res, 400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${form.get('grant_type') ?? ''}` });
    }
  };

  const revoke = async (req: IncomingMessage, res: ServerResponse, url: URL, log: LoggedRequest) => {
    const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
    const tokenValue = url.searchParams.get('token') ?? form.get('token') ?? '';
    log.mailbox = state.grants.emailOfToken(tokenValue);
    const grant = state.grants.revokeToken(tokenValue);
    if (!grant) return sendJson(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
    return sendJson(res, 200, {});
  };

  const accessTokenInfo = (req: IncomingMessage, url: URL, log: LoggedRequest) => {
    const value = url.searchParams.get('access_token') ?? bearerToken(req) ?? '';
    const checked = state.grants.checkAccessToken(value);
    log.mailbox = checked?.grant.email ?? null;
    return checked;
  };

  return {
    issuer,
    async handle(req: IncomingMessage, res: ServerResponse, url: URL, origin: string, log: LoggedRequest): Promise<void> {
      const path = url.pathname.slice(oauthPrefix.length);
      if (req.method === 'GET' && path === '/auth') return authorize(res, url);
      if (req.method === 'GET' && path === '/approve') return approve(res, url.searchParams.get('request') ?? '', url.searchParams.get('account'));
      if (req.method === 'POST' && path === '/token') return token(req, res, origin, log);
      if (req.method === 'POST' && path === '/revoke') return revoke(req, res, url, log);
      if (path === '/tokeninfo') {
        const checked = accessTokenInfo(req, url, log);
        if (!checked) return sendJson(res, 400, { error: 'invalid_token', error_description: 'Invalid Value' });
        const { grant, expiresInSeconds } = checked;
        return sendJson(res, 200, {
          azp: grant.clientId, aud: grant.clientId, sub: state.mailbox(grant.email)?.mailbox.sub, scope: grant.scopes.join(' '),
          exp: String(Math.floor(state.now() / 1000) + expiresInSeconds), expires_in: expiresInSeconds,
          email: grant.email, email_verified: 'true', access_type: grant.refreshToken ? 'offline' : 'online',
        });
      }
      if (req.method === 'GET' && path === '/userinfo') {
        const checked = accessTokenInfo(req, url, log);
        if (!checked) return sendJson(res, 401, { error: 'invalid_request', error_description: 'Invalid Credentials' });
        const entry = state.mailbox(checked.grant.email);
        return sendJson(res, 200, { sub: entry?.mailbox.sub, email: checked.grant.email, email_verified: true, name: entry?.mailbox.name });
      }
      if (req.method === 'GET' && path === '/certs') return sendJson(res, 200, { [state.signer.kid]: state.signer.pem }, { 'Cache-Control': 'public, max-age=3600' });
      if (req.method === 'GET' && path === '/jwks') return sendJson(res, 200, { keys: [state.signer.jwk] }, { 'Cache-Control': 'public, max-age=3600' });
      return sendJson(res, 404, { error: 'not_found' });
    },
  };
}

function consentPage(id: string, request: AuthorizationRequest, state: GmailState): string {
  const accounts = [...state.mailboxes.values()]
    .sort((a, b) => Number(b.mailbox.email === request.loginHint) - Number(a.mailbox.email === request.loginHint))
    .map(({ mailbox }) => {
      const href = `${oauthPrefix}/approve?request=${encodeURIComponent(id)}&account=${encodeURIComponent(mailbox.email)}`;
      return `<li><a href="${escapeHtml(href)}">Allow as ${escapeHtml(mailbox.name)} &lt;${escapeHtml(mailbox.email)}&gt;</a></li>`;
    })
    .join('');
  const asks = request.scopes.filter((s) => scopeWords[s]).map((s) => `<li>${escapeHtml(scopeWords[s]!)}</li>`).join('');
  const cancel = `${oauthPrefix}/approve?request=${encodeURIComponent(id)}&account=`;
  return `<main style="font-family:sans-serif;max-width:32rem;margin:2rem auto"><h1>LeadPulse wants to access your Google Account</h1>`
    + `<p>Mail provider simulator: no real Google account is used.</p><p>LeadPulse will be able to:</p><ul>${asks}</ul>`
    + `<h2>Choose a mailbox</h2><ul>${accounts}</ul><p><a href="${escapeHtml(cancel)}">Cancel</a></p></main>`;
}

function errorPage(res: ServerResponse, error: string, description: string): void {
  sendHtml(res, 400, 'Error 400', `<h1>Access blocked: authorization error</h1><p>Error 400: ${escapeHtml(error)}</p><p>${escapeHtml(description)}</p>`);
}

function isLoopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname);
  } catch {
    return false;
  }
}

import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT, type JWK } from 'jose';
import { verifiesChallenge } from '../oidc/pkce';
import type { Grant, GrantStore } from './grants';
import { readBody, sendAadError, sendJson } from './http';
import type { MailboxInfo } from './mailbox';
import { graphScopesOf, hasScope } from './scopes';

/**
 * POST /{tenant}/oauth2/v2.0/token: authorization_code (PKCE S256) and refresh_token (rotation),
 * with the identity platform's AADSTS errors; answers access, refresh and ID tokens and client_info.
 */
export interface TokenSettings {
  readonly tenantId: string;
  readonly clientIds: readonly string[];
  readonly accessTokenLifetimeSeconds: number;
  readonly rejectReusedRefreshTokens: boolean;
  /** Consumes one injected failure, if any: its status. */
  takeFailure(): number | null;
  issuer(origin: string): string;
  clientInfo(mailbox: MailboxInfo): string;
  readonly mailboxOf: WeakMap<ServerResponse, string>;
}

export interface Signer {
  readonly jwk: JWK;
  sign(jwt: SignJWT): Promise<string>;
}

export async function tokenEndpoint(req: IncomingMessage, res: ServerResponse, origin: string, store: GrantStore, settings: TokenSettings, signer: Signer): Promise<void> {
  const form = new URLSearchParams(await readBody(req, 64 * 1024));
  const failure = settings.takeFailure();
  if (failure !== null) return sendAadError(res, failure, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.');
  const clientId = form.get('client_id') ?? '';
  if (!settings.clientIds.includes(clientId)) {
    return sendAadError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory 'LeadPulse Simulator'.`);
  }
  const grantType = form.get('grant_type');
  const issue = (grant: Grant, nonce: string | null) => issueTokens(res, grant, form.get('scope'), origin, nonce, store, settings, signer);
  if (grantType === 'authorization_code') {
    const pending = store.code(form.get('code') ?? '');
    if (!pending) return sendAadError(res, 400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
    settings.mailboxOf.set(res, pending.grant.mailbox.address);
    if (pending.redeemed) return sendAadError(res, 400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
    pending.redeemed = true;
    if (pending.expiresAt < Date.now()) return sendAadError(res, 400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
    if (pending.grant.clientId !== clientId) return sendAadError(res, 400, 'invalid_grant', 70000, 'The provided value for the code parameter is not valid.');
    if (pending.redirectUri !== form.get('redirect_uri')) return sendAadError(res, 400, 'invalid_grant', 70000, 'The redirect_uri does not match the one used to acquire the authorization code.');
    if (!verifiesChallenge(form.get('code_verifier') ?? '', pending.challenge)) {
      return sendAadError(res, 400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
    }
    return issue(pending.grant, pending.nonce);
  }
  if (grantType === 'refresh_token') {
    const presented = form.get('refresh_token') ?? '';
    const grant = store.grantOfRefreshToken(presented);
    if (!grant || grant.clientId !== clientId) return sendAadError(res, 400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
    settings.mailboxOf.set(res, grant.mailbox.address);
    if (grant.revoked) {
      const { reason, suberror } = grant.revoked;
      const extra = suberror ? { suberror } : {};
      if (reason === 'expired') {
        return sendAadError(res, 400, 'invalid_grant', 700082, `The refresh token has expired due to inactivity. The token was issued on ${new Date(Date.now() - 90 * 86_400_000).toISOString()} and was inactive for 90.00:00:00.`, extra);
      }
      return sendAadError(res, 400, 'invalid_grant', 50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.', extra);
    }
    if (settings.rejectReusedRefreshTokens && store.wasSpent(presented)) {
      return sendAadError(res, 400, 'invalid_grant', 70000, 'The provided grant has already been used.', { suberror: 'bad_token' });
    }
    const missing = (graphScopesOf(form.get('scope') ?? '') ?? []).filter((s) => !hasScope(grant.scopes, s));
    if (missing.length) {
      return sendAadError(res, 400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${grant.clientId}'. Send an interactive authorization request for this user and resource.`, { suberror: 'consent_required' });
    }
    store.spendRefreshToken(presented);
    return issue(grant, null);
  }
  sendAadError(res, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType ?? ''}'.`);
}

async function issueTokens(
  res: ServerResponse, grant: Grant, scope: string | null, origin: string, nonce: string | null,
  store: GrantStore, settings: TokenSettings, signer: Signer,
): Promise<void> {
  const requested = graphScopesOf(scope ?? '') ?? [];
  const scopes = requested.length ? requested.filter((s) => hasScope(grant.scopes, s)) : [...grant.scopes];
  const lifetime = settings.accessTokenLifetimeSeconds;
  const accessToken = store.newAccessToken(grant, scopes, lifetime);
  const refreshToken = store.newRefreshToken(grant);
  const now = Math.floor(Date.now() / 1000);
  const idToken = await signer.sign(new SignJWT({
    name: grant.mailbox.displayName,
    oid: grant.mailbox.userId,
    preferred_username: grant.mailbox.address,
    tid: settings.tenantId,
    ver: '2.0',
    uti: randomBytes(16).toString('base64url'),
    ...(nonce ? { nonce } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid: signer.jwk.kid!, typ: 'JWT' })
    .setIssuer(settings.issuer(origin))
    .setAudience(grant.clientId)
    .setSubject(createHash('sha256').update(`${grant.clientId}:${grant.mailbox.userId}`).digest('base64url'))
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 3600));
  sendJson(res, 200, {
    token_type: 'Bearer',
    scope: [...scopes, 'openid', 'profile', 'email'].join(' '),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: accessToken,
    refresh_token: refreshToken,
    id_token: idToken,
    client_info: settings.clientInfo(grant.mailbox),
  });
}

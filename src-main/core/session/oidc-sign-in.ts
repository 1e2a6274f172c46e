import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as oidc from 'openid-client';
import type { OidcIssuerConfig } from '../config/desktop-config';
import { isLoopbackUrl, listenOnLoopback, LOOPBACK_HOST } from '../net/loopback';
import { sameSecret } from '../net/same-secret';
import { SignInError } from './errors';

/**
 * Interactive OpenID Connect sign-in for an installed app (RFC 8252): the system browser
 * shows the provider's page, the provider redirects to a one-shot HTTP listener on
 * 127.0.0.1 (random port), and the code is exchanged with PKCE (S256), state and nonce.
 * openid-client (panva, a certified relying party) does discovery, the authorization URL,
 * the code exchange and the ID token checks (iss, aud, exp, nonce, signature via JWKS).
 */
export interface InteractiveSignInOptions {
  readonly issuer: OidcIssuerConfig;
  /** The provider's display name for messages, e.g. "Google". */
  readonly providerLabel: string;
  /** Pre-selects the account at the provider (login_hint). */
  readonly loginHint?: string;
  /** How long to wait for the browser to come back. Default 5 minutes. */
  readonly timeoutMs?: number;
}

export interface StartedSignIn {
  /** The provider's authorization URL to open in the browser. */
  readonly authorizationUrl: string;
  /** Origin of the provider's authorization endpoint: the only origin the app may open. */
  readonly authorizationEndpoint: string;
  /** The verified ID token once the browser came back and the code was exchanged. */
  readonly result: Promise<{ readonly idToken: string }>;
  /** Stops listening; `result` rejects with a cancelled SignInError. */
  cancel(): void;
}

const CALLBACK_PATH = '/callback';

export async function startInteractiveSignIn(options: InteractiveSignInOptions): Promise<StartedSignIn> {
  const { issuer, providerLabel } = options;
  let config: oidc.Configuration;
  try {
    // Plain http is allowed only for a provider on this computer (the development simulator).
    const issuerUrl = new URL(issuer.issuer);
    const loopbackHttp = issuerUrl.protocol === 'http:' && isLoopbackUrl(issuerUrl);
    config = await oidc.discovery(
      issuerUrl,
      issuer.clientId,
      issuer.clientSecret,
      issuer.clientSecret ? oidc.ClientSecretPost(issuer.clientSecret) : oidc.None(),
      loopbackHttp ? { execute: [oidc.allowInsecureRequests], timeout: 15 } : { timeout: 15 },
    );
  } catch (error) {
    throw new SignInError(
      'provider-unreachable',
      `LeadPulse could not reach ${providerLabel} to start signing in. Check this computer's internet connection and try again.`,
      { cause: error },
    );
  }
  const authorizationEndpoint = config.serverMetadata().authorization_endpoint;
  if (!authorizationEndpoint) {
    throw new SignInError('provider-misconfigured', `${providerLabel} sign-in is not set up correctly on this computer. Contact your IT team.`);
  }

  const verifier = oidc.randomPKCECodeVerifier();
  const challenge = await oidc.calculatePKCECodeChallenge(verifier);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();

  const server = createServer();
  const redirectUri = `http://${LOOPBACK_HOST}:${await listenOnLoopback(server)}${CALLBACK_PATH}`;

  const parameters: Record<string, string> = {
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  };
  if (options.loginHint) parameters.login_hint = options.loginHint;
  else parameters.prompt = 'select_account';
  const authorizationUrl = oidc.buildAuthorizationUrl(config, parameters).href;

  let settle: { resolve: (v: { idToken: string }) => void; reject: (e: unknown) => void } | null = null;
  const result = new Promise<{ idToken: string }>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = (outcome: { idToken: string } | SignInError) => {
    const pending = settle;
    settle = null;
    clearTimeout(timer);
    closeServer(server);
    if (!pending) return;
    if (outcome instanceof SignInError) pending.reject(outcome);
    else pending.resolve(outcome);
  };
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const minutes = Math.max(1, Math.round(timeoutMs / 60_000));
  const timer = setTimeout(
    () =>
      finish(
        new SignInError(
          'timed-out',
          `No answer came back from ${providerLabel} within ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, so the sign-in was stopped. ` +
            'If the browser page was closed before you finished, nothing was changed. Try again.',
        ),
      ),
    timeoutMs,
  );
  timer.unref?.();
  // The listener failing once it is up (rare: out of file handles) ends this sign-in, not the app.
  server.on('error', (error) =>
    finish(new SignInError('listener-failed', `LeadPulse stopped waiting for ${providerLabel}'s answer on this computer. Try again.`, { cause: error })),
  );

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const current = new URL(req.url ?? '/', redirectUri);
      if (req.method !== 'GET' || current.pathname !== CALLBACK_PATH || settle === null) {
        res.writeHead(404, PAGE_HEADERS).end(page('Not found', 'This address is only used while LeadPulse signs you in.'));
        return;
      }
      // A response that does not carry our state was not started by this sign-in (an old tab,
      // or another program trying to sign the app in as someone else): refuse it, keep waiting.
      if (!sameSecret(current.searchParams.get('state'), state)) {
        res.writeHead(400, PAGE_HEADERS).end(page('This sign-in link is not valid', 'It does not belong to the sign-in LeadPulse is waiting for. Close this tab and start again from LeadPulse.'));
        return;
      }
      const providerError = current.searchParams.get('error');
      if (providerError !== null) {
        const cancelled = providerError === 'access_denied';
        const message = cancelled
          ? `You cancelled the sign-in at ${providerLabel}. Nothing was changed.`
          : `${providerLabel} did not complete the sign-in (${providerError.slice(0, 40)}). Try again; if it keeps happening, contact your IT team.`;
        res.writeHead(200, PAGE_HEADERS).end(page('Sign-in not completed', message + ' You can close this tab.'));
        finish(new SignInError(cancelled ? 'cancelled' : 'provider-refused', message));
        return;
      }
      try {
        const tokens = await oidc.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: verifier,
          expectedState: state,
          expectedNonce: nonce,
          idTokenExpected: true,
        });
        if (!tokens.id_token) throw new Error('no id_token');
        res.writeHead(200, PAGE_HEADERS).end(page('You are signed in', 'Return to LeadPulse. You can close this tab.'));
        finish({ idToken: tokens.id_token });
      } catch (error) {
        const message = `${providerLabel}'s answer could not be verified, so LeadPulse did not sign you in. Try again.`;
        res.writeHead(400, PAGE_HEADERS).end(page('Sign-in not completed', message));
        finish(new SignInError('verification-failed', message, { cause: error }));
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  return {
    authorizationUrl,
    authorizationEndpoint,
    result,
    cancel: () => finish(new SignInError('cancelled', 'The sign-in was stopped. Nothing was changed.')),
  };
}

function closeServer(server: Server): void {
  // Let the last response flush, then drop keep-alive sockets so the port is freed.
  server.close();
  setTimeout(() => server.closeAllConnections(), 200).unref?.();
}

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

function page(title: string, text: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><title>LeadPulse — ${esc(title)}</title>
<body style="font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;color:#1f2933">
<h1 style="font-size:1.4rem">${esc(title)}</h1><p>${esc(text)}</p></body>`;
}

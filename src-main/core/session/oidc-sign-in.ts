import * as oidc from 'openid-client';
import type { OidcIssuerConfig } from '../config/desktop-config';
import { isLoopbackUrl } from '../net/loopback';
import { LoopbackFlowError, receiveLoopbackRedirect } from '../oauth/loopback-redirect';
import { SignInError } from './errors';

/**
 * Interactive OpenID Connect sign-in for an installed app (RFC 8252): the system browser
 * shows the provider's page, the provider redirects to the one-shot loopback listener of
 * core/oauth, and the code is exchanged with PKCE (S256), state and nonce.
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
  const nonce = oidc.randomNonce();

  const redirect = await receiveLoopbackRedirect({
    providerLabel,
    timeoutMs: options.timeoutMs,
    doneTitle: 'You are signed in',
    complete: async (callbackUrl) => {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: verifier,
        expectedState: redirect.state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      if (!tokens.id_token) throw new Error('no id_token');
      return { idToken: tokens.id_token };
    },
  });

  const parameters: Record<string, string> = {
    redirect_uri: redirect.redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: redirect.state,
    nonce,
  };
  if (options.loginHint) parameters.login_hint = options.loginHint;
  else parameters.prompt = 'select_account';
  const authorizationUrl = oidc.buildAuthorizationUrl(config, parameters).href;

  return {
    authorizationUrl,
    authorizationEndpoint,
    // The session speaks SignInError: same codes, same words.
    result: redirect.result.catch((error: unknown) => {
      throw error instanceof LoopbackFlowError ? new SignInError(error.code, error.message, { cause: error.cause }) : error;
    }),
    cancel: () => redirect.cancel(),
  };
}

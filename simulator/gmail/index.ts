import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGmailApi, gmailApiPrefix } from './api';
import { controlPrefix, createControlRoutes } from './control';
import { createOAuthRoutes, oauthPrefix } from './oauth';
import { GmailState } from './state';

/**
 * The Gmail half of the mail provider simulator: Google's OAuth 2.0 server for installed apps
 * (/gmail-oauth), the Gmail REST v1 subset (/gmail/v1/users/...), and a control API for tests
 * (/_control/gmail). Mount it with `handle` in any node:http server.
 */
export interface GmailSimulatorOptions {
  readonly clientIds: readonly string[];
  readonly now?: () => number;
}

export interface GmailEndpoints {
  /** google.gmail({ version: 'v1', rootUrl }) */
  readonly rootUrl: string;
  /** new OAuth2Client({ endpoints }) */
  readonly oauth2AuthBaseUrl: string;
  readonly oauth2TokenUrl: string;
  readonly oauth2RevokeUrl: string;
  readonly tokenInfoUrl: string;
  readonly oauth2FederatedSignonPemCertsUrl: string;
  readonly oauth2FederatedSignonJwkCertsUrl: string;
  /** ID-token issuer: pass as OAuth2Client's `issuers` to verify ID tokens. */
  readonly issuer: string;
  readonly userinfoUrl: string;
  readonly controlUrl: string;
}

export interface GmailSimulator {
  endpoints(origin: string): GmailEndpoints;
  /** Serves the request if it is the Gmail simulator's; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, origin: string): Promise<boolean>;
}

export function gmailEndpoints(origin: string): GmailEndpoints {
  const oauth = `${origin}${oauthPrefix}`;
  return {
    rootUrl: `${origin}/`,
    oauth2AuthBaseUrl: `${oauth}/auth`,
    oauth2TokenUrl: `${oauth}/token`,
    oauth2RevokeUrl: `${oauth}/revoke`,
    tokenInfoUrl: `${oauth}/tokeninfo`,
    oauth2FederatedSignonPemCertsUrl: `${oauth}/certs`,
    oauth2FederatedSignonJwkCertsUrl: `${oauth}/jwks`,
    issuer: oauth,
    userinfoUrl: `${oauth}/userinfo`,
    controlUrl: `${origin}${controlPrefix}`,
  };
}

export async function createGmailSimulator(options: GmailSimulatorOptions): Promise<GmailSimulator> {
  const state = await GmailState.create(options.clientIds, options.now ?? (() => Date.now()));
  const oauth = createOAuthRoutes(state);
  const api = createGmailApi(state);
  const control = createControlRoutes(state);
  return {
    endpoints: gmailEndpoints,
    async handle(req, res, url, origin) {
      const path = url.pathname;
      if (path === controlPrefix || path.startsWith(`${controlPrefix}/`)) {
        await control.handle(req, res, url);
        return true;
      }
      const isOAuth = path.startsWith(`${oauthPrefix}/`);
      if (!isOAuth && !path.startsWith(gmailApiPrefix)) return false;
      const log = state.log.record(req.method ?? 'GET', path, res);
      if (isOAuth) await oauth.handle(req, res, url, origin, log);
      else await api.handle(req, res, url, log);
      return true;
    },
  };
}

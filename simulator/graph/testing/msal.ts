import { PublicClientApplication, type AuthenticationResult, type Configuration } from '@azure/msal-node';
import type { GraphSimulator } from '../server';
import { actAsBrowser } from './browser';

export const mailScopes = ['Mail.Read', 'Mail.Send', 'User.Read'];

/** The real msal-node public client, configured for the simulator the way the app will be. */
export function msalFor(sim: GraphSimulator, overrides: Partial<Configuration['auth']> = {}): PublicClientApplication {
  return new PublicClientApplication({
    auth: { clientId: sim.clientId, authority: sim.authority, knownAuthorities: [...sim.knownAuthorities], ...overrides },
  });
}

/** acquireTokenInteractive with its own loopback listener; the "browser" accepts for `mailbox`. */
export async function signIn(app: PublicClientApplication, mailbox: string, scopes = mailScopes): Promise<AuthenticationResult> {
  return app.acquireTokenInteractive({
    scopes,
    loginHint: mailbox,
    openBrowser: (url) => actAsBrowser(url, mailbox),
    successTemplate: 'Signed in. You can close this window.',
  });
}

export async function graph(sim: GraphSimulator, token: string, path: string, init: RequestInit & { prefer?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${token}`);
  if (init.prefer) headers.set('Prefer', init.prefer);
  const url = path.startsWith('https://') ? path : `${sim.graphBaseUrl}${path}`;
  return fetch(url, { ...init, headers });
}

/** A signed-in token for `mailbox` through the real msal-node flow (auto-approved consent). */
export async function accessTokenFor(sim: GraphSimulator, mailbox: string): Promise<string> {
  sim.control.setBehaviour({ autoApprove: mailbox });
  const result = await signIn(msalFor(sim), mailbox);
  sim.control.setBehaviour({ autoApprove: false });
  return result.accessToken;
}

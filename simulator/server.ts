import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGmailSimulator, gmailEndpoints, type GmailEndpoints } from './gmail';
import { createOidcProvider, type OidcProvider } from './oidc/oidc-provider';

/**
 * The provider simulator: stands in for Google and Microsoft on machines that cannot reach
 * them (development, CI): their OpenID Connect sign-in, and Google's OAuth server with the Gmail
 * API subset and its control API (simulator/gmail, simulator/README.md).
 */
export interface Simulator {
  readonly origin: string;
  readonly issuers: { readonly google: string; readonly microsoft: string };
  readonly clientId: string;
  /** Where to point googleapis / google-auth-library (rootUrl, OAuth2Client endpoints) and the control API. */
  readonly gmail: GmailEndpoints;
  close(): Promise<void>;
}

export const simulatorClientId = 'leadpulse-desktop-dev.apps.simulator';

export async function startSimulator(port = 0): Promise<Simulator> {
  const providers: OidcProvider[] = await Promise.all(
    ['google', 'microsoft'].map((name) => createOidcProvider({ name, clientIds: [simulatorClientId] })),
  );
  const gmail = await createGmailSimulator({ clientIds: [simulatorClientId] });
  const server: Server = createServer((req, res) => {
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const url = new URL(req.url ?? '/', origin);
    void (async () => {
      for (const provider of providers) if (await provider.handle(req, res, url, origin)) return;
      if (await gmail.handle(req, res, url, origin)) return;
      res.writeHead(404).end();
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    issuers: { google: providers[0]!.issuer(origin), microsoft: providers[1]!.issuer(origin) },
    clientId: simulatorClientId,
    gmail: gmailEndpoints(origin),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createControl, handleControl, type GraphControl } from './control';
import { handleGraph } from './graph-api';
import { IdentityPlatform } from './identity';
import { Limits } from './limits';
import { TenantState, type LogEntry } from './state';
import { createLocalTls, type LocalCertificateAuthority } from './tls';

/**
 * The Microsoft half of the mail provider simulator: the Microsoft identity platform (v2.0) and a
 * Microsoft Graph mail subset on one local HTTPS origin. Development and tests only.
 */
export const graphSimulatorClientId = '5c0d6a3e-8f2b-4b7e-9a41-3e2f1d0c9b8a';
export const graphSimulatorTenantId = 'a4e3c2b1-7d6f-4e5a-9b8c-1f2e3d4c5b6a';

export const demoMailboxes: readonly { readonly address: string; readonly displayName: string }[] = [
  { address: 'leads@sunsethonda.example', displayName: 'Sunset Honda Internet Leads' },
  { address: 'bdc@sunsethonda.example', displayName: 'Sunset Honda BDC' },
];

export interface GraphSimulatorOptions {
  readonly port?: number;
  readonly clientIds?: readonly string[];
  readonly tenantId?: string;
  /** The mailboxes there at start and after reset (default: the demo mailboxes). */
  readonly mailboxes?: readonly { readonly address: string; readonly displayName: string }[];
  readonly autoApprove?: boolean | string;
  /** Reuse a local CA (so a client that trusts it keeps trusting across restarts); else one is made. */
  readonly ca?: LocalCertificateAuthority;
  /** Also write the CA certificate (PEM) here, for NODE_EXTRA_CA_CERTS. */
  readonly caCertificateFile?: string;
}

export interface GraphSimulator {
  /** https://localhost:PORT */
  readonly origin: string;
  /** msal-node `auth.authority` (the organizations endpoint; `${origin}/${tenantId}` works too). */
  readonly authority: string;
  /** msal-node `auth.knownAuthorities`: the host:port, so msal skips Microsoft's instance discovery. */
  readonly knownAuthorities: readonly string[];
  /** Alternative to knownAuthorities: msal-node `auth.cloudDiscoveryMetadata`. */
  readonly cloudDiscoveryMetadata: string;
  /** Base of the Graph API, e.g. https://localhost:PORT/v1.0 */
  readonly graphBaseUrl: string;
  readonly clientId: string;
  readonly tenantId: string;
  /** The CA that signed the server certificate: what a client must trust. */
  readonly caCertificatePem: string;
  readonly caCertificateFile: string | null;
  readonly ca: LocalCertificateAuthority;
  readonly control: GraphControl;
  close(): Promise<void>;
}

export async function startGraphSimulator(options: GraphSimulatorOptions = {}): Promise<GraphSimulator> {
  const tls = await createLocalTls(options.ca);
  const tenantId = options.tenantId ?? graphSimulatorTenantId;
  const clientIds = options.clientIds ?? [graphSimulatorClientId];
  let state: TenantState | null = null;
  const identity = await IdentityPlatform.create({ tenantId, clientIds, mailboxes: () => state?.infos() ?? [] });
  state = new TenantState(identity, new Limits());
  const tenant = state;
  const initial = () => {
    for (const m of options.mailboxes ?? demoMailboxes) tenant.createMailbox(m.address, m.displayName);
    identity.autoApprove = options.autoApprove ?? false;
  };
  initial();
  const control = createControl(tenant, initial);

  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const origin = `https://${req.headers.host ?? 'localhost'}`;
    const url = new URL(req.url ?? '/', origin);
    let mailbox: string | null = null;
    let kind: LogEntry['kind'] = 'other';
    let logged = !url.pathname.startsWith('/_control/');
    res.once('finish', () => {
      if (!logged) return;
      logged = false;
      tenant.log.push({
        time: new Date().toISOString(), method: req.method ?? 'GET', path: url.pathname,
        mailbox: mailbox ?? identity.mailboxOf.get(res) ?? null, status: res.statusCode, kind,
      });
    });
    void (async () => {
      if (await handleControl(req, res, url, control)) return;
      kind = 'identity';
      if (await identity.handle(req, res, url, origin)) return;
      kind = 'graph';
      if (await handleGraph(req, res, url, origin, tenant, (address) => (mailbox = address))) return;
      kind = 'other';
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('simulator error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = `localhost:${port}`;
  const origin = `https://${host}`;
  if (options.caCertificateFile) await writeFile(options.caCertificateFile, tls.ca.certPem, { mode: 0o644 });
  return {
    origin,
    authority: `${origin}/organizations`,
    knownAuthorities: [host],
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `${origin}/organizations/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    }),
    graphBaseUrl: `${origin}/v1.0`,
    clientId: clientIds[0]!,
    tenantId,
    caCertificatePem: tls.ca.certPem,
    caCertificateFile: options.caCertificateFile ?? null,
    ca: tls.ca,
    control,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

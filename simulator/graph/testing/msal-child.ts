/**
 * Run as a separate Node process by trust.test.ts: msal-node and fetch exactly as an app would
 * use them, with no dispatcher or agent of ours, so only NODE_EXTRA_CA_CERTS can make the
 * simulator's certificate trusted. Prints one JSON line.
 */
import { PublicClientApplication } from '@azure/msal-node';
import { actAsBrowser } from './browser';

const env = JSON.parse(process.env.GRAPH_SIMULATOR ?? '{}') as { authority: string; knownAuthorities: string[]; clientId: string; graphBaseUrl: string; mailbox: string };
try {
  const app = new PublicClientApplication({ auth: { clientId: env.clientId, authority: env.authority, knownAuthorities: env.knownAuthorities } });
  const result = await app.acquireTokenInteractive({ scopes: ['Mail.Read'], loginHint: env.mailbox, openBrowser: (url) => actAsBrowser(url) });
  const res = await fetch(`${env.graphBaseUrl}/me/mailFolders/inbox/messages?$select=subject`, { headers: { Authorization: `Bearer ${result.accessToken}` } });
  const body = (await res.json()) as { value: { subject: string }[] };
  process.stdout.write(`${JSON.stringify({ ok: true, username: result.account?.username, subjects: body.value.map((m) => m.subject) })}\n`);
} catch (e) {
  const cause = (e as { cause?: { code?: string } }).cause?.code;
  process.stdout.write(`${JSON.stringify({ ok: false, error: e instanceof Error ? e.message.slice(0, 300) : String(e), cause })}\n`);
}

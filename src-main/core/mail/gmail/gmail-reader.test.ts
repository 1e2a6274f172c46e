import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SIMULATOR_CLIENT_ID, startSimulatorProcess, type SimulatorProcess } from '../../session/testing/oidc-stack';
import { MailCursorExpiredError, MailReconnectNeededError, MailThrottledError } from '../mail-errors';
import { GmailReader } from './gmail-reader';

// The real googleapis client against the provider simulator, as its own process (HTTP only).
const mailbox = 'internet.sales@harborkia.example';
const corpus = path.resolve(import.meta.dirname, '../../leads/corpus');
let sim: SimulatorProcess;
let control: string;

const post = async (url: string, body: unknown) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json() as Promise<Record<string, unknown>>;
};
const deliver = (file: string) => post(`${control}/mailboxes/${encodeURIComponent(mailbox)}/messages`, { raw: readFileSync(path.join(corpus, file), 'utf8') });
const requests = async (since: number) =>
  ((await (await fetch(`${control}/requests?mailbox=${encodeURIComponent(mailbox)}&since=${since}`)).json()) as { requests: { path: string; status: number }[] }).requests;

/** A linked mailbox: the OAuth code flow with PKCE against the simulator, as the app will do it. */
async function linkedReader(): Promise<GmailReader> {
  const o = `${sim.origin}/gmail-oauth`;
  const redirectUri = 'http://127.0.0.1:9/callback';
  const auth = new OAuth2Client({
    clientId: SIMULATOR_CLIENT_ID,
    redirectUri,
    endpoints: { oauth2AuthBaseUrl: `${o}/auth`, oauth2TokenUrl: `${o}/token`, oauth2RevokeUrl: `${o}/revoke`, tokenInfoUrl: `${o}/tokeninfo` },
  });
  const { codeVerifier, codeChallenge } = await auth.generateCodeVerifierAsync();
  const url = auth.generateAuthUrl({
    access_type: 'offline',
    scope: ['https://www.googleapis.com/auth/gmail.readonly'],
    code_challenge_method: 'S256' as never,
    code_challenge: codeChallenge,
    state: 'test-state',
  });
  const consent = await fetch(`${url}&sim_approve=${encodeURIComponent(mailbox)}`, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location') ?? 'http://x/').searchParams.get('code');
  if (!code) throw new Error(`no code (${consent.status})`);
  const { tokens } = await auth.getToken({ code, codeVerifier });
  auth.setCredentials(tokens);
  return new GmailReader({ auth, rootUrl: `${sim.origin}/` });
}

beforeAll(async () => {
  sim = await startSimulatorProcess();
  control = `${sim.origin}/_control/gmail`;
});
afterAll(() => sim?.close());
beforeEach(() => post(`${control}/reset`, {}));

describe('GmailReader (googleapis against the simulator)', () => {
  it('lists the inbox, reads raw messages, then follows history from the newest historyId', async () => {
    await deliver('sample-adf-inline.eml');
    await deliver('sample-marketplace-html.eml');
    const reader = await linkedReader();
    const { emailAddress, historyId } = await reader.profile();
    expect(emailAddress).toBe(mailbox);
    const page = await reader.listInbox(0);
    expect(page.ids).toHaveLength(2);
    const first = await reader.getRaw(page.ids[0]!);
    expect(Buffer.from(first.raw).toString('utf8')).toMatch(/^Subject: /im);
    expect(first.receivedAt).toBeGreaterThan(0);

    const delivered = await deliver('sample-website-form.eml');
    const since = await reader.addedSince(historyId);
    expect(since.ids).toEqual([delivered.id]);
    expect(BigInt(since.historyId)).toBeGreaterThan(BigInt(historyId));
    expect((await reader.addedSince(since.historyId)).ids).toEqual([]);
  });

  it('a history id past the retained window is an expired cursor, not a failure to retry', async () => {
    const reader = await linkedReader();
    const { historyId } = await reader.profile();
    await deliver('sample-adf-inline.eml');
    await post(`${control}/mailboxes/${encodeURIComponent(mailbox)}/expire-history`, {});
    await expect(reader.addedSince(historyId)).rejects.toBeInstanceOf(MailCursorExpiredError);
  });

  it.each([
    [429, 2, 2_000],
    [403, 1, null],
  ])('a %i throttle is MailThrottledError with its Retry-After, asked once (googleapis does not retry behind the sync)', async (status, retryAfterSeconds, wait) => {
    const reader = await linkedReader();
    await post(`${control}/mailboxes/${encodeURIComponent(mailbox)}/throttle`, { count: 3, retryAfterSeconds, status });
    const since = Date.now();
    const error = await reader.listInbox(0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailThrottledError);
    expect((error as MailThrottledError).retryAfterMs).toBe(wait);
    const asked = (await requests(since)).filter((r) => r.path.includes('/messages'));
    expect(asked).toHaveLength(1);
  });

  it('a revoked grant is "reconnect needed", once the access token has to be refreshed', async () => {
    const reader = await linkedReader();
    await post(`${control}/mailboxes/${encodeURIComponent(mailbox)}/revoke`, {});
    await expect(reader.profile()).rejects.toBeInstanceOf(MailReconnectNeededError);
  });
});

import { randomUUID } from 'node:crypto';
// The Gmail API alone, not the whole googleapis index (lighter for type-checking and lint).
import { gmail, type gmail_v1 } from 'googleapis/build/src/apis/gmail';
import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import type { Simulator } from '../server';

/**
 * Test helpers: the real googleapis / google-auth-library clients pointed at the simulator
 * (as an app would configure them), and small calls to the control API.
 */
export const redirectUri = 'http://127.0.0.1:53682/oauth2callback';
export const gmailScopes = ['openid', 'email', 'https://www.googleapis.com/auth/gmail.readonly', 'https://www.googleapis.com/auth/gmail.send'];

export function oauthClient(sim: Simulator): OAuth2Client {
  const e = sim.gmail;
  return new OAuth2Client({
    clientId: sim.clientId,
    redirectUri,
    issuers: [e.issuer],
    endpoints: {
      oauth2AuthBaseUrl: e.oauth2AuthBaseUrl,
      oauth2TokenUrl: e.oauth2TokenUrl,
      oauth2RevokeUrl: e.oauth2RevokeUrl,
      tokenInfoUrl: e.tokenInfoUrl,
      oauth2FederatedSignonPemCertsUrl: e.oauth2FederatedSignonPemCertsUrl,
      oauth2FederatedSignonJwkCertsUrl: e.oauth2FederatedSignonJwkCertsUrl,
    },
  });
}

export function gmailClient(sim: Simulator, auth: OAuth2Client): gmail_v1.Gmail {
  return gmail({ version: 'v1', auth, rootUrl: sim.gmail.rootUrl });
}

export async function control<T = Record<string, unknown>>(sim: Simulator, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
  const res = await fetch(`${sim.gmail.controlUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function newMailbox(sim: Simulator, label = 'test'): Promise<string> {
  const email = `${label}-${randomUUID().slice(0, 8)}@lot.example`;
  await control(sim, '/mailboxes', { email, name: `Test ${label}` });
  return email;
}

export function leadEmail(subject: string, options: { messageId?: string; from?: string; to?: string; body?: string } = {}): string {
  return [
    `From: ${options.from ?? 'Jordan Buyer <jordan.buyer@example.net>'}`,
    `To: ${options.to ?? 'leads@sunsethonda.example'}`,
    `Subject: ${subject}`,
    `Message-ID: ${options.messageId ?? `<${randomUUID()}@mail.example.net>`}`,
    'Date: Fri, 4 Dec 2026 09:12:00 -0800',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body ?? 'Hi, is the 2026 Civic Sport still available? Call me at 555-0142.',
    '',
  ].join('\r\n');
}

export async function deliver(sim: Simulator, email: string, eml: string, internalDate?: number): Promise<{ id: string; threadId: string; historyId: string }> {
  return control(sim, `/mailboxes/${encodeURIComponent(email)}/messages`, { raw: eml, ...(internalDate === undefined ? {} : { internalDate }) });
}

/**
 * The installed-app flow as an app runs it: PKCE verifier, auth URL with access_type=offline,
 * the consent page (or auto-approval), the code from the loopback redirect, getToken.
 */
export async function linkMailbox(sim: Simulator, email: string, options: { scopes?: string[]; prompt?: string; viaConsentPage?: boolean } = {}) {
  const client = oauthClient(sim);
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const authUrl = client.generateAuthUrl({
    access_type: 'offline',
    scope: options.scopes ?? gmailScopes,
    code_challenge_method: CodeChallengeMethod.S256,
    code_challenge: codeChallenge,
    state: 'state-123',
    login_hint: email,
    ...(options.prompt ? { prompt: options.prompt } : {}),
  });
  const callback = options.viaConsentPage ? await chooseOnConsentPage(authUrl, email) : await approveAt(`${authUrl}&sim_approve=${encodeURIComponent(email)}`);
  if (callback.searchParams.get('state') !== 'state-123') throw new Error('state did not come back');
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${callback.href}`);
  const { tokens } = await client.getToken({ code, codeVerifier });
  client.setCredentials(tokens);
  return { client, tokens, codeVerifier, code, gmail: gmailClient(sim, client) };
}

async function approveAt(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`expected a redirect, got ${res.status}: ${await res.text()}`);
  return new URL(location);
}

async function chooseOnConsentPage(authUrl: string, email: string): Promise<URL> {
  const page = await fetch(authUrl);
  const html = await page.text();
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&#(\d+);/g, (_x, code: string) => String.fromCharCode(Number(code))));
  const choice = hrefs.find((h) => h.includes(`account=${encodeURIComponent(email)}`));
  if (!choice) throw new Error(`the consent page does not offer ${email}`);
  return approveAt(new URL(choice, authUrl).href);
}

/** The HTTP status and Google error body of a rejected googleapis call. */
export async function failure(call: Promise<unknown>): Promise<{ status: number; reason: string | undefined; message: string; retryAfter: string | null; data: unknown }> {
  try {
    await call;
  } catch (error) {
    const e = error as { status?: number; response?: { status: number; data: unknown; headers: Headers } };
    const data = e.response?.data as { error?: { message?: string; errors?: { reason?: string }[] } | string } | undefined;
    const body = typeof data?.error === 'object' ? data.error : undefined;
    return {
      status: e.response?.status ?? e.status ?? 0,
      reason: body?.errors?.[0]?.reason ?? (typeof data?.error === 'string' ? data.error : undefined),
      message: body?.message ?? '',
      retryAfter: e.response?.headers.get('retry-after') ?? null,
      data,
    };
  }
  throw new Error('the call succeeded');
}

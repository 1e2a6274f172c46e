import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startSimulator, type Simulator } from '../server';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const redirectUri = 'http://127.0.0.1:49152/callback';

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function authorize(params: Record<string, string>): Promise<Response> {
  const url = new URL(`${sim.issuers.google}/authorize`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return fetch(url, { redirect: 'manual' });
}

function codeFrom(response: Response): string {
  return new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
}

async function exchange(code: string, verifier: string, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sim.issuers.google}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: sim.clientId, redirect_uri: redirectUri, ...extra }),
  });
}

const good = (challenge: string) => ({
  client_id: sim.clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid email profile',
  state: 's1', nonce: 'n1', code_challenge: challenge, code_challenge_method: 'S256', login_hint: 'riley.rep@sunsethonda.example',
});

describe('OIDC simulator', () => {
  it('runs the installed-app code flow with PKCE and issues a verifiable ID token', async () => {
    const { verifier, challenge } = pkce();
    const auth = await authorize(good(challenge));
    expect(auth.status).toBe(302);
    expect(new URL(auth.headers.get('location')!).searchParams.get('state')).toBe('s1');
    const tokens = (await (await exchange(codeFrom(auth), verifier)).json()) as { id_token: string };
    const discovery = (await (await fetch(`${sim.issuers.google}/.well-known/openid-configuration`)).json()) as { jwks_uri: string; issuer: string };
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
      issuer: discovery.issuer, audience: sim.clientId,
    });
    expect(protectedHeader.kid).toMatch(/^sim-google-/);
    expect(payload).toMatchObject({ email: 'riley.rep@sunsethonda.example', email_verified: true, nonce: 'n1' });
  });

  it('refuses a wrong verifier, a reused code, and a redirect that is not loopback', async () => {
    const { verifier, challenge } = pkce();
    const code = codeFrom(await authorize(good(challenge)));
    const wrong = await exchange(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await exchange(code, verifier)).status).toBe(400); // the code was spent by the failed attempt
    const remote = await authorize({ ...good(challenge), redirect_uri: 'https://evil.example/cb' });
    expect(remote.status).toBe(400);
    const noPkce = await authorize({ ...good(challenge), code_challenge_method: 'plain' });
    expect(new URL(noPkce.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('shows an account chooser when no login hint is given', async () => {
    const page = await authorize({ ...good(pkce().challenge), login_hint: '' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Alex Admin');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../server';
import { control, failure, gmailClient, linkMailbox, newMailbox, oauthClient } from './test-support';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

describe('Gmail OAuth server with the real google-auth-library', () => {
  it('runs the installed-app code flow with PKCE through the consent page, and the ID token names the mailbox', async () => {
    const { client, tokens, gmail } = await linkMailbox(sim, 'leads@sunsethonda.example', { viaConsentPage: true });
    expect(tokens.refresh_token).toMatch(/^1\/\//);
    expect(tokens.access_token).toMatch(/^ya29\./);
    expect(tokens.expiry_date).toBeGreaterThan(Date.now());
    const ticket = await client.verifyIdToken({ idToken: tokens.id_token!, audience: sim.clientId });
    expect(ticket.getPayload()).toMatchObject({ email: 'leads@sunsethonda.example', email_verified: true, iss: sim.gmail.issuer });
    const info = await client.getTokenInfo(tokens.access_token!);
    expect(info.email).toBe('leads@sunsethonda.example');
    expect(info.scopes).toContain('https://www.googleapis.com/auth/gmail.readonly');
    const profile = await gmail.users.getProfile({ userId: 'me' });
    expect(profile.data.emailAddress).toBe('leads@sunsethonda.example');
  });

  it('spends a code once, and refuses a wrong verifier', async () => {
    const email = await newMailbox(sim);
    const { client, code, codeVerifier } = await linkMailbox(sim, email);
    const again = await failure(client.getToken({ code, codeVerifier }));
    expect(again).toMatchObject({ status: 400, reason: 'invalid_grant' });

    const other = oauthClient(sim);
    const { codeChallenge } = await other.generateCodeVerifierAsync();
    const { codeVerifier: wrongVerifier } = await other.generateCodeVerifierAsync();
    const url = `${other.generateAuthUrl({ access_type: 'offline', scope: ['openid'], code_challenge_method: 'S256' as never, code_challenge: codeChallenge })}&sim_approve=${encodeURIComponent(email)}`;
    const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    const wrong = await failure(other.getToken({ code: location.searchParams.get('code')!, codeVerifier: wrongVerifier }));
    expect(wrong).toMatchObject({ status: 400, reason: 'invalid_grant' });
  });

  it('refreshes an expired access token with the refresh token; a later consent gives no second refresh token unless prompt=consent', async () => {
    const email = await newMailbox(sim);
    const { client, tokens, gmail } = await linkMailbox(sim, email);
    await control(sim, `/mailboxes/${encodeURIComponent(email)}/expire-access-tokens`, {});
    expect(await failure(gmail.users.getProfile({ userId: 'me' }))).toMatchObject({ status: 401, reason: 'authError' });

    client.setCredentials({ ...client.credentials, expiry_date: Date.now() - 1000 });
    const profile = await gmail.users.getProfile({ userId: 'me' });
    expect(profile.data.emailAddress).toBe(email);
    expect(client.credentials.access_token).not.toBe(tokens.access_token);
    expect(client.credentials.refresh_token).toBe(tokens.refresh_token);

    expect((await linkMailbox(sim, email)).tokens.refresh_token).toBeUndefined();
    expect((await linkMailbox(sim, email, { prompt: 'consent' })).tokens.refresh_token).toMatch(/^1\/\//);
  });

  it('rotates refresh tokens when told to: the new one arrives through on("tokens"), the old one is invalid_grant', async () => {
    await control(sim, '/settings', { rotateRefreshTokens: true }, 'PUT');
    try {
      const email = await newMailbox(sim);
      const { client, tokens } = await linkMailbox(sim, email);
      const rotated = new Promise<string | null | undefined>((resolve) => client.once('tokens', (t: { refresh_token?: string | null }) => resolve(t.refresh_token)));
      await client.refreshAccessToken();
      const newToken = await rotated;
      expect(newToken).toMatch(/^1\/\//);
      expect(newToken).not.toBe(tokens.refresh_token);
      const stale = oauthClient(sim);
      stale.setCredentials({ refresh_token: tokens.refresh_token });
      expect(await failure(stale.refreshAccessToken())).toMatchObject({ status: 400, reason: 'invalid_grant' });
      const fresh = oauthClient(sim);
      fresh.setCredentials({ refresh_token: newToken });
      expect((await fresh.refreshAccessToken()).credentials.access_token).toMatch(/^ya29\./);
    } finally {
      await control(sim, '/settings', { rotateRefreshTokens: false }, 'PUT');
    }
  });

  it('a grant revoked at the provider answers invalid_grant on refresh and 401 on the API', async () => {
    const email = await newMailbox(sim);
    const { client, gmail } = await linkMailbox(sim, email);
    expect(await control(sim, `/mailboxes/${encodeURIComponent(email)}/revoke`, {})).toEqual({ revokedGrants: 1 });
    expect(await failure(gmail.users.getProfile({ userId: 'me' }))).toMatchObject({ status: 401 });
    const refused = await failure(client.refreshAccessToken());
    expect(refused).toMatchObject({ status: 400, reason: 'invalid_grant' });
    expect(refused.data).toMatchObject({ error_description: 'Token has been expired or revoked.' });
  });

  it("the app's own Disconnect: revokeToken(refresh token) ends the grant and its access tokens", async () => {
    const email = await newMailbox(sim);
    const { client, tokens, gmail } = await linkMailbox(sim, email);
    const revoked = await client.revokeToken(tokens.refresh_token!);
    expect(revoked.status).toBe(200);
    expect(await failure(gmail.users.getProfile({ userId: 'me' }))).toMatchObject({ status: 401 });
    expect(await failure(client.refreshAccessToken())).toMatchObject({ status: 400, reason: 'invalid_grant' });
    expect(await failure(client.revokeToken(tokens.refresh_token!))).toMatchObject({ status: 400, reason: 'invalid_token' });
  });

  it('answers a bad access token with 401 authError, and a token without gmail.readonly with 403 insufficientPermissions', async () => {
    const bogus = oauthClient(sim);
    bogus.setCredentials({ access_token: 'ya29.not-a-token', expiry_date: Date.now() + 3600_000 });
    const bad = await failure(gmailClient(sim, bogus).users.getProfile({ userId: 'me' }));
    expect(bad).toMatchObject({ status: 401, reason: 'authError' });

    const email = await newMailbox(sim);
    const { gmail } = await linkMailbox(sim, email, { scopes: ['https://www.googleapis.com/auth/gmail.send'] });
    expect(await failure(gmail.users.messages.list({ userId: 'me' }))).toMatchObject({ status: 403, reason: 'insufficientPermissions' });
  });

  it('refuses a redirect that is not loopback and an authorization without PKCE', async () => {
    const client = oauthClient(sim);
    const remote = client.generateAuthUrl({ scope: ['openid'], redirect_uri: 'https://evil.example/cb', code_challenge_method: 'S256' as never, code_challenge: 'x'.repeat(43) });
    expect((await fetch(remote, { redirect: 'manual' })).status).toBe(400);
    const noPkce = client.generateAuthUrl({ scope: ['openid'] });
    const page = await fetch(noPkce, { redirect: 'manual' });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('invalid_request');
  });
});

import { CryptoProvider, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { formsIn, postForm } from './testing/browser';
import { graph, mailScopes, msalFor, signIn } from './testing/msal';
import { graphSimulatorSuite } from './testing/suite';

const suite = graphSimulatorSuite();

const leads = 'leads@sunsethonda.example';

describe('Microsoft identity platform simulator with the real msal-node', () => {
  it('signs in through the consent page (acquireTokenInteractive, PKCE, form_post) and keeps the account in the cache', async () => {
    const app = msalFor(suite.sim);
    const result = await signIn(app, leads);
    expect(result.account?.username).toBe(leads);
    expect(result.account?.tenantId).toBe(suite.sim.tenantId);
    expect(result.scopes.map((s) => s.toLowerCase())).toEqual(expect.arrayContaining(['mail.read', 'mail.send']));
    const accounts = await app.getTokenCache().getAllAccounts();
    expect(accounts.map((a) => a.username)).toEqual([leads]);
    const discovery = (await (await fetch(`${suite.sim.origin}/${suite.sim.tenantId}/v2.0/.well-known/openid-configuration`)).json()) as { jwks_uri: string; issuer: string };
    const { payload } = await jwtVerify(result.idToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer: discovery.issuer, audience: suite.sim.clientId });
    expect(payload).toMatchObject({ preferred_username: leads, tid: suite.sim.tenantId, ver: '2.0' });
    const me = await graph(suite.sim, result.accessToken, '/me');
    expect(await me.json()).toMatchObject({ mail: leads });
    const authorize = suite.sim.control.requestLog().find((e) => e.path.endsWith('/oauth2/v2.0/authorize/consent'));
    expect(authorize).toMatchObject({ method: 'POST', mailbox: leads, kind: 'identity' });
  });

  it('lists the demo mailboxes on the consent page and signs in the one the user picks', async () => {
    const app = msalFor(suite.sim);
    const url = await app.getAuthCodeUrl({ scopes: mailScopes, redirectUri: 'http://localhost:51234', codeChallenge: 'x'.repeat(43), codeChallengeMethod: 'S256' });
    const page = await (await fetch(url)).text();
    expect(page).toContain('Sunset Honda Internet Leads');
    expect(page).toContain('bdc@sunsethonda.example');
    expect(page).toContain('Read your mail');
    const result = await signIn(app, 'bdc@sunsethonda.example');
    expect(result.account?.username).toBe('bdc@sunsethonda.example');
  });

  it('redeems a code with acquireTokenByCode only with the matching PKCE verifier', async () => {
    suite.sim.control.setBehaviour({ autoApprove: leads });
    const app = msalFor(suite.sim);
    const crypto = new CryptoProvider();
    const { verifier, challenge } = await crypto.generatePkceCodes();
    const redirectUri = 'http://localhost:51234';
    const codeOf = async () => {
      const url = await app.getAuthCodeUrl({ scopes: mailScopes, redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256', responseMode: 'form_post' });
      const form = formsIn(await (await fetch(url)).text())[0]!;
      return form.fields.code!;
    };
    const wrong = await crypto.generatePkceCodes();
    const refused = await app.acquireTokenByCode({ code: await codeOf(), scopes: mailScopes, redirectUri, codeVerifier: wrong.verifier }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ServerError);
    expect((refused as ServerError).errorCode).toBe('invalid_grant');
    expect((refused as ServerError).errorMessage).toContain('AADSTS501481');
    const ok = await app.acquireTokenByCode({ code: await codeOf(), scopes: mailScopes, redirectUri, codeVerifier: verifier });
    expect(ok.account?.username).toBe(leads);
  });

  it('refreshes silently with a rotated refresh token once the access token is due', async () => {
    suite.sim.control.setBehaviour({ autoApprove: true, accessTokenLifetimeSeconds: 60 }); // inside msal's 5-minute renewal window
    const app = msalFor(suite.sim);
    const first = await signIn(app, leads);
    const refreshTokenOf = () => Object.values(JSON.parse(app.getTokenCache().serialize()).RefreshToken as Record<string, { secret: string }>)[0]!.secret;
    const rtBefore = refreshTokenOf();
    suite.sim.control.clearRequestLog();
    const second = await app.acquireTokenSilent({ account: first.account!, scopes: mailScopes });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(refreshTokenOf()).not.toBe(rtBefore);
    expect(suite.sim.control.requestLog()).toEqual([expect.objectContaining({ method: 'POST', path: '/organizations/oauth2/v2.0/token', status: 200, mailbox: leads })]);
    expect((await graph(suite.sim, second.accessToken, '/me/mailFolders/inbox/messages')).status).toBe(200);
  });

  it('turns a revoked grant into InteractionRequiredAuthError (AADSTS50173, suberror bad_token) and kills its access tokens', async () => {
    suite.sim.control.setBehaviour({ autoApprove: true });
    const app = msalFor(suite.sim);
    const first = await signIn(app, leads);
    expect(suite.sim.control.revokeGrant(leads)).toBe(1);
    expect((await graph(suite.sim, first.accessToken, '/me/mailFolders/inbox/messages')).status).toBe(401);
    const error = await app.acquireTokenSilent({ account: first.account!, scopes: mailScopes, forceRefresh: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect((error as InteractionRequiredAuthError).errorCode).toBe('invalid_grant');
    expect((error as InteractionRequiredAuthError).subError).toBe('bad_token');
    expect((error as InteractionRequiredAuthError).errorMessage).toContain('AADSTS50173');
  });

  it('answers AADSTS700082 for a grant dead of inactivity; without a suberror msal gives a ServerError the app must also treat as reconnect', async () => {
    suite.sim.control.setBehaviour({ autoApprove: true });
    const app = msalFor(suite.sim);
    const first = await signIn(app, leads);
    suite.sim.control.revokeGrant(leads, { reason: 'expired', suberror: null });
    const error = await app.acquireTokenSilent({ account: first.account!, scopes: mailScopes, forceRefresh: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).not.toBeInstanceOf(InteractionRequiredAuthError);
    expect((error as ServerError).errorCode).toBe('invalid_grant');
    expect((error as ServerError).errorMessage).toContain('AADSTS700082');
  });

  it('works with cloudDiscoveryMetadata instead of knownAuthorities, and without either msal refuses the authority', async () => {
    suite.sim.control.setBehaviour({ autoApprove: true });
    const viaMetadata = msalFor(suite.sim, { knownAuthorities: [], cloudDiscoveryMetadata: suite.sim.cloudDiscoveryMetadata });
    expect((await signIn(viaMetadata, leads)).account?.username).toBe(leads);
    const unknown = msalFor(suite.sim, { knownAuthorities: [] });
    const error = await signIn(unknown, leads).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/untrusted_authority|endpoints_resolution_error/);
  });

  it('refuses an unknown client id and a redirect that is not loopback with AADSTS pages', async () => {
    const base = `${suite.sim.origin}/organizations/oauth2/v2.0/authorize?response_type=code&scope=Mail.Read&code_challenge=${'x'.repeat(43)}&code_challenge_method=S256`;
    const unknown = await fetch(`${base}&client_id=nope&redirect_uri=http://localhost:1234`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('AADSTS700016');
    const remote = await fetch(`${base}&client_id=${suite.sim.clientId}&redirect_uri=https://evil.example/cb`);
    expect(await remote.text()).toContain('AADSTS50011');
    const noPkce = await fetch(`${suite.sim.origin}/organizations/oauth2/v2.0/authorize?response_type=code&scope=Mail.Read&client_id=${suite.sim.clientId}&redirect_uri=http://localhost:1234&state=s`, { redirect: 'manual' });
    const back = new URL(noPkce.headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('state')).toBe('s');
  });

  it('answers access_denied to msal when the user cancels on the consent page', async () => {
    const app = msalFor(suite.sim);
    const error = await app.acquireTokenInteractive({
      scopes: mailScopes,
      openBrowser: async (url) => {
        const cancel = formsIn(await (await fetch(url)).text()).find((f) => f.fields.decision === 'cancel')!;
        const answer = formsIn(await (await postForm(cancel, url)).text())[0]!;
        await (await postForm(answer, url)).text();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).errorCode).toBe('access_denied');
    expect(await app.getTokenCache().getAllAccounts()).toEqual([]);
  });

  it('lets an old refresh token work again (Entra) unless rejectReusedRefreshTokens is on', async () => {
    suite.sim.control.setBehaviour({ autoApprove: true });
    const app = msalFor(suite.sim);
    await signIn(app, leads);
    const refreshToken = Object.values(JSON.parse(app.getTokenCache().serialize()).RefreshToken as Record<string, { secret: string }>)[0]!.secret;
    const refresh = () => fetch(`${suite.sim.origin}/organizations/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: suite.sim.clientId, grant_type: 'refresh_token', refresh_token: refreshToken, scope: 'Mail.Read offline_access' }),
    });
    const first = (await (await refresh()).json()) as { refresh_token: string };
    expect(first.refresh_token).not.toBe(refreshToken);
    expect((await refresh()).status).toBe(200);
    suite.sim.control.setBehaviour({ rejectReusedRefreshTokens: true });
    const reused = await refresh();
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant', suberror: 'bad_token', error_codes: [70000] });
  });
});

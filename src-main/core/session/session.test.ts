import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCloudApi, type CloudApi } from '@leadpulse/cloud-api';
import type { SessionState } from '../../../src-shared/contract/areas/session';
import { callNames } from '../../../src-shared/contract/ipc-contract';
import { ConnectivityMonitor } from '../connectivity/connectivity-monitor';
import { sessionHandlers } from '../handlers/session-handlers';
import { teamHandlers } from '../handlers/team-handlers';
import { TeamAdmin } from '../team/team-admin';
import { createDispatcher, type CallHandlers } from '../ipc/dispatcher';
import { createMemoryLogger } from '../log/logger';
import { LocalDataService } from '../local-data/local-data-service';
import { KeychainUnavailableError, type Keychain } from '../secrets/index';
import { filesUnder, findInFiles, testProfile } from '../store/testing/helpers';
import { CloudClient } from '../cloud/cloud-client';
import { SessionService } from './session-service';
import { localStoreVault, SESSION_SECRET_NAME } from './session-vault';
import {
  cloudRequest,
  cloudSessionFor,
  followSignInPage,
  SIMULATOR_CLIENT_ID,
  startSimulatorProcess,
  testCloudEnv,
  type SimulatorProcess,
} from './testing/oidc-stack';

// Against the real provider simulator (its own process, HTTP only) and the real cloud-api on
// an embedded Postgres, with the real OS keychain (run under scripts/with-keyring.sh).
let sim: SimulatorProcess;
let cloud: CloudApi;
let cleanupPg: (() => void) | undefined;

beforeAll(async () => {
  sim = await startSimulatorProcess();
  const pg = testCloudEnv(sim, { ACCESS_TOKEN_TTL_SECONDS: '30' });
  const env = pg.env;
  cleanupPg = () => pg.cleanup();
  cloud = await startCloudApi({ env });
});

afterAll(async () => {
  await cloud?.close();
  await sim?.close();
  cleanupPg?.();
});

interface Harness {
  readonly session: SessionService;
  readonly team: TeamAdmin;
  readonly data: LocalDataService;
  readonly dataDir: string;
  readonly states: SessionState[];
  /** Every session response body the cloud sent this desktop (to know the real tokens). */
  readonly issued: { refreshToken: string; accessToken: string }[];
  readonly calls: string[];
  /** Make the next authenticated request to this path answer 401 once. */
  fail401Once(path: string): void;
  /** Hold the next request to this path until `release` is called; `reached` resolves when it is asked. */
  holdNext(path: string): { reached: Promise<void>; release: () => void };
  opened: string[];
  /**
   * The desktop's way to the cloud: up, down (no answer), a Wi-Fi login page answering 401 in
   * HTML, or a cloud that refuses plain http (what its transport guard answers).
   */
  network: 'up' | 'down' | 'captive' | 'https-required';
}

/** What cloud-api's transport guard answers a request that did not come over https. */
const httpsRequiredAnswer = () =>
  new Response(JSON.stringify({ error: 'https_required', message: 'use https' }), { status: 403, headers: { 'Content-Type': 'application/json' } });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function harness(
  options: { keychain?: Keychain; refreshMarginMs?: number; openPage?: boolean; signInTimeoutMs?: number } = {},
): Promise<Harness> {
  const profile = testProfile('session');
  const log = createMemoryLogger();
  const data = new LocalDataService({
    dataDir: profile.dataDir,
    keychain: options.keychain ?? profile.keychain,
    keychainService: profile.keychainService,
    log,
    now: () => new Date(),
    seedDemo: false,
  });
  const issued: Harness['issued'] = [];
  const calls: string[] = [];
  const failOnce = new Set<string>();
  const holds = new Map<string, { arrived: () => void; released: Promise<void> }>();
  const net = { network: 'up' as Harness['network'] };
  const recordingFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    calls.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    if (net.network === 'down') throw new TypeError('fetch failed');
    if (net.network === 'https-required') return httpsRequiredAnswer();
    if (net.network === 'captive') {
      return new Response('<html><body>Sign in to Guest Wi-Fi</body></html>', { status: 401, headers: { 'Content-Type': 'text/html' } });
    }
    const hold = holds.get(url.pathname);
    if (hold) {
      holds.delete(url.pathname);
      hold.arrived();
      await hold.released;
    }
    if (failOnce.delete(url.pathname)) {
      return new Response(JSON.stringify({ error: 'unauthorized', message: 'sign in again' }), { status: 401 });
    }
    const response = await fetch(input, init);
    if (response.ok && (url.pathname === '/v1/auth/oidc' || url.pathname === '/v1/auth/refresh')) {
      const body = (await response.clone().json()) as { refreshToken: string; accessToken: string };
      issued.push({ refreshToken: body.refreshToken, accessToken: body.accessToken });
    }
    return response;
  };
  const states: SessionState[] = [];
  const opened: string[] = [];
  const cloudClient = new CloudClient({ baseUrl: cloud.url, clientLabel: 'LeadPulse-desktop/test', fetch: recordingFetch });
  const session = new SessionService({
    oidc: {
      google: { issuer: sim.issuers.google, clientId: SIMULATOR_CLIENT_ID, clientSecret: undefined },
      microsoft: { issuer: sim.issuers.microsoft, clientId: SIMULATOR_CLIENT_ID, clientSecret: undefined },
    },
    cloud: cloudClient,
    vault: localStoreVault(data),
    platform: {
      // The system browser: open the page, the simulator auto-consents, it redirects to the loopback.
      openSignInPage: async (url) => {
        opened.push(url);
        if (options.openPage === false) return false;
        void followSignInPage(url);
        return true;
      },
    },
    log,
    onChange: (state) => states.push(state),
    refreshMarginMs: options.refreshMarginMs,
    signInTimeoutMs: options.signInTimeoutMs,
  });
  cleanups.push(async () => {
    session.stop();
    await data.removeAll().catch(() => undefined);
    await profile.cleanup();
  });
  await session.start();
  const team = new TeamAdmin({ cloud: cloudClient, port: session.cloudPort(), session: session.teamSession() });
  return {
    session, team, data, dataDir: profile.dataDir, states, issued, calls, opened,
    fail401Once: (path) => failOnce.add(path),
    holdNext: (path) => {
      let arrived = () => undefined as void;
      let release = () => undefined as void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      holds.set(path, { arrived, released: new Promise<void>((resolve) => (release = resolve)) });
      return { reached, release };
    },
    get network() {
      return net.network;
    },
    set network(value) {
      net.network = value;
    },
  };
}

/**
 * Signs `email` in on one desktop, then starts a second service over the same sealed session
 * (the same profile after a restart), with its own way to the cloud.
 */
async function restarted(
  email: string,
  options: { fetch?: typeof fetch; retryMs?: number; retryMaxMs?: number; random?: () => number; connectivity?: ConnectivityMonitor } = {},
) {
  const first = await harness();
  await signInAs(first, email);
  const saved = await first.data.withLocalStore((local) => local.loadSecret(SESSION_SECRET_NAME));
  first.session.stop();
  const h = await harness();
  await h.data.withLocalStore((local) => local.saveSecret(SESSION_SECRET_NAME, saved!));
  const states: SessionState[] = [];
  const again = new SessionService({
    oidc: { google: null, microsoft: null },
    cloud: new CloudClient({ baseUrl: cloud.url, clientLabel: 'test', fetch: options.fetch }),
    vault: localStoreVault(h.data),
    platform: { openSignInPage: async () => false },
    log: createMemoryLogger(),
    onChange: (state) => states.push(state),
    retryMs: options.retryMs,
    retryMaxMs: options.retryMaxMs,
    random: options.random,
    connectivity: options.connectivity,
  });
  cleanups.push(async () => again.stop());
  return { h, again, saved: saved!, states };
}

async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const signedIn = (h: Harness) =>
  until('signed in', () => {
    const s = h.session.state();
    return s.status === 'signed-in' ? s : null;
  });

const signedOutWithMessage = (h: Harness) =>
  until('signed out with a message', () => {
    const s = h.session.state();
    return s.status === 'signed-out' && s.message ? s : null;
  });

async function signInAs(h: Harness, email: string, provider: 'google' | 'microsoft' = 'google') {
  const started = await h.session.signIn(provider, email);
  expect(started.opened).toBe(true);
  return signedIn(h);
}

describe('interactive sign-in (system browser, loopback redirect, PKCE S256, state, nonce)', () => {
  it('signs in as alex.admin, creates a dealership and becomes its admin', async () => {
    const h = await harness();
    expect(h.session.state()).toMatchObject({ status: 'signed-out', blockedReason: null });
    const started = await h.session.signIn('google', 'alex.admin@sunsethonda.example');
    const page = new URL(started.signInUrl);
    // What went to the provider: our client, a loopback redirect on a random port, PKCE S256, state, nonce.
    expect(page.origin + page.pathname).toBe(`${sim.issuers.google}/authorize`);
    expect(page.searchParams.get('client_id')).toBe(SIMULATOR_CLIENT_ID);
    expect(page.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(page.searchParams.get('code_challenge_method')).toBe('S256');
    expect(page.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(page.searchParams.get('state')?.length).toBeGreaterThanOrEqual(20);
    expect(page.searchParams.get('nonce')?.length).toBeGreaterThanOrEqual(20);
    expect(page.searchParams.get('login_hint')).toBe('alex.admin@sunsethonda.example');

    const state = await signedIn(h);
    expect(state).toMatchObject({ user: { email: 'alex.admin@sunsethonda.example' }, memberships: [], dealership: null, provider: 'google' });
    const after = await h.session.createDealership('Sunset Honda');
    expect(after).toMatchObject({
      status: 'signed-in',
      dealership: { dealershipName: 'Sunset Honda', role: 'admin' },
    });
    const { members } = await h.team.listMembers();
    expect(members).toEqual([expect.objectContaining({ email: 'alex.admin@sunsethonda.example', role: 'admin' })]);
  });

  it('refuses a redirect with the wrong state and keeps waiting for the real one', async () => {
    const h = await harness({ openPage: false });
    const started = await h.session.signIn('microsoft', 'morgan.manager@sunsethonda.example');
    expect(started.opened).toBe(false);
    expect(h.session.state().status).toBe('signing-in');
    const page = new URL(started.signInUrl);
    const redirectUri = page.searchParams.get('redirect_uri')!;

    // A forged callback (another program, an old tab): wrong state → refused, no session.
    const atProvider = await fetch(started.signInUrl, { redirect: 'manual' });
    const real = new URL(atProvider.headers.get('location')!);
    const forged = new URL(real.href);
    forged.searchParams.set('state', 'not-the-state-we-sent');
    const refused = await fetch(forged, { redirect: 'manual' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('not valid');
    const missing = await fetch(`${redirectUri}?code=abc`);
    expect(missing.status).toBe(400);
    expect(h.session.state().status).toBe('signing-in');
    expect(h.calls.filter((c) => c.includes('/v1/auth/oidc'))).toEqual([]);

    // The genuine redirect still completes.
    expect((await fetch(real, { redirect: 'manual' })).status).toBe(200);
    const state = await signedIn(h);
    expect(state.user.email).toBe('morgan.manager@sunsethonda.example');
    expect(state.provider).toBe('microsoft');
  });

  it('says so in plain words when the provider refuses, and when the sign-in is cancelled', async () => {
    const h = await harness({ openPage: false });
    const started = await h.session.signIn('google', 'alex.admin@sunsethonda.example');
    const state = new URL(started.signInUrl).searchParams.get('state')!;
    const redirectUri = new URL(started.signInUrl).searchParams.get('redirect_uri')!;
    await fetch(`${redirectUri}?state=${state}&error=access_denied`);
    const out = await signedOutWithMessage(h);
    expect(out.message).toBe('You cancelled the sign-in at Google. Nothing was changed.');

    await h.session.signIn('google');
    expect(h.session.cancelSignIn()).toMatchObject({ status: 'signed-out', message: null });
  });

  it('signing in again keeps showing the session in use while the browser is open; a failure says why and keeps it', async () => {
    const h = await harness({ openPage: false });
    const first = await h.session.signIn('google', 'alex.admin@sunsethonda.example');
    void followSignInPage(first.signInUrl);
    await signedIn(h);

    // "Check again" after an invitation: a second sign-in, pending in the browser.
    const before = h.states.length;
    const again = await h.session.signIn('microsoft', 'alex.admin@sunsethonda.example');
    expect(h.session.state()).toMatchObject({
      status: 'signed-in',
      user: { email: 'alex.admin@sunsethonda.example' },
      provider: 'google',
      signingIn: { provider: 'microsoft', signInUrl: again.signInUrl },
    });
    expect(h.states.at(-1)).toMatchObject({ status: 'signed-in', signingIn: { provider: 'microsoft' } });
    expect(h.states.slice(before).some((s) => s.status !== 'signed-in')).toBe(false);

    // The provider refuses: the message is shown, and the session is still the one in use.
    const page = new URL(again.signInUrl);
    await fetch(`${page.searchParams.get('redirect_uri')!}?state=${page.searchParams.get('state')!}&error=access_denied`);
    const kept = await until('the failure shown', () => {
      const s = h.session.state();
      return s.status === 'signed-in' && s.message ? s : null;
    });
    expect(kept).toMatchObject({ user: { email: 'alex.admin@sunsethonda.example' }, message: 'You cancelled the sign-in at Microsoft. Nothing was changed.' });
    expect(kept.signingIn).toBeUndefined();

    // Cancelling a second try keeps the session too, and clears the old message.
    await h.session.signIn('google');
    const cancelled = h.session.cancelSignIn();
    expect(cancelled).toMatchObject({ status: 'signed-in', user: { email: 'alex.admin@sunsethonda.example' } });
    expect(cancelled).not.toHaveProperty('signingIn');
    expect(cancelled).not.toHaveProperty('message');
  });

  it('a second sign-in replaces the session in use only once it is complete and sealed', async () => {
    const h = await harness();
    await signInAs(h, 'alex.admin@sunsethonda.example');
    const sealedEmail = async () => {
      const text = await h.data.withLocalStore((local) => local.loadSecret(SESSION_SECRET_NAME));
      return text === null ? null : (JSON.parse(text) as { user: { email: string } }).user.email;
    };
    // Casey signs in on this computer; the cloud is slow to name Casey's dealerships.
    const names = h.holdNext('/v1/me');
    await h.session.signIn('google', 'casey.rep@sunsethonda.example');
    await names.reached;
    expect(h.session.state()).toMatchObject({ status: 'signed-in', user: { email: 'alex.admin@sunsethonda.example' }, signingIn: { provider: 'google' } });
    expect(await sealedEmail()).toBe('alex.admin@sunsethonda.example');
    names.release();
    const casey = await until('signed in as Casey', () => {
      const s = h.session.state();
      return s.status === 'signed-in' && s.user.email === 'casey.rep@sunsethonda.example' ? s : null;
    });
    expect(casey.signingIn).toBeUndefined();
    expect(await sealedEmail()).toBe('casey.rep@sunsethonda.example');
  });

  it('the cloud refuses an unverified email; sign-in reports it', async () => {
    const h = await harness();
    await h.session.signIn('google', 'unverified@sunsethonda.example');
    const out = await signedOutWithMessage(h);
    expect(out.message).toMatch(/did not accept this Google account/);
  });
});

describe('the session kept sealed', () => {
  it('keeps the refresh token only sealed: in no file under the data folder in plaintext', async () => {
    const h = await harness();
    await signInAs(h, 'riley.rep@sunsethonda.example');
    const latest = h.issued.at(-1)!;
    const sealed = await h.data.withLocalStore((local) => local.loadSecret(SESSION_SECRET_NAME));
    expect(JSON.parse(sealed!)).toMatchObject({ refreshToken: latest.refreshToken, user: { email: 'riley.rep@sunsethonda.example' } });
    expect(sealed).not.toContain(latest.accessToken);
    // Checkpoint so the WAL is in the main file too; neither token may appear anywhere.
    h.data.close();
    expect(filesUnder(h.dataDir).length).toBeGreaterThan(0);
    expect(findInFiles(h.dataDir, [latest.refreshToken, latest.accessToken, 'riley.rep@sunsethonda'])).toEqual([]);
  });

  it('a restarted desktop restores the sealed session and refreshes it silently', async () => {
    const { again } = await restarted('casey.rep@sunsethonda.example');
    await again.start();
    expect(again.state()).toMatchObject({ status: 'signed-in', user: { email: 'casey.rep@sunsethonda.example' } });
    await again.refresh();
    expect(again.state()).toMatchObject({ status: 'signed-in', offline: false });
    again.stop();
  });

  it('with no keychain, signing in is refused and says why; nothing is stored', async () => {
    const broken: Keychain = {
      get: () => Promise.reject(new KeychainUnavailableError()),
      set: () => Promise.reject(new KeychainUnavailableError()),
      delete: () => Promise.reject(new KeychainUnavailableError()),
      accounts: () => Promise.reject(new KeychainUnavailableError()),
    };
    const h = await harness({ keychain: broken });
    expect(h.session.state()).toMatchObject({ status: 'signed-out', blockedReason: expect.stringMatching(/cannot keep a sign-in safe/) });
    await expect(h.session.signIn('google', 'alex.admin@sunsethonda.example')).rejects.toThrow(/secure keychain/);
    expect(h.opened).toEqual([]);
  });
});

describe('silent refresh and revocation', () => {
  it('refreshes silently before the access token expires; the rotated-out refresh token is refused', async () => {
    // Tokens live 30 s; refreshing with 28.5 s left means about 1.5 s after each refresh.
    const h = await harness({ refreshMarginMs: 28_500 });
    await signInAs(h, 'alex.admin@sunsethonda.example');
    const first = h.issued.at(-1)!;
    await until('a silent refresh', () => h.calls.filter((c) => c === 'POST /v1/auth/refresh').length >= 1);
    await until('the new tokens', () => h.issued.length >= 2);
    const second = h.issued[1]!;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    // Its successor used too (the next silent refresh): past the cloud's retry-after-a-lost-reply
    // grace, the rotated-out refresh token is single use: the cloud refuses it (and ends that family).
    await until('a second silent refresh', () => h.issued.length >= 3);
    // Stop the timer first so the service does not race the replay.
    h.session.stop();
    const replay = await fetch(`${cloud.url}/v1/auth/refresh`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: first.refreshToken }),
    });
    expect(replay.status).toBe(401);
  });

  it('a 401 on a call refreshes once and retries', async () => {
    const h = await harness();
    await signInAs(h, 'morgan.manager@sunsethonda.example');
    const refreshesBefore = h.calls.filter((c) => c === 'POST /v1/auth/refresh').length;
    h.fail401Once('/v1/me');
    await expect(h.session.refresh()).resolves.toMatchObject({ status: 'signed-in' });
    expect(h.calls.filter((c) => c === 'POST /v1/auth/refresh').length).toBe(refreshesBefore + 1);
    expect(h.calls.filter((c) => c === 'GET /v1/me').length).toBeGreaterThanOrEqual(2);
  });

  it('a session ended in the cloud moves the desktop to revoked, and forgets the sealed token', async () => {
    const h = await harness();
    await signInAs(h, 'casey.rep@sunsethonda.example');
    const current = h.issued.at(-1)!;
    // Ended elsewhere (e.g. "sign out everywhere"): the family is revoked in the cloud.
    expect((await fetch(`${cloud.url}/v1/auth/logout`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: current.refreshToken }),
    })).status).toBe(204);
    await expect(h.session.refresh()).rejects.toThrow(/ended/);
    expect(h.session.state()).toMatchObject({
      status: 'revoked',
      dealershipName: null,
      email: 'casey.rep@sunsethonda.example',
      message: expect.stringMatching(/was ended by the LeadPulse cloud/),
    });
    expect(await h.data.withLocalStore((local) => local.loadSecret(SESSION_SECRET_NAME))).toBeNull();
    expect(await h.session.signOut()).toMatchObject({ status: 'signed-out' });
  });

  it('a member removed by the admin: a role refusal first, then "access ended" on the next cloud call', async () => {
    const admin = await cloudSessionFor(cloud.url, sim.issuers.google, 'alex.admin@sunsethonda.example');
    const created = await cloudRequest(cloud.url, admin.accessToken, 'POST', '/v1/dealerships', { name: 'Lakeside Toyota' });
    const dealership = (await created.json()) as { id: string };
    expect((await cloudRequest(cloud.url, admin.accessToken, 'POST', `/v1/dealerships/${dealership.id}/invitations`, {
      email: 'riley.rep@sunsethonda.example', role: 'rep',
    })).status).toBe(201);

    const h = await harness();
    const state = await signInAs(h, 'riley.rep@sunsethonda.example');
    // The invitation was accepted at sign-in; the only dealership is chosen.
    expect(state.dealership).toMatchObject({ dealershipId: dealership.id, dealershipName: 'Lakeside Toyota', role: 'rep' });
    // A rep may not list the team: a plain refusal, still signed in.
    await expect(h.team.listMembers()).rejects.toThrow(/Your role at Lakeside Toyota \(rep\) does not allow this/);
    expect(h.session.state().status).toBe('signed-in');

    const members = (await (await cloudRequest(cloud.url, admin.accessToken, 'GET', `/v1/dealerships/${dealership.id}/members`)).json()) as {
      members: { userId: string; email: string }[];
    };
    const riley = members.members.find((m) => m.email === 'riley.rep@sunsethonda.example')!;
    expect((await cloudRequest(cloud.url, admin.accessToken, 'DELETE', `/v1/dealerships/${dealership.id}/members/${riley.userId}`)).status).toBe(204);

    await expect(h.team.listMembers()).rejects.toThrow();
    expect(h.session.state()).toMatchObject({
      status: 'revoked',
      dealershipName: 'Lakeside Toyota',
      message: expect.stringMatching(/An admin of Lakeside Toyota removed riley\.rep@sunsethonda\.example/),
    });
    expect(h.states.at(-1)?.status).toBe('revoked');
  });

  it('a member of two dealerships who chose neither, removed from one: the other is chosen, as at sign-in', async () => {
    const admin = await cloudSessionFor(cloud.url, sim.issuers.google, 'alex.admin@sunsethonda.example');
    const ids: string[] = [];
    for (const name of ['Bayside Ford', 'Bayside Mazda']) {
      const created = (await (await cloudRequest(cloud.url, admin.accessToken, 'POST', '/v1/dealerships', { name })).json()) as { id: string };
      expect((await cloudRequest(cloud.url, admin.accessToken, 'POST', `/v1/dealerships/${created.id}/invitations`, {
        email: 'morgan.manager@sunsethonda.example', role: 'manager',
      })).status).toBe(201);
      ids.push(created.id);
    }
    const h = await harness();
    const state = await signInAs(h, 'morgan.manager@sunsethonda.example');
    expect(state.memberships.map((m) => m.dealershipId).sort()).toEqual([...ids].sort());
    expect(h.session.state()).toMatchObject({ status: 'signed-in', dealership: null });
    const { members } = (await (await cloudRequest(cloud.url, admin.accessToken, 'GET', `/v1/dealerships/${ids[0]!}/members`)).json()) as {
      members: { userId: string; email: string }[];
    };
    const morgan = members.find((m) => m.email === 'morgan.manager@sunsethonda.example')!;
    expect((await cloudRequest(cloud.url, admin.accessToken, 'DELETE', `/v1/dealerships/${ids[0]!}/members/${morgan.userId}`)).status).toBe(204);

    expect(await h.session.refresh()).toMatchObject({
      status: 'signed-in',
      memberships: [expect.objectContaining({ dealershipId: ids[1], dealershipName: 'Bayside Mazda' })],
      dealership: { dealershipId: ids[1], dealershipName: 'Bayside Mazda', role: 'manager' },
    });
  });

  it('an admin manages the team (invite, pending invitations, role change, removal); a rep may not invite', async () => {
    const h = await harness();
    await signInAs(h, 'alex.admin@sunsethonda.example');
    await h.session.createDealership('Harbor Kia');

    // Invite a rep and see the invitation pending.
    const outcome = await h.team.invite('Riley.Rep@sunsethonda.example', 'rep');
    if (outcome.status !== 'sent') throw new Error(`not sent: ${outcome.status}`);
    const invited = outcome.invitation;
    expect(invited).toMatchObject({ email: 'riley.rep@sunsethonda.example', role: 'rep' });
    expect((await h.team.listInvitations()).invitations).toEqual([
      expect.objectContaining({ id: invited.id, email: 'riley.rep@sunsethonda.example', role: 'rep' }),
    ]);
    // The last admin can neither be demoted nor removed: a plain message.
    const alexId = (await h.team.listMembers()).members[0]!.userId;
    await expect(h.team.changeRole(alexId, 'manager')).rejects.toThrow(/Harbor Kia needs at least one admin/);
    await expect(h.team.removeMember(alexId)).rejects.toThrow(/Harbor Kia needs at least one admin/);

    // Riley signs in on their own desktop and joins as a rep; a rep may not invite.
    const rep = await harness();
    const repState = await signInAs(rep, 'riley.rep@sunsethonda.example');
    expect(repState.dealership).toMatchObject({ dealershipName: 'Harbor Kia', role: 'rep' });
    await expect(rep.team.invite('sam.sales@sunsethonda.example', 'rep')).rejects.toThrow(
      /Your role at Harbor Kia \(rep\) does not allow this/,
    );
    expect(rep.session.state().status).toBe('signed-in');
    expect((await h.team.listInvitations()).invitations).toEqual([]);

    // The admin makes Riley a manager, then removes them.
    const riley = (await h.team.listMembers()).members.find((m) => m.email === 'riley.rep@sunsethonda.example')!;
    expect(await h.team.changeRole(riley.userId, 'manager')).toMatchObject({ email: riley.email, role: 'manager' });
    expect((await h.team.listMembers()).members.map((m) => [m.email, m.role])).toEqual([
      ['alex.admin@sunsethonda.example', 'admin'],
      ['riley.rep@sunsethonda.example', 'manager'],
    ]);
    expect(await h.team.removeMember(riley.userId)).toEqual({});
    expect((await h.team.listMembers()).members.map((m) => m.email)).toEqual(['alex.admin@sunsethonda.example']);
    await expect(h.team.removeMember(riley.userId)).rejects.toThrow(/no longer on the team/);
  });
});

describe('team invitations through the IPC contract (dispatcher + session handlers, the real cloud)', () => {
  const ipc = (h: Harness) => {
    const unused = Object.fromEntries(callNames.map((name) => [name, () => { throw new Error(`${name} not used here`); }]));
    return createDispatcher({ ...(unused as unknown as CallHandlers), ...sessionHandlers(h.session), ...teamHandlers(h.team) }, createMemoryLogger());
  };
  const pending = async (h: Harness) => (await h.team.listInvitations()).invitations.map((i) => [i.email, i.role]);

  it('re-inviting a pending email with another role answers role-differs and changes nothing; replaceRole changes it', async () => {
    const h = await harness();
    await signInAs(h, 'alex.admin@sunsethonda.example');
    await h.session.createDealership('Cove Subaru');
    const dispatcher = ipc(h);

    const first = await dispatcher.dispatch('team.invite', { email: 'jo.rep@sunsethonda.example', role: 'rep' });
    expect(first).toEqual({ ok: true, value: { status: 'sent', invitation: expect.objectContaining({ email: 'jo.rep@sunsethonda.example', role: 'rep' }) } });

    const again = await dispatcher.dispatch('team.invite', { email: 'Jo.Rep@sunsethonda.example', role: 'manager' });
    expect(again).toEqual({ ok: true, value: { status: 'role-differs', email: 'jo.rep@sunsethonda.example', currentRole: 'rep', role: 'manager' } });
    expect(await pending(h)).toEqual([['jo.rep@sunsethonda.example', 'rep']]);

    // The same role again is just sent again.
    expect(await dispatcher.dispatch('team.invite', { email: 'jo.rep@sunsethonda.example', role: 'rep' })).toMatchObject({
      ok: true,
      value: { status: 'sent', invitation: { role: 'rep' } },
    });

    const replaced = await dispatcher.dispatch('team.invite', { email: 'jo.rep@sunsethonda.example', role: 'manager', replaceRole: true });
    expect(replaced).toMatchObject({ ok: true, value: { status: 'sent', invitation: { email: 'jo.rep@sunsethonda.example', role: 'manager' } } });
    expect(await pending(h)).toEqual([['jo.rep@sunsethonda.example', 'manager']]);
  });

  it('an admin revokes a pending invitation; revoking it again says so in plain words', async () => {
    const h = await harness();
    await signInAs(h, 'alex.admin@sunsethonda.example');
    await h.session.createDealership('Cove Nissan');
    const dispatcher = ipc(h);
    const sent = await h.team.invite('pat.rep@sunsethonda.example', 'rep');
    const kept = await h.team.invite('quinn.rep@sunsethonda.example', 'rep');
    if (sent.status !== 'sent' || kept.status !== 'sent') throw new Error('not sent');

    expect(await dispatcher.dispatch('team.revokeInvitation', { invitationId: sent.invitation.id })).toEqual({ ok: true, value: {} });
    expect(await pending(h)).toEqual([['quinn.rep@sunsethonda.example', 'rep']]);
    expect(await dispatcher.dispatch('team.revokeInvitation', { invitationId: sent.invitation.id })).toEqual({
      ok: false,
      error: { code: 'handler-failed', message: 'That invitation is no longer pending: it was accepted or revoked already. Refresh the list.' },
    });
    expect(await dispatcher.dispatch('team.revokeInvitation', { invitationId: '' })).toMatchObject({
      ok: false,
      error: { code: 'bad-arguments', fields: ['invitationId'] },
    });
  });
});

describe('when the network fails: the rep keeps working, the sealed session is kept', () => {
  const sealedToken = async (h: Harness) => {
    const text = await h.data.withLocalStore((local) => local.loadSecret(SESSION_SECRET_NAME));
    return text === null ? null : (JSON.parse(text) as { refreshToken: string }).refreshToken;
  };

  it.each([
    ['no connection', 'down'],
    ['a Wi-Fi login page or proxy answering 401 in place of the cloud', 'captive'],
  ] as const)('%s: the session is kept, shown offline, and works again when the cloud is back', async (_what, network) => {
    const h = await harness();
    await signInAs(h, 'casey.rep@sunsethonda.example');
    const latest = h.issued.at(-1)!;
    h.network = network;
    await expect(h.session.refresh()).rejects.toThrow(/could not reach its cloud service/);
    // The refresh itself (what a 401 or the timer starts) fails the same way, and ends nothing.
    await expect(h.session.afterUnauthorized(latest.accessToken)).rejects.toThrow(/could not reach its cloud service/);
    expect(h.session.state()).toMatchObject({ status: 'signed-in', offline: true, user: { email: 'casey.rep@sunsethonda.example' } });
    expect(await sealedToken(h)).toBe(latest.refreshToken);

    h.network = 'up';
    await expect(h.session.refresh()).resolves.toMatchObject({ status: 'signed-in', offline: false });
  });

  it('a desktop restarted with no connection restores the sealed session and works offline', async () => {
    const noConnection = () => Promise.reject(new TypeError('fetch failed'));
    const { h, again: offline, saved, states } = await restarted('riley.rep@sunsethonda.example', { fetch: noConnection, retryMs: 60_000 });
    await offline.start();
    await until('offline shown', () => states.some((s) => s.status === 'signed-in' && s.offline));
    expect(offline.state()).toMatchObject({ status: 'signed-in', offline: true, user: { email: 'riley.rep@sunsethonda.example' } });
    expect(await h.data.withLocalStore((local) => local.loadSecret(SESSION_SECRET_NAME))).toBe(saved);
  });

  it('retries a failed refresh soon, then less and less often, up to a cap', async () => {
    const tries: number[] = [];
    const noConnection: typeof fetch = () => {
      tries.push(Date.now());
      return Promise.reject(new TypeError('fetch failed'));
    };
    const { again } = await restarted('casey.rep@sunsethonda.example', { fetch: noConnection, retryMs: 100, retryMaxMs: 400, random: () => 1 });
    await again.start();
    await until('six tries', () => tries.length >= 6, 5_000);
    again.stop();
    const gaps = tries.slice(1, 6).map((at, i) => at - tries[i]!);
    // 100, 200, 400, then the cap: 400, 400 (jitter drawn at its top; timers never fire early; allow them to be late).
    expect(gaps[0]).toBeGreaterThanOrEqual(95);
    expect(gaps[1]).toBeGreaterThanOrEqual(195);
    expect(gaps[2]).toBeGreaterThanOrEqual(395);
    for (const gap of gaps.slice(3)) {
      expect(gap).toBeGreaterThanOrEqual(395);
      expect(gap).toBeLessThan(800);
    }
  });

  it('retries at once when the connectivity monitor hears the cloud again, not at the next timer', async () => {
    const net = { up: false };
    const flaky: typeof fetch = (input, init) => (net.up ? fetch(input, init) : Promise.reject(new TypeError('fetch failed')));
    const monitor = new ConnectivityMonitor({
      probe: async () => net.up, intervalMs: 60_000, timeoutMs: 1_000, onChange: () => undefined,
    });
    // The next timed retry is a minute away: only the monitor can bring the session back in time.
    const { again } = await restarted('casey.rep@sunsethonda.example', { fetch: flaky, retryMs: 60_000, connectivity: monitor });
    await again.start();
    await monitor.checkNow();
    await until('offline shown', () => again.state().status === 'signed-in' && (again.state() as { offline: boolean }).offline);
    net.up = true;
    await monitor.checkNow();
    await until('back online', () => {
      const s = again.state();
      return s.status === 'signed-in' && !s.offline;
    }, 3_000);
  });

  it('the cloud refuses plain http (403 https_required): no retries, a plain "contact IT", the sealed session kept', async () => {
    const refreshes: number[] = [];
    const httpsOnly: typeof fetch = async () => {
      refreshes.push(Date.now());
      return httpsRequiredAnswer();
    };
    // The monitor's /health probe still answers (the guard lets it through), so it says "reachable".
    const monitor = new ConnectivityMonitor({
      probe: async () => true, intervalMs: 60_000, timeoutMs: 1_000, onChange: () => undefined,
    });
    const { h, again, saved } = await restarted('riley.rep@sunsethonda.example', { fetch: httpsOnly, retryMs: 50, connectivity: monitor });
    await again.start();
    const shown = await until('the problem shown', () => {
      const s = again.state();
      return s.status === 'signed-in' && s.cloudProblem ? s : null;
    });
    expect(shown).toMatchObject({ user: { email: 'riley.rep@sunsethonda.example' }, offline: true });
    expect(shown.cloudProblem!.length).toBeLessThanOrEqual(200); // the renderer shows at most 200 characters as they are
    expect(shown.cloudProblem).toMatch(/Contact your IT team: the address must start with https:\/\/\. Your leads on this computer still work\.$/);
    // Neither the timer nor the monitor asks again: it cannot help.
    await monitor.checkNow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(refreshes).toHaveLength(1);
    expect(await h.data.withLocalStore((local) => local.loadSecret(SESSION_SECRET_NAME))).toBe(saved);
    // Asking the cloud on purpose (Try again) tries once and says the same, in plain words.
    await expect(again.refresh()).rejects.toThrow(/must start with https:\/\//);
    expect(refreshes).toHaveLength(2);
    expect(again.state()).toMatchObject({ status: 'signed-in', cloudProblem: shown.cloudProblem });
  });

  it('signing in against a cloud that refuses plain http says to contact IT, not "try again"', async () => {
    const h = await harness();
    h.network = 'https-required';
    await h.session.signIn('google', 'alex.admin@sunsethonda.example');
    const out = await signedOutWithMessage(h);
    expect(out.message).toMatch(/^LeadPulse is set up with a cloud address that is not secure, so the cloud refuses it\. Contact your IT team/);
  });

  it('the cloud down while signing in: says which half failed; a session already there is kept', async () => {
    const h = await harness();
    h.network = 'down';
    await h.session.signIn('google', 'alex.admin@sunsethonda.example');
    const out = await signedOutWithMessage(h);
    expect(out.message).toBe(
      'You signed in with Google, but LeadPulse could not reach its cloud service to finish. ' +
        'Check the connection and try again; your leads on this computer still work.',
    );

    h.network = 'up';
    await signInAs(h, 'alex.admin@sunsethonda.example');
    const latest = h.issued.at(-1)!;
    h.network = 'down';
    await h.session.signIn('google', 'casey.rep@sunsethonda.example');
    // The session it had stays in use all along; the failure is shown beside it.
    await until('the failure shown', () => {
      const s = h.session.state();
      return s.status === 'signed-in' && s.message;
    });
    expect(h.session.state()).toMatchObject({
      status: 'signed-in',
      user: { email: 'alex.admin@sunsethonda.example' },
      message: expect.stringMatching(/^You signed in with Google, but LeadPulse could not reach its cloud service to finish/),
    });
    expect(await sealedToken(h)).toBe(latest.refreshToken);
  });

  it('the browser closed before finishing: the sign-in stops after its time with a plain message and frees the port', async () => {
    const h = await harness({ openPage: false, signInTimeoutMs: 300 });
    const started = await h.session.signIn('google', 'alex.admin@sunsethonda.example');
    expect(h.session.state().status).toBe('signing-in');
    const out = await signedOutWithMessage(h);
    expect(out.message).toBe(
      'No answer came back from Google within 1 minute, so the sign-in was stopped. ' +
        'If the browser page was closed before you finished, nothing was changed. Try again.',
    );
    const redirectUri = new URL(started.signInUrl).searchParams.get('redirect_uri')!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(fetch(redirectUri)).rejects.toThrow();
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test as base, _electron as electron, type BrowserContext, type Page } from '@playwright/test';
import { electronBinary } from './electron-binary';
import { startCloudApi, type CloudApi } from '../../cloud-api/src/server';
import {
  SIMULATOR_CLIENT_ID,
  startSimulatorProcess,
  testCloudEnv,
  type SimulatorProcess,
} from '../../src-main/core/session/testing/oidc-stack';

export type AppHostKind = 'browser-host' | 'electron';

const root = path.resolve(import.meta.dirname, '../..');

/** A stand-in for the cloud's /health that a test can take down to make main go offline. */
export class FakeCloud {
  private server: Server | null = null;
  url = '';
  async up(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      res.writeHead(req.url === '/health' ? 200 : 404, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * The installed Electron binary, or null. Read the way electron's own index.js does, but
 * without its fallback of downloading one (which hangs on machines with no internet).
 */
/** Each test gets its own profile folder and keychain entry (the real OS keychain), removed after. */
function profileEnv(testId: string): Record<string, string> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lp-e2e-'));
  return {
    LEADPULSE_DATA_DIR: dataDir,
    LEADPULSE_KEYCHAIN_SERVICE: `LeadPulse-e2e-${process.pid}-${testId}`,
    LEADPULSE_DEMO_LEADS: '1',
  };
}

async function cleanupProfile(env: Record<string, string>): Promise<void> {
  const { createOsKeychain } = await import('../../src-main/core/secrets/index');
  await createOsKeychain().delete(env.LEADPULSE_KEYCHAIN_SERVICE!, 'data-key:default').catch(() => false);
  rmSync(env.LEADPULSE_DATA_DIR!, { recursive: true, force: true });
}

async function startHostProcess(
  cloudUrl: string,
  profile: Record<string, string>,
  extraEnv: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(root, 'dist/host/main.js')], {
    env: { ...process.env, ...profile, LEADPULSE_CLOUD_URL: cloudUrl, LEADPULSE_CONNECTIVITY_INTERVAL_MS: '300', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`browser host did not start: ${out}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`browser host exited with ${code}`)));
  });
  return { url, child };
}

export const test = base.extend<{ appHost: AppHostKind; hostEnv: Record<string, string>; cloud: FakeCloud; appPage: Page; profileDir: string }>({
  appHost: ['browser-host', { option: true }],
  /** Extra environment for the browser host process (e.g. no reachable keychain). */
  hostEnv: [{}, { option: true }],
  // Filled by appPage: the profile folder the app under test writes to.
  profileDir: ['', { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern.
  cloud: async ({}, use) => {
    const cloud = new FakeCloud();
    await cloud.up();
    await use(cloud);
    await cloud.down();
  },
  appPage: async ({ appHost, hostEnv, cloud, playwright, launchOptions }, use, testInfo) => {
    if (appHost === 'electron') {
      const binary = electronBinary();
      // playwright.config.ts lists the Electron project only where a binary exists.
      if (binary === null) throw new Error('No Electron binary on this machine: run the chromium-host project.');
      // A throwaway profile, keychain entry and Chromium user-data folder: never the real ones.
      const profile = profileEnv(testInfo.testId);
      const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'lp-e2e-electron-'));
      const app = await electron.launch({
        executablePath: binary,
        args: [path.join(root, 'dist/shell/main.cjs'), `--user-data-dir=${userDataDir}`],
        env: { ...process.env, ...profile, ...hostEnv, LEADPULSE_CLOUD_URL: cloud.url },
      });
      testInfo.annotations.push({ type: 'profile-dir', description: profile.LEADPULSE_DATA_DIR! });
      try {
        await use(await app.firstWindow());
      } finally {
        await app.close();
        await cleanupProfile(profile);
        rmSync(userDataDir, { recursive: true, force: true });
      }
      return;
    }
    const profile = profileEnv(testInfo.testId);
    const { url, child } = await startHostProcess(cloud.url, profile, hostEnv);
    testInfo.annotations.push({ type: 'profile-dir', description: profile.LEADPULSE_DATA_DIR! });
    // Launched here, not through the `browser` fixture, so the electron project never starts Chromium.
    const browser = await playwright.chromium.launch(launchOptions);
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(url);
    await use(page);
    await context.close();
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await cleanupProfile(profile);
    if (problems.length > 0) throw new Error(`The page reported errors:\n${problems.join('\n')}`);
  },
});

/** The real sign-in stack: the provider simulator (built) and cloud-api trusting it, on embedded Postgres. */
export interface SignInStack {
  readonly sim: SimulatorProcess;
  readonly cloud: CloudApi;
}

/** The browser-host app signed in against the real stack; `context` sees the sign-in popups. */
export interface SignInApp {
  readonly page: Page;
  readonly context: BrowserContext;
}

/**
 * The worker's real stack for sign-in journeys: the provider simulator (built) and a cloud-api on
 * its own throwaway Postgres. A spec file that needs a cloud of its own overrides signInStack
 * with this same function (Playwright then gives that file its own worker).
 */
// eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern.
export async function startSignInStack({}: object, use: (stack: SignInStack) => Promise<void>): Promise<void> {
  const sim = await startSimulatorProcess({ built: true });
  const pg = testCloudEnv(sim);
  const cloud = await startCloudApi({ env: pg.env });
  await use({ sim, cloud });
  await cloud.close();
  await sim.close();
  pg.cleanup();
}

export const sessionTest = base.extend<{ appHost: AppHostKind; signInApp: SignInApp }, { signInStack: SignInStack }>({
  appHost: ['browser-host', { option: true }],
  signInStack: [startSignInStack, { scope: 'worker', timeout: 120_000 }],
  signInApp: async ({ appHost, signInStack, playwright, launchOptions }, use, testInfo) => {
    testInfo.skip(appHost === 'electron', 'Sign-in in Electron opens the system browser, which Playwright cannot drive; the browser host covers the journey.');
    const profile = { ...profileEnv(testInfo.testId), LEADPULSE_DEMO_LEADS: '1' };
    const { sim, cloud } = signInStack;
    const { url, child } = await startHostProcess(cloud.url, profile, {
      LEADPULSE_OIDC_GOOGLE_ISSUER: sim.issuers.google,
      LEADPULSE_OIDC_MICROSOFT_ISSUER: sim.issuers.microsoft,
      LEADPULSE_OIDC_CLIENT_ID: SIMULATOR_CLIENT_ID,
    });
    const browser = await playwright.chromium.launch(launchOptions);
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await page.goto(url);
    await use({ page, context });
    await context.close();
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await cleanupProfile(profile);
    if (problems.length > 0) throw new Error(`The page reported errors:\n${problems.join('\n')}`);
  },
});

export { expect } from '@playwright/test';

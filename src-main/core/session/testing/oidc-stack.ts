import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SessionResponse } from '@leadpulse/cloud-contract';

/**
 * Test support for sign-in: the provider simulator as its own process (the app talks to it
 * only over HTTP, as it would to Google), the cloud-api's env that trusts it, and a scripted
 * "browser" that follows the sign-in page to the loopback redirect.
 */
const root = path.resolve(import.meta.dirname, '../../../..');

export const SIMULATOR_CLIENT_ID = 'leadpulse-desktop-dev.apps.simulator';

export interface SimulatorProcess {
  readonly origin: string;
  readonly issuers: { readonly google: string; readonly microsoft: string };
  close(): Promise<void>;
}

/** Starts simulator/main.ts under tsx (or dist/simulator/main.js when `built`). */
export async function startSimulatorProcess(options: { built?: boolean } = {}): Promise<SimulatorProcess> {
  const args = options.built
    ? [path.join(root, 'dist/simulator/main.js')]
    : ['--import', 'tsx', path.join(root, 'simulator/main.ts')];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const origin = await readyLine(child, /simulator listening on (http:\/\/\S+)/, 'simulator');
  return {
    origin,
    issuers: { google: `${origin}/google`, microsoft: `${origin}/microsoft` },
    close: () => stopChild(child),
  };
}

/** The cloud-api environment that trusts the simulator's two issuers and our client id. */
export function cloudEnvTrusting(sim: Pick<SimulatorProcess, 'issuers'>): Record<string, string> {
  const provider = (name: 'google' | 'microsoft') => ({
    name,
    issuer: sim.issuers[name],
    jwksUri: `${sim.issuers[name]}/jwks`,
    clientIds: [SIMULATOR_CLIENT_ID],
    emailVerifiedClaim: 'email_verified',
  });
  return { OIDC_PROVIDERS: JSON.stringify([provider('google'), provider('microsoft')]) };
}

/** A cloud-api env for tests: any free port, silent logs, its own throwaway Postgres folder. */
export function testCloudEnv(sim: Pick<SimulatorProcess, 'issuers'>, extra: Record<string, string> = {}): {
  env: Record<string, string>;
  cleanup(): void;
} {
  const pgDir = mkdtempSync(path.join(tmpdir(), 'lp-session-pg-'));
  return {
    env: { PORT: '0', LOG_LEVEL: 'silent', PG_DATA_DIR: pgDir, NODE_ENV: 'test', ...cloudEnvTrusting(sim), ...extra },
    cleanup: () => rmSync(pgDir, { recursive: true, force: true }),
  };
}

/**
 * What the system browser does with the sign-in page when the simulator auto-consents
 * (login_hint): follow its redirect to the app's loopback listener. Answers the final status.
 */
export async function followSignInPage(url: string): Promise<number> {
  const atProvider = await fetch(url, { redirect: 'manual' });
  const location = atProvider.headers.get('location');
  if (atProvider.status !== 302 || location === null) throw new Error(`the provider did not redirect (${atProvider.status})`);
  const back = await fetch(location, { redirect: 'manual' });
  await back.text();
  return back.status;
}

/** Signs a demo user in to the cloud directly (code + PKCE against the simulator, no app). */
export async function cloudSessionFor(cloudUrl: string, issuer: string, email: string): Promise<SessionResponse> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = 'http://127.0.0.1:9/callback';
  const authorize = new URL(`${issuer}/authorize`);
  for (const [k, v] of Object.entries({
    client_id: SIMULATOR_CLIENT_ID, redirect_uri: redirectUri, response_type: 'code', scope: 'openid email',
    code_challenge: challenge, code_challenge_method: 'S256', state: 's', login_hint: email,
  })) authorize.searchParams.set(k, v);
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location') ?? 'http://x/').searchParams.get('code');
  if (!code) throw new Error('the simulator gave no code');
  const token = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: SIMULATOR_CLIENT_ID, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  const { id_token: idToken } = (await token.json()) as { id_token: string };
  const session = await fetch(`${cloudUrl}/v1/auth/oidc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ idToken }),
  });
  if (!session.ok) throw new Error(`cloud sign-in failed: ${session.status}`);
  return (await session.json()) as SessionResponse;
}

/** One authenticated cloud request from a test (as an admin acting outside the app). */
export async function cloudRequest(cloudUrl: string, accessToken: string, method: string, pathname: string, body?: unknown): Promise<Response> {
  return fetch(`${cloudUrl}${pathname}`, {
    method,
    headers: { Authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function readyLine(child: ChildProcess, pattern: RegExp, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = pattern.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

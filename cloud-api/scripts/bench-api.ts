/**
 * Load benchmark: an authenticated, RLS-scoped read (GET /v1/dealerships/:id/leads, 50
 * leads, as a rep: token verify, Postgres rate-limit counters for user and dealership,
 * withTenantTx, membership + session check, the read, zod serialization) against a bare
 * Fastify route, served by the same child process, measured one after the other in one run
 * by autocannon at 200 connections from this process.
 *
 *   cd /work/main && node --import tsx cloud-api/scripts/bench-api.ts [--duration 10]
 *
 * Prints a table; writes bench-results/cloud-api.json. Targets: RLS route >= 40% of the
 * bare route's req/s, p99 < 50 ms.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { pino } from 'pino';
import type { SessionResponse } from '../src/api-schemas.js';
import { startCloudApi } from '../src/server.js';
import { makeTempDir } from '../src/testing/temp-postgres.js';
import { startLocalIdp } from '../src/testing/test-stack.js';

interface Target {
  apiUrl: string;
  bareUrl: string;
  token: string;
  dealershipId: string;
}

const CONNECTIONS = 200;

async function serve(): Promise<void> {
  const dataDir = await makeTempDir('leadpulse-bench-pg-');
  const idp = await startLocalIdp();
  const api = await startCloudApi({
    env: {
      PORT: '0',
      PG_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      OIDC_PROVIDERS: JSON.stringify([idp.provider]),
      // Counted (the Postgres upserts run on every request) but never reached.
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      RATE_LIMIT_TENANT_PER_MINUTE: '10000000',
      API_POOL_MAX: '20',
    },
    logger: pino({ level: 'warn' }),
  });
  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ ok: true }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const address = bare.server.address();
  const barePort = typeof address === 'object' && address ? address.port : 0;

  const post = async <T>(url: string, body: unknown, token?: string): Promise<T> => {
    const res = await fetch(`${api.url}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const signIn = async (email: string) =>
    post<SessionResponse>('/v1/auth/oidc', { idToken: await idp.mintIdToken({ email }) });
  const admin = await signIn('admin@bench.test');
  const { id: dealershipId } = await post<{ id: string }>('/v1/dealerships', { name: 'Bench Motors' }, admin.accessToken);
  await post(`/v1/dealerships/${dealershipId}/invitations`, { email: 'rep@bench.test', role: 'rep' }, admin.accessToken);
  const rep = await signIn('rep@bench.test');
  for (let i = 0; i < 50; i++) {
    await post(
      `/v1/dealerships/${dealershipId}/leads`,
      { id: randomUUID(), source: 'autotrader', receivedAt: new Date(Date.now() - i * 60_000).toISOString() },
      rep.accessToken,
    );
  }
  const target: Target = {
    apiUrl: `${api.url}/v1/dealerships/${dealershipId}/leads`,
    bareUrl: `http://127.0.0.1:${barePort}/bare`,
    token: rep.accessToken,
    dealershipId,
  };
  process.send?.(target);
  process.on('message', (message) => {
    if (message !== 'stop') return;
    void (async () => {
      await bare.close();
      await api.close();
      await idp.close();
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    })();
  });
}

interface Result {
  requestsPerSecond: number;
  p99Ms: number;
  p50Ms: number;
  non2xx: number;
  errors: number;
  totalRequests: number;
}

async function load(url: string, duration: number, headers: Record<string, string> = {}): Promise<Result> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration, headers });
  return {
    requestsPerSecond: Math.round(r.requests.average),
    p99Ms: r.latency.p99,
    p50Ms: r.latency.p50,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    totalRequests: r.requests.total,
  };
}

async function main(): Promise<void> {
  const durationArg = process.argv.indexOf('--duration');
  const duration = durationArg > 0 ? Number(process.argv[durationArg + 1]) : 10;
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const target = await new Promise<Target>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Target));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  try {
    const auth = { authorization: `Bearer ${target.token}` };
    // Warm-up: JIT, connection pools, Postgres caches.
    await load(target.bareUrl, 2);
    await load(target.apiUrl, 2, auth);
    const bare = await load(target.bareUrl, duration);
    const rls = await load(target.apiUrl, duration, auth);
    const ratio = rls.requestsPerSecond / bare.requestsPerSecond;
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', node: process.version },
      connections: CONNECTIONS,
      durationSeconds: duration,
      bare,
      rlsScopedRead: rls,
      throughputRatio: Number(ratio.toFixed(3)),
      targets: { throughputRatioAtLeast: 0.4, p99MsBelow: 50 },
      meetsTargets: ratio >= 0.4 && rls.p99Ms < 50 && rls.non2xx === 0 && rls.errors === 0,
    };
    const rows = [
      ['route', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'],
      ['bare Fastify GET /bare', bare.requestsPerSecond, bare.p50Ms, bare.p99Ms, bare.non2xx, bare.errors],
      ['RLS GET .../leads (rep, 50 rows)', rls.requestsPerSecond, rls.p50Ms, rls.p99Ms, rls.non2xx, rls.errors],
    ].map((r) => r.map(String));
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
    const table = rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')).join('\n');
    process.stdout.write(
      `\n${table}\n\nthroughput ratio (RLS / bare): ${(ratio * 100).toFixed(1)}%  (target >= 40%)\n` +
        `RLS p99: ${rls.p99Ms} ms (target < 50 ms)  ->  ${result.meetsTargets ? 'targets met' : 'TARGETS NOT MET'}\n`,
    );
    const outDir = path.resolve(fileURLToPath(new URL('../../bench-results/', import.meta.url)));
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'cloud-api.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`written to ${path.join(outDir, 'cloud-api.json')}\n`);
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();

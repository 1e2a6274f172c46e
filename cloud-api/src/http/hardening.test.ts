import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '@leadpulse/cloud-contract';
import { buildApp } from '../app.js';
import { createLogger } from '../logger.js';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres.js';
import { startTestStack, type TestStack } from '../testing/test-stack.js';

const logLines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    logLines.push(chunk.toString('utf8'));
    done();
  },
});

let postgres: TempPostgres;
let stack: TestStack;
let session: SessionResponse;
let dealershipId: string;

beforeAll(async () => {
  postgres = await startTempPostgres();
  stack = await startTestStack({
    postgres,
    rateLimits: { userPerMinute: 8, tenantPerMinute: 1_000, addressPerMinute: 1_000 },
    logger: createLogger({ level: 'debug', destination: sink }),
  });
  session = await stack.signIn('admin@hardening.test');
  dealershipId = (await stack.request(session.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name: 'Hard Motors' } })).json<{ id: string }>().id;
});

afterAll(async () => {
  await stack?.close();
  await postgres?.dispose();
});

describe('hardening', () => {
  it('rate-limits per user (counters in Postgres) with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await stack.request(session.accessToken, { method: 'GET', url: `/v1/dealerships/${dealershipId}/leads` });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) retryAfter = String(res.headers['retry-after']);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(8);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const counters = await stack.owner.query<{ key: string }>('select key from rate_limits');
    expect(counters.rows.map((r) => r.key)).toEqual(expect.arrayContaining([`u:${session.user.id}`, `t:${dealershipId}`]));
  });

  it('rate-limits per dealership across its members', async () => {
    const tight = await startTestStack({ postgres, rateLimits: { userPerMinute: 1_000, tenantPerMinute: 5, addressPerMinute: 1_000 } });
    try {
      const a = await tight.signIn('a@tenant-limit.test');
      const id = (await tight.request(a.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name: 'T' } })).json<{ id: string }>().id;
      await tight.request(a.accessToken, { method: 'POST', url: `/v1/dealerships/${id}/invitations`, payload: { email: 'b@tenant-limit.test', role: 'rep' } });
      const b = await tight.signIn('b@tenant-limit.test');
      const statuses: number[] = [];
      for (const s of [a, b, a, b, a, b]) {
        statuses.push((await tight.request(s.accessToken, { method: 'GET', url: `/v1/dealerships/${id}/leads` })).statusCode);
      }
      expect(statuses.slice(-2)).toContain(429);
    } finally {
      await tight.close();
    }
  });

  it('an outsider with a valid token cannot use up a dealership\'s limit', async () => {
    const tight = await startTestStack({ postgres, rateLimits: { userPerMinute: 1_000, tenantPerMinute: 3, addressPerMinute: 1_000 } });
    try {
      const owner = await tight.signIn('owner@outsider-limit.test');
      const id = (await tight.request(owner.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name: 'O' } })).json<{ id: string }>().id;
      const outsider = await tight.signIn('outsider@outsider-limit.test');
      for (let i = 0; i < 6; i++) {
        expect((await tight.request(outsider.accessToken, { method: 'GET', url: `/v1/dealerships/${id}/leads` })).statusCode).toBe(403);
      }
      expect((await tight.request(owner.accessToken, { method: 'GET', url: `/v1/dealerships/${id}/leads` })).statusCode).toBe(200);
    } finally {
      await tight.close();
    }
  });

  it('limits body size (413) and rejects non-JSON bodies (415)', async () => {
    const big = await stack.request(undefined, {
      method: 'POST',
      url: '/v1/auth/refresh',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ refreshToken: 'x'.repeat(300 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    const text = await stack.request(undefined, { method: 'POST', url: '/v1/auth/refresh', headers: { 'content-type': 'text/plain' }, payload: 'hi' });
    expect(text.statusCode).toBe(415);
  });

  it('keeps CORS closed: requests from a browser origin are refused, no CORS headers ever', async () => {
    const res = await stack.request(session.accessToken, { method: 'GET', url: '/v1/me', headers: { origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(403);
    const preflight = await stack.request(undefined, {
      method: 'OPTIONS',
      url: '/v1/me',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends security headers', async () => {
    const res = await stack.request(undefined, { method: 'GET', url: '/health' });
    expect(res.headers).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'none'"),
      'strict-transport-security': expect.stringContaining('max-age=31536000'),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
    });
  });

  it('in production behind a proxy, refuses requests that came over plain HTTP', async () => {
    const app = buildApp({ db: stack.services.pool, version: 't', trustProxy: true, requireHttps: true, api: stack.services });
    try {
      const plain = await app.inject({ method: 'GET', url: '/v1/me', headers: { 'x-forwarded-proto': 'http' } });
      expect(plain.statusCode).toBe(403);
      expect(plain.json()).toMatchObject({ error: 'https_required' });
      const tls = await app.inject({ method: 'GET', url: '/v1/me', headers: { 'x-forwarded-proto': 'https' } });
      expect(tls.statusCode).toBe(401); // reached the route: no token
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('publishes the zod schemas as OpenAPI at /openapi.json', async () => {
    const res = await stack.request(undefined, { method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/auth/oidc', '/v1/auth/refresh', '/v1/auth/logout', '/v1/me', '/v1/dealerships/{dealershipId}/leads']),
    );
    expect(doc.paths['/v1/auth/oidc']?.post?.requestBody).toBeDefined();
    expect(doc.paths['/v1/auth/oidc']?.post?.responses['200']).toBeDefined();
  });

  it('logs carry no tokens and no email addresses', async () => {
    await stack.request(undefined, { method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: session.refreshToken } });
    await stack.request(undefined, { method: 'POST', url: '/v1/auth/oidc', payload: { idToken: await stack.idp.mintIdToken({ email: 'late@hardening.test', expiresIn: -300 }) } });
    const all = logLines.join('');
    expect(all.length).toBeGreaterThan(1000);
    expect(all).not.toContain(session.accessToken.slice(-20));
    expect(all).not.toContain(session.refreshToken);
    expect(all).not.toMatch(/@hardening\.test/);
    expect(all).not.toContain('authorization');
  });
});

import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '@leadpulse/cloud-contract';
import { BODY_LIMIT_BYTES, buildApp } from '../app.js';
import { registerBilling } from '../billing/register.js';
import { loadConfig } from '../config.js';
import type { RequestRateLimiter } from './rate-limit.js';
import { HttpError } from './errors.js';
import { startTestStack, type TestStack } from '../testing/test-stack.js';

/**
 * /openapi.json tells the truth about error statuses: every route is probed the ways it
 * can be refused (no token, a signed-in outsider, a browser Origin, an exhausted rate
 * limit, a body that fails validation; and, for every method Fastify reads a body for, i.e.
 * all but GET and HEAD, whatever the route's schema: a body that is not JSON, one over the
 * body limit) and every 4xx/5xx it answers must be declared for it. Bearer routes (those
 * that call authenticate/inTenant) must declare 401, 403 and 429; every route declares 500.
 */

interface Operation {
  method: string;
  path: string;
  responses: Record<string, unknown>;
  bearer: boolean;
  hasBody: boolean;
}

interface OpenApiDoc {
  security?: Array<Record<string, unknown>>;
  paths: Record<string, Record<string, { responses?: Record<string, unknown>; security?: Array<Record<string, unknown>>; requestBody?: unknown }>>;
}

/** A body each route accepts (validation passes); a new route with a body must add one. */
const SAMPLE_BODIES: Record<string, unknown> = {
  'POST /v1/auth/oidc': { idToken: 'not-a-real-id-token' },
  'POST /v1/auth/refresh': { refreshToken: 'not-a-real-refresh-token' },
  'POST /v1/auth/logout': { refreshToken: 'not-a-real-refresh-token' },
  'POST /v1/dealerships': { name: 'Probe Motors' },
  'DELETE /v1/dealerships/{dealershipId}': { confirmName: 'Probe Motors' },
  'PATCH /v1/dealerships/{dealershipId}/members/{userId}': { role: 'rep' },
  'POST /v1/dealerships/{dealershipId}/invitations': { email: 'probe@openapi.test', role: 'rep' },
  'POST /v1/dealerships/{dealershipId}/leads': { id: randomUUID(), source: 'web', receivedAt: new Date().toISOString() },
  'POST /v1/dealerships/{dealershipId}/leads/{leadId}/reassign': { assigneeUserId: null },
  'POST /v1/dealerships/{dealershipId}/leads/{leadId}/status': { status: 'responded' },
  'POST /v1/dealerships/{dealershipId}/deletions/customer': { email: 'someone@openapi.test' },
  'POST /v1/billing/{dealershipId}/checkout': { seats: 1 },
  'POST /v1/billing/webhook': { id: 'evt_probe' },
};

let stack: TestStack;
let app: FastifyInstance;
let operations: Operation[];
let outsider: SessionResponse;

beforeAll(async () => {
  stack = await startTestStack();
  // The app as server.ts builds it, billing included (configured, so its link routes get
  // as far as the tenancy check; Stripe itself is never reached by these probes).
  app = buildApp({
    db: stack.services.pool,
    version: 'test',
    api: stack.services,
    extraRoutes: (instance) =>
      registerBilling(
        instance,
        stack.services,
        loadConfig({
          STRIPE_SECRET_KEY: 'sk_test_openapi_probe',
          STRIPE_WEBHOOK_SECRET: 'whsec_openapi_probe',
          STRIPE_SEAT_PRICE_ID: 'price_openapi_probe',
          STRIPE_API_HOST: '127.0.0.1',
          STRIPE_API_PORT: '9',
          STRIPE_API_PROTOCOL: 'http',
          STRIPE_MAX_NETWORK_RETRIES: '0',
        }).billing,
      ),
  });
  await app.ready();
  const doc = app.swagger() as unknown as OpenApiDoc;
  const globalBearer = (doc.security ?? []).some((s) => 'bearer' in s);
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      responses: op.responses ?? {},
      bearer: op.security ? op.security.some((s) => 'bearer' in s) : globalBearer,
      hasBody: op.requestBody !== undefined,
    })),
  );
  outsider = await stack.signIn('outsider@openapi.test');
});

afterAll(async () => {
  await app?.close();
  await stack?.close();
});

const key = (op: Operation) => `${op.method} ${op.path}`;

function probe(op: Operation, options: { token?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  // Every path parameter is a uuid no probe caller has anything to do with.
  const url = op.path.replace(/\{[^}]+\}/g, () => randomUUID());
  const body = 'body' in options ? options.body : SAMPLE_BODIES[key(op)];
  const inject: InjectOptions = {
    method: op.method,
    url,
    headers: {
      'x-leadpulse-client': 'vitest',
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    ...(body !== undefined && { payload: body as InjectOptions['payload'] }),
  };
  return app.inject(inject);
}

describe('/openapi.json declares the error statuses routes really answer', () => {
  it('covers the v1 API, billing included, and knows a sample body for every route that takes one', () => {
    const v1 = operations.filter((op) => op.path.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThan(20);
    expect(v1.map(key)).toEqual(expect.arrayContaining(['GET /v1/billing/{dealershipId}/status', 'POST /v1/billing/webhook']));
    expect(v1.filter((op) => op.hasBody && !(key(op) in SAMPLE_BODIES)).map(key)).toEqual([]);
  });

  it('every route declares 500 (an unexpected failure answers { error: "internal" })', () => {
    expect(operations.filter((op) => !('500' in op.responses)).map(key)).toEqual([]);
  });

  it('bearer routes declare 401, 403 and 429; routes behind the seat gate declare 402', () => {
    const missing = operations
      .filter((op) => op.bearer)
      .flatMap((op) => ['401', '403', '429'].filter((s) => !(s in op.responses)).map((s) => `${key(op)} lacks ${s}`));
    expect(missing).toEqual([]);
    const invite = operations.find((op) => key(op) === 'POST /v1/dealerships/{dealershipId}/invitations');
    expect(Object.keys(invite?.responses ?? {})).toContain('402');
  });

  it('every status a probe gets is declared, and the bearer flag is true (401 without a token)', async () => {
    const undeclared: string[] = [];
    const wrong: string[] = [];
    const limiter = stack.services.rateLimiter;
    const exhausted: RequestRateLimiter = {
      consume: async () => {
        throw new HttpError(429, 'rate_limited', 'too many requests; retry in 60 s', { 'retry-after': '60' });
      },
    };
    for (const op of operations) {
      const observed: Array<[string, number]> = [];
      const noToken = await probe(op);
      observed.push(['no token', noToken.statusCode]);
      if (op.bearer && noToken.statusCode !== 401) wrong.push(`${key(op)}: bearer route answered ${noToken.statusCode} without a token`);
      if (!op.bearer && noToken.statusCode === 401 && !op.path.startsWith('/v1/auth/')) {
        wrong.push(`${key(op)}: answers 401 without a token but its OpenAPI security says no bearer`);
      }
      const stranger = await probe(op, { token: outsider.accessToken });
      observed.push(['outsider', stranger.statusCode]);
      if (op.bearer && op.path.includes('{dealershipId}') && stranger.statusCode !== 403) {
        wrong.push(`${key(op)}: a non-member got ${stranger.statusCode}, not 403`);
      }
      observed.push(['browser origin', (await probe(op, { token: outsider.accessToken, headers: { origin: 'https://evil.example' } })).statusCode]);
      if (op.hasBody) observed.push(['invalid body', (await probe(op, { token: outsider.accessToken, body: { unexpected: [] } })).statusCode]);
      if (op.method !== 'GET' && op.method !== 'HEAD') {
        const notJson = await probe(op, { token: outsider.accessToken, headers: { 'content-type': 'text/plain' }, body: 'hello' });
        observed.push(['text/plain body', notJson.statusCode]);
        const tooBig = await probe(op, { token: outsider.accessToken, body: { padding: 'x'.repeat(BODY_LIMIT_BYTES) } });
        observed.push(['body over the limit', tooBig.statusCode]);
      }
      stack.services.rateLimiter = exhausted;
      try {
        const limited = await probe(op, { token: outsider.accessToken });
        observed.push(['rate limited', limited.statusCode]);
        if (op.bearer && limited.statusCode !== 429) wrong.push(`${key(op)}: over the rate limit it answered ${limited.statusCode}`);
      } finally {
        stack.services.rateLimiter = limiter;
      }
      for (const [how, status] of observed) {
        if (status >= 500 && status !== 502 && status !== 503) wrong.push(`${key(op)}: ${how} -> ${status}`);
        if (status >= 400 && !(String(status) in op.responses)) undeclared.push(`${key(op)}: ${how} -> ${status} not declared`);
      }
    }
    expect(wrong).toEqual([]);
    expect(undeclared).toEqual([]);
  });
});

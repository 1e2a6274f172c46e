import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '@leadpulse/cloud-contract';
import { HttpError } from '../http/errors.js';
import type { RequestRateLimiter } from '../http/rate-limit.js';
import { startTestStack, type TestStack } from '../testing/test-stack.js';

/**
 * The lead routes declare exactly the error statuses they can answer: for every lead route,
 * each 4xx in its OpenAPI responses is produced here by a real request, and nothing else is
 * declared (500, declared by every route for an unexpected failure, excepted).
 */
let stack: TestStack;
let admin: SessionResponse;
let repA: SessionResponse;
let repB: SessionResponse;
let outsider: SessionResponse;
let dealershipId: string;

beforeAll(async () => {
  stack = await startTestStack();
  admin = await stack.signIn('admin@lead-errors.test');
  const res = await stack.request(admin.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name: 'Errors Motors' } });
  dealershipId = res.json<{ id: string }>().id;
  for (const email of ['rep-a@lead-errors.test', 'rep-b@lead-errors.test']) {
    const invited = await stack.request(admin.accessToken, {
      method: 'POST', url: `/v1/dealerships/${dealershipId}/invitations`, payload: { email, role: 'rep' },
    });
    expect(invited.statusCode).toBe(201);
  }
  repA = await stack.signIn('rep-a@lead-errors.test');
  repB = await stack.signIn('rep-b@lead-errors.test');
  outsider = await stack.signIn('outsider@lead-errors.test');
});

afterAll(async () => {
  await stack?.close();
});

interface Route {
  method: 'GET' | 'POST';
  /** OpenAPI path. */
  path: string;
  body?: object;
}

const LEADS = '/v1/dealerships/{dealershipId}/leads';
const ONE = `${LEADS}/{leadId}`;

function sampleBody(path: string): object | undefined {
  if (path === LEADS) return { id: randomUUID(), source: 'web', receivedAt: '2026-03-01T10:00:00.000Z' };
  if (path.endsWith('/reassign')) return { assigneeUserId: null };
  if (path.endsWith('/status')) return { status: 'responded' };
  return undefined;
}

async function newLead(reporter: SessionResponse): Promise<string> {
  const id = randomUUID();
  const res = await stack.request(reporter.accessToken, {
    method: 'POST', url: `/v1/dealerships/${dealershipId}/leads`, payload: { id, source: 'web', receivedAt: '2026-03-01T10:00:00.000Z' },
  });
  expect(res.statusCode).toBe(201);
  return id;
}

function call(
  route: Route,
  options: { token?: string; dealership?: string; lead?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const url = route.path
    .replace('{dealershipId}', options.dealership ?? dealershipId)
    .replace('{leadId}', options.lead ?? randomUUID());
  const body = 'body' in options ? options.body : sampleBody(route.path);
  const inject: InjectOptions = {
    method: route.method,
    url,
    ...(options.headers && { headers: options.headers }),
    ...(body !== undefined && { payload: body as InjectOptions['payload'] }),
  };
  return stack.request(options.token, inject);
}

async function rateLimited(run: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const limiter = stack.services.rateLimiter;
  const exhausted: RequestRateLimiter = {
    consume: async () => {
      throw new HttpError(429, 'rate_limited', 'too many requests; retry in 60 s', { 'retry-after': '60' });
    },
  };
  stack.services.rateLimiter = exhausted;
  try {
    return await run();
  } finally {
    stack.services.rateLimiter = limiter;
  }
}

type Scenario = () => Promise<LightMyRequestResponse>;

/** For each lead route, a request producing each error status it should declare. */
async function scenarios(route: Route): Promise<Map<number, Scenario>> {
  const s = new Map<number, Scenario>([
    [400, () => call(route, { token: admin.accessToken, dealership: 'not-a-uuid' })],
    [401, () => call(route)],
    [403, () => call(route, { token: outsider.accessToken })],
    [429, () => rateLimited(() => call(route, { token: admin.accessToken }))],
  ]);
  if (route.method !== 'GET') {
    s.set(413, () => call(route, { token: admin.accessToken, body: { padding: 'x'.repeat(1024 * 1024) } }));
    s.set(415, () => call(route, { token: admin.accessToken, headers: { 'content-type': 'text/plain' }, body: 'hello' }));
  }
  const key = `${route.method} ${route.path}`;
  if (route.path.startsWith(ONE)) {
    // A lead id the dealership does not have.
    s.set(404, () => call(route, { token: admin.accessToken }));
  }
  if (key === `POST ${LEADS}`) {
    const id = await newLead(repA);
    s.set(409, () => call(route, { token: repB.accessToken, body: { id, source: 'web', receivedAt: '2026-03-01T10:00:00.000Z' } }));
  }
  if (key === `POST ${ONE}/claim`) {
    const lead = await newLead(admin);
    expect((await call(route, { token: repA.accessToken, lead })).statusCode).toBe(200);
    // A rep never sees another rep's lead (404); a manager or admin does, and cannot take it.
    s.set(409, () => call(route, { token: admin.accessToken, lead }));
  }
  if (key === `POST ${ONE}/status`) {
    const lead = await newLead(admin); // unassigned: a rep sees it but is not its assignee
    s.set(409, () => call(route, { token: repB.accessToken, lead }));
  }
  return s;
}

describe('lead routes declare the error statuses they answer, and only those', () => {
  it('every declared 4xx is reached, and every reached status is declared', async () => {
    const doc = stack.app.swagger() as unknown as {
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith(LEADS))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({
          route: { method: method.toUpperCase() as Route['method'], path },
          declared: Object.keys(op.responses ?? {}).map(Number).filter((status) => status >= 400 && status !== 500).sort(),
        })),
      );
    expect(routes.map((r) => `${r.route.method} ${r.route.path}`).sort()).toEqual([
      `GET ${LEADS}`,
      `GET ${ONE}`,
      `POST ${LEADS}`,
      `POST ${ONE}/claim`,
      `POST ${ONE}/reassign`,
      `POST ${ONE}/status`,
    ]);
    const problems: string[] = [];
    for (const { route, declared } of routes) {
      const key = `${route.method} ${route.path}`;
      const reachable = await scenarios(route);
      for (const [status, run] of reachable) {
        const res = await run();
        if (res.statusCode !== status) problems.push(`${key}: the ${status} scenario answered ${res.statusCode} ${res.body.slice(0, 80)}`);
      }
      const expected = [...reachable.keys()].sort();
      if (JSON.stringify(declared) !== JSON.stringify(expected)) {
        problems.push(`${key}: declares ${declared.join(',')}, answers ${expected.join(',')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadListResponseSchema, type Lead, type Role, type SessionResponse } from '@leadpulse/cloud-contract';
import { withTenantTx } from '../db/tenant-tx.js';
import { startTestStack, type TestStack } from '../testing/test-stack.js';
import { LEAD_COLUMNS, toLead, type LeadRow } from './lead-rows.js';

/**
 * GET .../leads answers from one prepared call of lead_list_page (migration 0051), whose JSON
 * Postgres writes and Fastify sends as is. These tests hold it to what the three-round-trip
 * path gave: the same leads, in the same order, in exactly toLead's shape, for every role.
 */
let stack: TestStack;
let dealershipId: string;
let otherDealershipId: string;
const people: Partial<Record<Role, SessionResponse>> = {};

const base = () => `/v1/dealerships/${dealershipId}`;

beforeAll(async () => {
  stack = await startTestStack();
  const admin = await stack.signIn('admin@list-page.test');
  people.admin = admin;
  const create = async (name: string) =>
    (await stack.request(admin.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name } })).json<{ id: string }>().id;
  dealershipId = await create('List Page Motors');
  otherDealershipId = await create('Other Motors');
  for (const role of ['manager', 'rep'] as const) {
    const email = `${role}@list-page.test`;
    const invited = await stack.request(admin.accessToken, { method: 'POST', url: `${base()}/invitations`, payload: { email, role } });
    expect(invited.statusCode).toBe(201);
    people[role] = await stack.signIn(email);
  }
});

afterAll(async () => {
  await stack?.close();
});

/** Seeds leads as the owner: timestamps with microseconds, any assignee, some responded. */
async function seed(leads: Array<{ assignee: 'rep' | 'manager' | null; receivedUs: number; respondedUs: number | null }>) {
  await stack.owner.query('delete from leads_meta');
  const client = await stack.owner.connect();
  try {
    await client.query('begin');
    await client.query("select set_config('app.tenant_id', $1, true)", [dealershipId]);
    for (const lead of leads) {
      await client.query(
        `insert into leads_meta (tenant_id, id, source, received_at, first_response_at, assignee_user_id, status)
         values ($1, $2, 'cars.com', to_timestamp($3::double precision / 1e6), to_timestamp($4::double precision / 1e6), $5, $6)`,
        [
          dealershipId,
          randomUUID(),
          lead.receivedUs,
          lead.respondedUs,
          lead.assignee ? people[lead.assignee]?.user.id : null,
          lead.assignee ? 'claimed' : 'new',
        ],
      );
    }
    await client.query('commit');
  } finally {
    client.release();
  }
}

/** What the previous path returned: VISIBLE + order + limit in SQL, toLead in Node. */
async function expected(role: Role, limit: number): Promise<Lead[]> {
  const userId = people[role]?.user.id ?? '';
  const readsAll = role !== 'rep';
  const rows = await withTenantTx(stack.owner, dealershipId, async (client) =>
    (
      await client.query<LeadRow>(
        `select ${LEAD_COLUMNS} from leads_meta
          where ($2::boolean or assignee_user_id is null or assignee_user_id = $3::uuid)
          order by received_at desc, id limit $1`,
        [limit, readsAll, userId],
      )
    ).rows,
  );
  return rows.map(toLead);
}

const leadArb = fc.record({
  assignee: fc.constantFrom('rep' as const, 'manager' as const, null),
  // 2001..2040, to the microsecond (Postgres keeps µs; the API shows ms, truncated).
  receivedUs: fc.integer({ min: 978_307_200_000_000, max: 2_208_988_800_000_000 }),
  respondedUs: fc.option(fc.integer({ min: 978_307_200_000_000, max: 2_208_988_800_000_000 })),
});

describe('GET .../leads (lead_list_page)', () => {
  it('returns exactly what the three-round-trip path returned, for every role and limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(leadArb, { minLength: 0, maxLength: 30 }),
        fc.constantFrom<Role>('admin', 'manager', 'rep'),
        fc.integer({ min: 1, max: 40 }),
        async (leads, role, limit) => {
          await seed(leads);
          const res = await stack.request(people[role]?.accessToken, { method: 'GET', url: `${base()}/leads?limit=${limit}` });
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
          const body = leadListResponseSchema.parse(res.json());
          expect(body.leads).toEqual(await expected(role, limit));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a rep sees own and unassigned leads only; a manager sees all', async () => {
    await seed([
      { assignee: 'rep', receivedUs: 1_700_000_000_000_001, respondedUs: null },
      { assignee: 'manager', receivedUs: 1_700_000_000_000_002, respondedUs: null },
      { assignee: null, receivedUs: 1_700_000_000_000_003, respondedUs: 1_700_000_100_123_456 },
    ]);
    const list = async (role: Role) =>
      (await stack.request(people[role]?.accessToken, { method: 'GET', url: `${base()}/leads` })).json<{ leads: Lead[] }>().leads;
    const repLeads = await list('rep');
    expect(repLeads.map((l) => l.assigneeUserId)).toEqual([null, people.rep?.user.id]);
    expect(repLeads[0]?.firstResponseAt).toBe('2023-11-14T22:15:00.123Z');
    expect(await list('manager')).toHaveLength(3);
  });

  it('answers 403 outside the dealership and 401 once the session is logged out', async () => {
    const outsider = await stack.request(people.rep?.accessToken, { method: 'GET', url: `/v1/dealerships/${otherDealershipId}/leads` });
    expect(outsider.statusCode).toBe(403);
    const session = await stack.signIn('rep@list-page.test');
    expect((await stack.request(session.accessToken, { method: 'GET', url: `${base()}/leads` })).statusCode).toBe(200);
    const out = await stack.request(undefined, { method: 'POST', url: '/v1/auth/logout', payload: { refreshToken: session.refreshToken } });
    expect(out.statusCode).toBe(204);
    expect((await stack.request(session.accessToken, { method: 'GET', url: `${base()}/leads` })).statusCode).toBe(401);
  });

  it('never leaves a tenant behind on its connection, and refuses to switch a scoped transaction', async () => {
    const rep = people.rep;
    if (!rep) throw new Error('no rep');
    const sessionId = (JSON.parse(Buffer.from(rep.accessToken.split('.')[1] ?? '', 'base64url').toString()) as { sid: string }).sid;
    const pool = new pg.Pool({ connectionString: stack.apiUrl, max: 1 });
    try {
      const call = (client: pg.Pool | pg.PoolClient, tenant: string) =>
        client.query<{ role: string | null; leads: string }>('select role, leads from lead_list_page($1, $2, $3, 50, $4)', [
          tenant,
          rep.user.id,
          sessionId,
          ['admin', 'manager'],
        ]);
      expect((await call(pool, dealershipId)).rows[0]?.role).toBe('rep');
      const after = await pool.query<{ setting: string | null; n: number }>(
        "select current_setting('app.tenant_id', true) as setting, (select count(*)::int from leads_meta) as n",
      );
      expect(after.rows[0]?.setting ?? '').toBe('');
      expect(after.rows[0]?.n).toBe(0);
      // Not a member of the other dealership: no role, and none of its leads although the
      // tenant setting (RLS) alone would let them through.
      await withTenantTx(stack.owner, otherDealershipId, (client) =>
        client.query("insert into leads_meta (tenant_id, id, source, received_at) values ($1, $2, 'web', now())", [
          otherDealershipId,
          randomUUID(),
        ]),
      );
      expect((await call(pool, otherDealershipId)).rows[0]).toEqual({ role: null, leads: '[]' });
      await expect(withTenantTx(pool, otherDealershipId, (client) => call(client, dealershipId))).rejects.toThrow(
        /already scoped to another dealership/,
      );
    } finally {
      await pool.end();
    }
  });
});

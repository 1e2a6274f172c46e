import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead, Role, SessionResponse } from '@leadpulse/cloud-contract';
import { startTestStack, type TestStack } from '../testing/test-stack.js';

/**
 * Three dealerships, eleven people (admin/manager/rep of each, one person who is a rep in
 * D0 and a manager in D1, one outsider), and thousands of random reads and writes through
 * the HTTP API, any person against any dealership and any lead id. Each dealership's leads
 * carry its own source tag ("d0", "d1", "d2"), so a row of another dealership in any
 * response is a foreign row; before and after every write the other dealerships' rows are
 * digested (as the owner, who bypasses RLS), so a change there is a foreign write.
 */

interface Actor {
  name: string;
  session: SessionResponse;
  roles: Map<number, Role>;
}

let stack: TestStack;
const dealerships: string[] = [];
const actors: Actor[] = [];
/** Every lead id ever created, with the dealership index it was created in. */
const leads: Array<{ id: string; dealership: number }> = [];
let requests = 0;
let foreignRows = 0;
let foreignWrites = 0;
let wrongStatus: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({ apiPoolMax: 8 });
  for (let d = 0; d < 3; d++) {
    const admin = await stack.signIn(`admin${d}@iso.test`);
    const res = await stack.request(admin.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name: `Dealer ${d}` } });
    dealerships.push(res.json<{ id: string }>().id);
    actors.push({ name: `admin${d}`, session: admin, roles: new Map([[d, 'admin']]) });
  }
  const invite = async (d: number, email: string, role: Role) => {
    const admin = actors[d];
    if (!admin) throw new Error('no admin');
    const res = await stack.request(admin.session.accessToken, {
      method: 'POST',
      url: `/v1/dealerships/${dealerships[d]}/invitations`,
      payload: { email, role },
    });
    expect(res.statusCode).toBe(201);
  };
  for (let d = 0; d < 3; d++) {
    await invite(d, `manager${d}@iso.test`, 'manager');
    await invite(d, `rep${d}@iso.test`, 'rep');
  }
  await invite(0, 'dual@iso.test', 'rep');
  await invite(1, 'dual@iso.test', 'manager');
  for (let d = 0; d < 3; d++) {
    for (const role of ['manager', 'rep'] as const) {
      actors.push({ name: `${role}${d}`, session: await stack.signIn(`${role}${d}@iso.test`), roles: new Map([[d, role]]) });
    }
  }
  actors.push({ name: 'dual', session: await stack.signIn('dual@iso.test'), roles: new Map<number, Role>([[0, 'rep'], [1, 'manager']]) });
  actors.push({ name: 'outsider', session: await stack.signIn('outsider@iso.test'), roles: new Map() });
  // Access tokens live 10 minutes: ample for this file.
});

afterAll(async () => {
  await stack?.close();
});

type Action =
  | { kind: 'list'; actor: number; dealership: number }
  | { kind: 'read' | 'claim'; actor: number; dealership: number; lead: number }
  | { kind: 'status'; actor: number; dealership: number; lead: number; status: Lead['status'] }
  | { kind: 'reassign'; actor: number; dealership: number; lead: number; assignee: number | null }
  | { kind: 'create'; actor: number; dealership: number; reuseLead: number | null };

const actorArb = fc.nat({ max: 10 });
const dealershipArb = fc.nat({ max: 2 });
const leadArb = fc.nat({ max: 10_000 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('list' as const), actor: actorArb, dealership: dealershipArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('read' as const, 'claim' as const), actor: actorArb, dealership: dealershipArb, lead: leadArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      actor: actorArb,
      dealership: dealershipArb,
      lead: leadArb,
      status: fc.constantFrom('new' as const, 'claimed' as const, 'responded' as const, 'closed' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('reassign' as const),
      actor: actorArb,
      dealership: dealershipArb,
      lead: leadArb,
      assignee: fc.option(actorArb, { nil: null }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      actor: actorArb,
      dealership: dealershipArb,
      reuseLead: fc.option(leadArb, { nil: null }),
    }),
  },
);

async function digests(): Promise<Map<string, string>> {
  const { rows } = await stack.owner.query<{ tenant_id: string; digest: string }>(
    `select tenant_id, md5(string_agg(concat_ws('|', id, status, assignee_user_id, source, first_response_at), ',' order by id)) as digest
     from leads_meta group by tenant_id`,
  );
  return new Map(rows.map((r) => [r.tenant_id, r.digest]));
}

function pickLead(n: number): { id: string; dealership: number } {
  return leads[n % Math.max(leads.length, 1)] ?? { id: randomUUID(), dealership: -1 };
}

async function run(action: Action): Promise<void> {
  const actor = actors[action.actor];
  if (!actor) throw new Error('no actor');
  const dealershipId = dealerships[action.dealership] ?? '';
  const base = `/v1/dealerships/${dealershipId}/leads`;
  const tag = `d${action.dealership}`;
  const member = actor.roles.has(action.dealership);
  const write = action.kind !== 'list' && action.kind !== 'read';
  const before = write ? await digests() : undefined;

  let res;
  let leadOutside = false;
  switch (action.kind) {
    case 'list':
      res = await stack.request(actor.session.accessToken, { method: 'GET', url: `${base}?limit=200` });
      break;
    case 'read':
    case 'claim': {
      const lead = pickLead(action.lead);
      leadOutside = lead.dealership !== action.dealership && !leads.some((l) => l.id === lead.id && l.dealership === action.dealership);
      res = await stack.request(actor.session.accessToken, {
        method: action.kind === 'read' ? 'GET' : 'POST',
        url: action.kind === 'read' ? `${base}/${lead.id}` : `${base}/${lead.id}/claim`,
      });
      break;
    }
    case 'status': {
      const lead = pickLead(action.lead);
      leadOutside = !leads.some((l) => l.id === lead.id && l.dealership === action.dealership);
      res = await stack.request(actor.session.accessToken, { method: 'POST', url: `${base}/${lead.id}/status`, payload: { status: action.status } });
      break;
    }
    case 'reassign': {
      const lead = pickLead(action.lead);
      leadOutside = !leads.some((l) => l.id === lead.id && l.dealership === action.dealership);
      const assignee = action.assignee === null ? null : (actors[action.assignee]?.session.user.id ?? null);
      res = await stack.request(actor.session.accessToken, { method: 'POST', url: `${base}/${lead.id}/reassign`, payload: { assigneeUserId: assignee } });
      break;
    }
    case 'create': {
      const id = action.reuseLead === null ? randomUUID() : pickLead(action.reuseLead).id;
      res = await stack.request(actor.session.accessToken, {
        method: 'POST',
        url: base,
        payload: { id, source: tag, receivedAt: new Date().toISOString(), customer: { email: `c${id}@example.com` } },
      });
      if (res.statusCode === 201) leads.push({ id, dealership: action.dealership });
      break;
    }
  }
  requests += 1;

  if (!member && res.statusCode !== 403) wrongStatus.push(`${actor.name} non-member got ${res.statusCode} on ${action.kind}`);
  if (member && leadOutside && res.statusCode === 200) wrongStatus.push(`${actor.name} got 200 for a lead of another dealership (${action.kind})`);
  if (res.statusCode >= 500) wrongStatus.push(`${action.kind} -> ${res.statusCode}`);

  if (res.statusCode === 200 || res.statusCode === 201) {
    const body = res.json<{ leads?: Lead[] } & Partial<Lead>>();
    const rows: Array<Partial<Lead>> = body.leads ?? [body];
    foreignRows += rows.filter((r) => r.source !== undefined && r.source !== tag).length;
  }

  if (before) {
    const after = await digests();
    for (const [tenantId, digest] of after) {
      if (tenantId !== dealershipId && before.get(tenantId) !== digest) foreignWrites += 1;
    }
  }
}

describe('tenant isolation through the HTTP API (property)', () => {
  it('3 dealerships, >= 2,000 random reads and writes: 0 foreign rows, 0 foreign writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 90, maxLength: 110 }), async (actions) => {
        wrongStatus = [];
        for (const action of actions) await run(action);
        expect(wrongStatus).toEqual([]);
        expect(foreignRows).toBe(0);
        expect(foreignWrites).toBe(0);
      }),
      { numRuns: 22 },
    );
    expect(requests).toBeGreaterThanOrEqual(2_000);

    // Final state, read as the owner: every row is its dealership's own, and every
    // assignee is a member of that dealership.
    const { rows } = await stack.owner.query<{ tenant_id: string; source: string; assignee_user_id: string | null; is_member: boolean }>(
      `select l.tenant_id, l.source, l.assignee_user_id,
              exists (select 1 from members m where m.tenant_id = l.tenant_id and m.user_id = l.assignee_user_id) as is_member
       from leads_meta l`,
    );
    // Enough writes happened for the checks above to mean something (random: typically 40-60).
    expect(rows.length).toBeGreaterThan(15);
    for (const row of rows) {
      expect(row.source).toBe(`d${dealerships.indexOf(row.tenant_id)}`);
      if (row.assignee_user_id !== null) expect(row.is_member).toBe(true);
    }
     
    console.log(`isolation property: ${requests} requests, ${rows.length} leads, ${foreignRows} foreign rows, ${foreignWrites} foreign writes`);
  }, 120_000);
});

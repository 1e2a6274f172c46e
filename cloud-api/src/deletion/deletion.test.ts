import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '@leadpulse/cloud-contract';
import { startTestStack, type TestStack } from '../testing/test-stack.js';
import { insertPurgeInstruction } from './purge-instructions.js';

let stack: TestStack;
let admin: SessionResponse;

beforeAll(async () => {
  stack = await startTestStack();
  admin = await stack.signIn('admin@deletion.test');
});

afterAll(async () => {
  await stack?.close();
});

async function dealership(name: string): Promise<string> {
  const res = await stack.request(admin.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name } });
  return res.json<{ id: string }>().id;
}

async function lead(dealershipId: string, customer?: { email?: string; phone?: string }): Promise<string> {
  const id = randomUUID();
  const res = await stack.request(admin.accessToken, {
    method: 'POST',
    url: `/v1/dealerships/${dealershipId}/leads`,
    payload: { id, source: 'cars.com', receivedAt: new Date().toISOString(), customer },
  });
  expect(res.statusCode).toBe(201);
  return id;
}

describe('customer deletion', () => {
  it('deletes the rows keyed to that customer, leaves a purge instruction, says what it deleted', async () => {
    const d = await dealership('Delete One');
    const other = await dealership('Other Store');
    const byEmail = await lead(d, { email: 'Jane.Doe@Example.com' });
    const byPhone = await lead(d, { phone: '+1 (555) 010-2030' });
    const keep = await lead(d, { email: 'someone@else.com' });
    await lead(other, { email: 'jane.doe@example.com' }); // same person at another dealership: not ours to delete

    // The cloud holds no email or phone, only keys.
    const stored = await stack.owner.query<{ t: string }>('select leads_meta::text as t from leads_meta');
    // (Not /555/: the rows' random uuids and hex keys contain it by chance.)
    expect(stored.rows.map((r) => r.t).join('\n')).not.toMatch(/jane|example\.com|0102030|010-2030/i);

    const res = await stack.request(admin.accessToken, {
      method: 'POST',
      url: `/v1/dealerships/${d}/deletions/customer`,
      payload: { email: ' jane.doe@example.com', phone: '555-010-2030' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ deleted: Record<string, number>; purgeInstructionId: string }>();
    expect(body.deleted).toEqual({ leads_meta: 2 });

    const remaining = await stack.request(admin.accessToken, { method: 'GET', url: `/v1/dealerships/${d}/leads` });
    expect(remaining.json<{ leads: Array<{ id: string }> }>().leads.map((l) => l.id)).toEqual([keep]);
    const otherLeads = await stack.request(admin.accessToken, { method: 'GET', url: `/v1/dealerships/${other}/leads` });
    expect(otherLeads.json<{ leads: unknown[] }>().leads).toHaveLength(1);

    const purge = await stack.request(admin.accessToken, { method: 'GET', url: `/v1/dealerships/${d}/purge-instructions` });
    const instructions = purge.json<{ instructions: Array<{ id: string; leadIds: string[]; customerKeys: string[] }> }>().instructions;
    expect(instructions).toHaveLength(1);
    expect(instructions[0]?.id).toBe(body.purgeInstructionId);
    expect(new Set(instructions[0]?.leadIds)).toEqual(new Set([byEmail, byPhone]));
    expect(instructions[0]?.customerKeys).toHaveLength(2);
    const later = await stack.request(admin.accessToken, {
      method: 'GET',
      url: `/v1/dealerships/${d}/purge-instructions?after=${body.purgeInstructionId}`,
    });
    expect(later.json()).toEqual({ instructions: [] });
    const audit = await stack.owner.query("select details from audit_log where tenant_id = $1 and action = 'data.customer_deleted'", [d]);
    expect(audit.rows[0]?.details).toEqual({ deleted: { leads_meta: 2 }, keys: 2 });
    expect(JSON.stringify(audit.rows)).not.toMatch(/jane|555/i);
  });

  it('refuses a request with neither email nor phone', async () => {
    const d = await dealership('Empty Request');
    const res = await stack.request(admin.accessToken, { method: 'POST', url: `/v1/dealerships/${d}/deletions/customer`, payload: {} });
    expect(res.statusCode).toBe(400);
  });
});

describe('purge-instruction paging', () => {
  it('a desktop polling between two concurrent deletions never skips one (ids commit in order)', async () => {
    const d = await dealership('Concurrent Deletions');
    const poll = async (after: string): Promise<string[]> => {
      const res = await stack.request(admin.accessToken, {
        method: 'GET',
        url: `/v1/dealerships/${d}/purge-instructions?after=${after}`,
      });
      expect(res.statusCode).toBe(200);
      return res.json<{ instructions: Array<{ id: string }> }>().instructions.map((i) => i.id);
    };
    const a = await stack.services.pool.connect();
    const b = await stack.services.pool.connect();
    try {
      const begin = async (c: typeof a) => {
        await c.query('begin');
        await c.query("select set_config('app.tenant_id', $1, true)", [d]);
        return (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
      };
      await begin(a);
      const bPid = await begin(b);
      const lower = await insertPurgeInstruction(a, d, admin.user.id, ['k-a'], []);
      let bDone = false;
      const bInsert = insertPurgeInstruction(b, d, admin.user.id, ['k-b'], []).finally(() => {
        bDone = true;
      });
      // B either finishes its insert (drawing the higher id) or waits on a lock.
      for (;;) {
        if (bDone) break;
        const waiting = await stack.owner.query(
          "select 1 from pg_stat_activity where pid = $1 and wait_event_type = 'Lock'",
          [bPid],
        );
        if (waiting.rowCount) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const bCommittedEarly = bDone;
      if (bCommittedEarly) await b.query('commit'); // the higher id commits first...
      const seen = await poll('0'); // ...a desktop polls in between...
      const cursor = seen.at(-1) ?? '0';
      await a.query('commit'); // ...and the lower id commits last.
      const higher = await bInsert;
      if (!bCommittedEarly) await b.query('commit');
      const all = [...seen, ...(await poll(cursor))];
      expect(all).toEqual(expect.arrayContaining([lower, higher]));
      expect(all).toHaveLength(2);
    } finally {
      a.release();
      b.release();
    }
  });
});

describe('whole-dealership deletion', () => {
  it('deletes every row of the dealership, keeps a receipt without personal data, and touches no other', async () => {
    const d = await dealership('Gone Motors');
    const other = await dealership('Staying Motors');
    await lead(d, { email: 'a@b.c' });
    await lead(d);
    await lead(other);
    await stack.request(admin.accessToken, { method: 'POST', url: `/v1/dealerships/${d}/invitations`, payload: { email: 'new@hire.test', role: 'rep' } });
    await stack.request(admin.accessToken, { method: 'POST', url: `/v1/dealerships/${d}/deletions/customer`, payload: { email: 'a@b.c' } });

    const wrongName = await stack.request(admin.accessToken, { method: 'DELETE', url: `/v1/dealerships/${d}`, payload: { confirmName: 'gone motors' } });
    expect(wrongName.statusCode).toBe(409);

    const res = await stack.request(admin.accessToken, { method: 'DELETE', url: `/v1/dealerships/${d}`, payload: { confirmName: 'Gone Motors' } });
    expect(res.statusCode).toBe(200);
    const receipt = res.json<{ receiptId: string; dealershipId: string; deleted: Record<string, number> }>();
    expect(receipt.dealershipId).toBe(d);
    expect(receipt.deleted).toMatchObject({ dealerships: 1, members: 1, invitations: 1, leads_meta: 1, purge_instructions: 1 });
    expect(receipt.deleted.audit_log).toBeGreaterThanOrEqual(3);

    // Every table with a tenant_id, read as the owner: nothing of that dealership remains.
    const tables = await stack.owner.query<{ table_name: string }>(
      "select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'",
    );
    for (const { table_name } of tables.rows) {
      const left = await stack.owner.query(`select 1 from ${table_name} where tenant_id = $1`, [d]);
      expect(left.rowCount, table_name).toBe(0);
    }
    const receiptRow = await stack.owner.query<{ t: string }>('select deletion_receipts::text as t from deletion_receipts where id = $1', [receipt.receiptId]);
    expect(receiptRow.rows[0]?.t).not.toMatch(/@|Gone Motors/);

    expect((await stack.request(admin.accessToken, { method: 'GET', url: `/v1/dealerships/${d}/leads` })).statusCode).toBe(403);
    const kept = await stack.request(admin.accessToken, { method: 'GET', url: `/v1/dealerships/${other}/leads` });
    expect(kept.json<{ leads: unknown[] }>().leads).toHaveLength(1);
  });

  it('only an admin may delete', async () => {
    const d = await dealership('Guarded');
    await stack.request(admin.accessToken, { method: 'POST', url: `/v1/dealerships/${d}/invitations`, payload: { email: 'mgr@deletion.test', role: 'manager' } });
    const manager = await stack.signIn('mgr@deletion.test');
    const res = await stack.request(manager.accessToken, { method: 'DELETE', url: `/v1/dealerships/${d}`, payload: { confirmName: 'Guarded' } });
    expect(res.statusCode).toBe(403);
    const customer = await stack.request(manager.accessToken, { method: 'POST', url: `/v1/dealerships/${d}/deletions/customer`, payload: { email: 'x@y.z' } });
    expect(customer.statusCode).toBe(403);
  });
});

import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tolerateShutdown, startTempPostgres, type TempPostgres } from '../testing/temp-postgres.js';
import { enableApiLogin } from './api-role.js';
import { runMigrations } from './migrate.js';
import { withTenantTx } from './tenant-tx.js';
import { scopeToUser } from './tx.js';

let postgres: TempPostgres;
let owner: pg.Pool;
let apiUrl: string;
const tenants = [randomUUID(), randomUUID(), randomUUID()];

beforeAll(async () => {
  postgres = await startTempPostgres();
  const ownerUrl = await postgres.createDatabase();
  owner = tolerateShutdown(new pg.Pool({ connectionString: ownerUrl, max: 2 }));
  await runMigrations(owner, { logger: pino({ level: 'silent' }) });
  apiUrl = await enableApiLogin(owner, ownerUrl);
  // Seed as the owner (FORCE RLS applies to the owner too: set the tenant per insert).
  for (const [i, tenantId] of tenants.entries()) {
    const c = await owner.connect();
    try {
      await c.query('begin');
      await c.query("select set_config('app.tenant_id', $1, true)", [tenantId]);
      await c.query("insert into dealerships (tenant_id, name, customer_key_salt) values ($1, $2, '\\x00')", [tenantId, `D${i}`]);
      for (let n = 0; n <= i; n++) {
        await c.query("insert into leads_meta (tenant_id, id, source, received_at) values ($1, $2, 'web', now())", [tenantId, randomUUID()]);
      }
      await c.query('commit');
    } finally {
      c.release();
    }
  }
});

afterAll(async () => {
  await owner?.end();
  await postgres?.dispose();
});

describe('one pooled connection shared by alternating tenants', () => {
  it('never carries a tenant context past its transaction, through errors and rollbacks', async () => {
    // max 1: every transaction below reuses the very same server connection.
    const pool = new pg.Pool({ connectionString: apiUrl, max: 1 });
    pool.on('error', () => undefined);
    const pids = new Set<number>();
    let leaks = 0;
    let foreignRows = 0;
    try {
      for (let round = 0; round < 60; round++) {
        const index = round % 3;
        const tenantId = tenants[index] ?? '';
        const failure = round % 4; // 0 ok, 1 thrown in JS, 2 SQL error, 3 RLS violation
        const work = withTenantTx(pool, tenantId, async (client) => {
          const pid = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
          pids.add(pid.rows[0]?.pid ?? -1);
          const rows = await client.query<{ tenant_id: string; source: string }>('select tenant_id, source from leads_meta');
          expect(rows.rows.filter((r) => r.source === 'web')).toHaveLength(index + 1);
          foreignRows += rows.rows.filter((r) => r.tenant_id !== tenantId).length;
          await client.query("insert into leads_meta (tenant_id, id, source, received_at) values ($1, $2, 'tx', now())", [tenantId, randomUUID()]);
          if (failure === 1) throw new Error('boom in the handler');
          if (failure === 2) await client.query('select 1/0');
          if (failure === 3) {
            const other = tenants[(index + 1) % 3] ?? '';
            await client.query("insert into leads_meta (tenant_id, id, source, received_at) values ($1, $2, 'x', now())", [other, randomUUID()]);
          }
        });
        if (failure === 0) await work;
        else await expect(work).rejects.toThrow();

        // Between transactions, on the same connection: no tenant, nothing visible, no error.
        const after = await pool.query<{ setting: string | null; n: number }>(
          "select current_setting('app.tenant_id', true) as setting, (select count(*)::int from leads_meta) as n",
        );
        const row = after.rows[0];
        if (row?.setting || row?.n !== 0) leaks += 1;
      }
      expect(pids.size).toBe(1);
      expect(foreignRows).toBe(0);
      expect(leaks).toBe(0);
      // Rolled-back writes left nothing: each tenant kept exactly its 5 committed rounds
      // (rounds 0, 4, 8... of 60 hit tenant index round % 3), and the cross-tenant insert
      // never landed anywhere.
      for (const tenantId of tenants) {
        const counts = await withTenantTx(pool, tenantId, async (c) =>
          (await c.query<{ source: string; n: number }>(
            "select source, count(*)::int as n from leads_meta where source in ('tx', 'x') group by source",
          )).rows,
        );
        expect(counts).toEqual([{ source: 'tx', n: 5 }]);
      }
    } finally {
      await pool.end();
    }
  });

  it('an empty or absent tenant setting denies (no rows) instead of erroring; a bad one errors', async () => {
    const client = new pg.Client({ connectionString: apiUrl });
    await client.connect();
    try {
      expect((await client.query('select count(*)::int as n from leads_meta')).rows[0]).toEqual({ n: 0 });
      await client.query("select set_config('app.tenant_id', '', false)");
      expect((await client.query('select count(*)::int as n from leads_meta')).rows[0]).toEqual({ n: 0 });
      await expect(
        client.query("insert into leads_meta (tenant_id, id, source, received_at) values ($1, $2, 'x', now())", [tenants[0], randomUUID()]),
      ).rejects.toThrow(/row-level security/);
      await client.query("select set_config('app.tenant_id', 'not-a-uuid', false)");
      await expect(client.query('select count(*) from leads_meta')).rejects.toThrow(/invalid input syntax for type uuid/);
    } finally {
      await client.end();
    }
  });

  it('withTenantTx refuses a tenant id that is not a uuid', async () => {
    const pool = new pg.Pool({ connectionString: apiUrl, max: 1 });
    try {
      await expect(withTenantTx(pool, "x' or true --", async () => 1)).rejects.toThrow(/uuid/);
    } finally {
      await pool.end();
    }
  });
});

describe('person-scoped policies inside a dealership transaction', () => {
  it('setting app.user_id as well widens no tenant-scoped read; scopeToUser refuses there', async () => {
    // One person, member of all three dealerships and invited (by email) to each.
    const userId = randomUUID();
    const email = `both-${userId}@context.test`;
    await owner.query('insert into users (id, email) values ($1, $2)', [userId, email]);
    for (const tenantId of tenants) {
      const c = await owner.connect();
      try {
        await c.query('begin');
        await c.query("select set_config('app.tenant_id', $1, true)", [tenantId]);
        await c.query("insert into members (tenant_id, user_id, role) values ($1, $2, 'rep')", [tenantId, userId]);
        await c.query("insert into invitations (tenant_id, id, email, role, invited_by) values ($1, $2, $3, 'rep', $4)", [
          tenantId,
          randomUUID(),
          email,
          userId,
        ]);
        await c.query('commit');
      } finally {
        c.release();
      }
    }
    const pool = new pg.Pool({ connectionString: apiUrl, max: 1 });
    pool.on('error', () => undefined);
    try {
      const tenantId = tenants[0] ?? '';
      await withTenantTx(pool, tenantId, async (client) => {
        await client.query("select set_config('app.user_id', $1, true)", [userId]);
        await client.query("select set_config('app.user_email', $1, true)", [email]);
        const dealerships = await client.query<{ tenant_id: string }>('select tenant_id, customer_key_salt from dealerships');
        expect(dealerships.rows.map((r) => r.tenant_id)).toEqual([tenantId]);
        const members = await client.query<{ tenant_id: string }>('select tenant_id from members where user_id = $1', [userId]);
        expect(members.rows.map((r) => r.tenant_id)).toEqual([tenantId]);
        const invitations = await client.query<{ tenant_id: string }>('select tenant_id from invitations where email = $1', [email]);
        expect(invitations.rows.map((r) => r.tenant_id)).toEqual([tenantId]);
      });
      await expect(withTenantTx(pool, tenantId, (client) => scopeToUser(client, userId))).rejects.toThrow(
        /dealership transaction/,
      );
    } finally {
      await pool.end();
    }
  });
});

import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogProblems } from '../testing/catalog-guard.js';
import { tolerateShutdown, startTempPostgres, type TempPostgres } from '../testing/temp-postgres.js';
import { assertApiRoleSafe, enableApiLogin } from './api-role.js';
import { runMigrations } from './migrate.js';

let postgres: TempPostgres;
let owner: pg.Pool;
let ownerUrl: string;

beforeAll(async () => {
  postgres = await startTempPostgres();
  ownerUrl = await postgres.createDatabase();
  owner = tolerateShutdown(new pg.Pool({ connectionString: ownerUrl, max: 2 }));
  await runMigrations(owner, { logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await owner?.end();
  await postgres?.dispose();
});

/** Runs fn in a transaction that is rolled back: the shared schema stays clean. */
async function inScratch(fn: (client: pg.PoolClient) => Promise<void>): Promise<string[]> {
  const client = await owner.connect();
  try {
    await client.query('begin');
    await fn(client);
    return await catalogProblems(client);
  } finally {
    await client.query('rollback');
    client.release();
  }
}

describe('catalog guard', () => {
  it('finds no problem in the migrated schema', async () => {
    expect(await catalogProblems(owner)).toEqual([]);
  });

  it('covers every tenant table (sanity: the list is not empty)', async () => {
    const { rows } = await owner.query<{ n: number }>(
      "select count(*)::int as n from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'",
    );
    expect(rows[0]?.n).toBeGreaterThanOrEqual(6);
  });

  it('flags a tenant table without FORCE, without policy, and without cascade', async () => {
    const problems = await inScratch(async (c) => {
      await c.query('create table scratch_leak (tenant_id uuid not null, note text)');
      await c.query('alter table scratch_leak enable row level security');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'scratch_leak: row-level security not forced',
        expect.stringContaining('scratch_leak: no FOR ALL policy'),
        expect.stringContaining('scratch_leak: tenant_id lacks a foreign key'),
      ]),
    );
  });

  it('flags a policy without WITH CHECK and an unreviewed extra policy', async () => {
    const problems = await inScratch(async (c) => {
      await c.query('alter table leads_meta drop constraint leads_meta_tenant_id_fkey');
      await c.query(`alter table leads_meta add foreign key (tenant_id) references dealerships on delete cascade`);
      await c.query('drop policy leads_meta_tenant on leads_meta');
      await c.query(
        "create policy leads_meta_using_only on leads_meta for all to leadpulse_api using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)",
      );
      await c.query('create policy leads_meta_everyone on leads_meta for select using (true)');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('leads_meta: no FOR ALL policy'),
        'leads_meta: unreviewed policy leads_meta_everyone (cmd r)',
      ]),
    );
  });

  it('flags an API role that owns a table, bypasses RLS, is superuser, or may truncate', async () => {
    const problems = await inScratch(async (c) => {
      await c.query('create table scratch_owned (id int)');
      await c.query('alter table scratch_owned owner to leadpulse_api');
      await c.query('alter role leadpulse_api bypassrls superuser');
      await c.query('grant truncate on leads_meta to leadpulse_api');
      await c.query('grant update on audit_log to leadpulse_api');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'leadpulse_api is superuser',
        'leadpulse_api has BYPASSRLS',
        'leadpulse_api owns 1 object(s)',
        'leads_meta: leadpulse_api may TRUNCATE (bypasses RLS)',
        'audit_log: leadpulse_api must have INSERT and SELECT only',
      ]),
    );
  });

  it('flags SECURITY DEFINER functions, owner-run views and unclassified global tables', async () => {
    const problems = await inScratch(async (c) => {
      await c.query('create function scratch_all_leads() returns bigint language sql security definer as $$ select count(*) from leads_meta $$');
      await c.query('create view scratch_leads_view as select * from leads_meta');
      await c.query('grant select on scratch_leads_view to leadpulse_api');
      await c.query('create table scratch_global (id int)');
      await c.query('grant select on scratch_global to leadpulse_api');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'SECURITY DEFINER function public.scratch_all_leads',
        'view scratch_leads_view runs as its owner and the API role can read it',
        expect.stringContaining('scratch_global: the API role can use it'),
      ]),
    );
  });

  it('flags an API role that may CREATE in a schema or TEMP, and a function without a pinned search_path', async () => {
    const problems = await inScratch(async (c) => {
      await c.query('grant create on schema public to leadpulse_api');
      await c.query('create schema scratch_open');
      await c.query('grant create on schema scratch_open to public');
      const db = (await c.query<{ db: string }>('select current_database() as db')).rows[0]?.db ?? '';
      await c.query(`grant temporary on database ${c.escapeIdentifier(db)} to leadpulse_api`);
      await c.query('create function scratch_unpinned() returns int language sql as $$ select 1 $$');
      await c.query("create function scratch_temp_first() returns int language sql set search_path = pg_temp, public as $$ select 1 $$");
      await c.query('alter function lead_list_page(uuid, uuid, uuid, integer, text[]) reset search_path');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'leadpulse_api may CREATE in schema public',
        'leadpulse_api may CREATE in schema scratch_open',
        'leadpulse_api may create TEMP objects',
        'function public.scratch_unpinned has no pinned search_path (pg_temp last or absent)',
        'function public.scratch_temp_first has no pinned search_path (pg_temp last or absent)',
        'function public.lead_list_page has no pinned search_path (pg_temp last or absent)',
      ]),
    );
  });

  it('the API role itself (as it logs in) passes assertApiRoleSafe and cannot read past RLS', async () => {
    const api = new pg.Pool({ connectionString: await enableApiLogin(owner, ownerUrl), max: 1 });
    try {
      await expect(assertApiRoleSafe(api)).resolves.toBeUndefined();
      // No tenant set: nothing visible, and no cast error either.
      expect((await api.query('select count(*)::int as n from leads_meta')).rows[0]).toEqual({ n: 0 });
      await expect(api.query('truncate leads_meta')).rejects.toThrow(/permission denied/);
      await expect(api.query('delete from audit_log')).rejects.toThrow(/permission denied/);
      await expect(api.query('update audit_log set action = $1', ['x'])).rejects.toThrow(/permission denied/);
      await expect(api.query('alter table leads_meta disable row level security')).rejects.toThrow(/must be owner/);
      await expect(api.query("set role postgres")).rejects.toThrow(/permission denied/);
    } finally {
      await api.end();
    }
  });
});

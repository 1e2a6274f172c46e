import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogProblems } from '../testing/catalog-guard.js';
import { tolerateShutdown, startTempPostgres, type TempPostgres } from '../testing/temp-postgres.js';
import { assertApiRoleSafe, enableApiLogin } from './api-role.js';
import { MIGRATIONS_DIR, runMigrations } from './migrate.js';

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

  it('flags an API role that may create, owns or may use a large object, and lo_compat_privileges on', async () => {
    const problems = await inScratch(async (c) => {
      await c.query('grant execute on function lo_create(oid) to leadpulse_api');
      await c.query('grant execute on function lo_from_bytea(oid, bytea) to public');
      const owned = await c.query<{ oid: number }>("select lo_from_bytea(0, 'dealership data') as oid");
      await c.query(`alter large object ${owned.rows[0]?.oid ?? 0} owner to leadpulse_api`);
      const shared = await c.query<{ oid: number }>('select lo_create(0) as oid');
      await c.query(`grant select on large object ${shared.rows[0]?.oid ?? 0} to public`);
      await c.query('set local lo_compat_privileges = on');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'leadpulse_api may create large objects (lo_create(oid))',
        'leadpulse_api may create large objects (lo_from_bytea(oid,bytea))',
        'leadpulse_api owns 1 large object(s)',
        'leadpulse_api may read or write 1 large object(s) granted to it or to PUBLIC',
        'lo_compat_privileges is on: every role may read and write every large object',
      ]),
    );
    // Stored for the API role's sessions (not this one) is found too.
    const stored = await inScratch(async (c) => {
      await c.query('alter role leadpulse_api set lo_compat_privileges = on');
    });
    expect(stored).toEqual(['lo_compat_privileges is on: every role may read and write every large object']);
  });

  it('flags CONNECT or TEMP for the API role on any other database of the cluster', async () => {
    const problems = await inScratch(async (c) => {
      await c.query('grant connect on database postgres to leadpulse_api');
      await c.query('grant connect, temporary on database template1 to public');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'leadpulse_api may CONNECT to database postgres, which is no LeadPulse database',
        'leadpulse_api may CONNECT to database template1, which is no LeadPulse database',
        'leadpulse_api may create TEMP objects in database template1',
      ]),
    );
  });

  it('another LeadPulse database of the server may be connected to (never TEMP); 0057 locks it out of no other one and keeps other roles\' access', async () => {
    // A second database on the same server: fresh (no LeadPulse grants yet), it is flagged;
    // once migrated it is a LeadPulse database the shared API role may connect to.
    const siblingUrl = await postgres.createDatabase();
    const siblingName = new URL(siblingUrl).pathname.slice(1);
    expect(await catalogProblems(owner)).toEqual([
      `leadpulse_api may CONNECT to database ${siblingName}, which is no LeadPulse database`,
      `leadpulse_api may create TEMP objects in database ${siblingName}`,
    ]);
    const sibling = tolerateShutdown(new pg.Pool({ connectionString: siblingUrl, max: 1 }));
    try {
      await runMigrations(sibling, { logger: pino({ level: 'silent' }) });
      expect(await catalogProblems(owner)).toEqual([]);
      expect(await catalogProblems(sibling)).toEqual([]);
      const temp = await inScratch(async (c) => {
        await c.query(`grant temporary on database ${c.escapeIdentifier(siblingName)} to leadpulse_api`);
      });
      expect(temp).toEqual([`leadpulse_api may create TEMP objects in database ${siblingName}`]);
    } finally {
      await sibling.end();
    }

    // 0057 once more, by hand, with a database of another application and its login role
    // (which, like the API role, can connect there through PUBLIC's defaults).
    const otherUrl = await postgres.createDatabase();
    const otherName = new URL(otherUrl).pathname.slice(1);
    try {
      const sql = await readFile(path.join(MIGRATIONS_DIR, '0057_api_role_no_large_objects_or_other_databases.sql'), 'utf8');
      const client = await owner.connect();
      try {
        await client.query('begin');
        await client.query("create role scratch_other_app login password 'not-used'");
        await client.query(sql);
        const { rows } = await client.query<Record<string, boolean>>(
          `select has_database_privilege('leadpulse_api', $1, 'connect') as api_connect,
                  has_database_privilege('leadpulse_api', $1, 'temporary') as api_temp,
                  has_database_privilege('scratch_other_app', $1, 'connect') as other_connect,
                  has_database_privilege('scratch_other_app', $1, 'temporary') as other_temp,
                  has_database_privilege('leadpulse_api', $2, 'connect') as api_sibling_connect,
                  has_database_privilege('leadpulse_api', current_database(), 'connect') as api_own_connect`,
          [otherName, siblingName],
        );
        expect(rows[0]).toEqual({
          api_connect: false,
          api_temp: false,
          other_connect: true,
          other_temp: true,
          api_sibling_connect: true,
          api_own_connect: true,
        });
        expect(await catalogProblems(client)).toEqual([]);
      } finally {
        await client.query('rollback');
        client.release();
      }
    } finally {
      const admin = new pg.Client({ connectionString: postgres.server.connectionString });
      await admin.connect();
      await admin.query(`drop database ${admin.escapeIdentifier(otherName)}`).finally(() => admin.end());
    }
  });

  it('assertApiRoleSafe refuses an API role that may create or owns a large object, or lo_compat_privileges on', async () => {
    const apiUrl = await enableApiLogin(owner, ownerUrl);
    const api = tolerateShutdown(new pg.Pool({ connectionString: apiUrl, max: 1 }));
    let largeObject = 0;
    try {
      await owner.query('grant execute on function lo_create(oid) to leadpulse_api');
      await expect(assertApiRoleSafe(api)).rejects.toThrow(/may create large objects \(lo_create\(oid\)\)/);
      await owner.query('revoke execute on function lo_create(oid) from leadpulse_api');

      largeObject = (await owner.query<{ oid: number }>('select lo_create(0) as oid')).rows[0]?.oid ?? 0;
      await owner.query(`alter large object ${largeObject} owner to leadpulse_api`);
      await expect(assertApiRoleSafe(api)).rejects.toThrow(/owns 1 large object\(s\)/);
      await owner.query(`select lo_unlink(${largeObject})`);
      largeObject = 0;

      await owner.query('alter role leadpulse_api set lo_compat_privileges = on');
      const compat = tolerateShutdown(new pg.Pool({ connectionString: apiUrl, max: 1 }));
      try {
        await expect(assertApiRoleSafe(compat)).rejects.toThrow(/lo_compat_privileges is on/);
      } finally {
        await compat.end();
      }
    } finally {
      await owner.query('alter role leadpulse_api reset lo_compat_privileges');
      await owner.query('revoke execute on function lo_create(oid) from leadpulse_api');
      if (largeObject) await owner.query(`select lo_unlink(${largeObject})`);
      await api.end();
    }
    expect(await catalogProblems(owner)).toEqual([]);
  });

  it('the API role itself (as it logs in) passes assertApiRoleSafe and cannot read past RLS', async () => {
    const apiUrl = await enableApiLogin(owner, ownerUrl);
    const api = tolerateShutdown(new pg.Pool({ connectionString: apiUrl, max: 1 }));
    try {
      await expect(assertApiRoleSafe(api)).resolves.toBeUndefined();
      // No tenant set: nothing visible, and no cast error either.
      expect((await api.query('select count(*)::int as n from leads_meta')).rows[0]).toEqual({ n: 0 });
      await expect(api.query('truncate leads_meta')).rejects.toThrow(/permission denied/);
      await expect(api.query('delete from audit_log')).rejects.toThrow(/permission denied/);
      await expect(api.query('update audit_log set action = $1', ['x'])).rejects.toThrow(/permission denied/);
      await expect(api.query('alter table leads_meta disable row level security')).rejects.toThrow(/must be owner/);
      await expect(api.query("set role postgres")).rejects.toThrow(/permission denied/);
      // No large object (outside RLS, outlives a dealership's deletion), no other database.
      await expect(api.query('select lo_create(0)')).rejects.toThrow(/permission denied/);
      await expect(api.query("select lo_from_bytea(0, 'x')")).rejects.toThrow(/permission denied/);
      for (const database of ['postgres', 'template1']) {
        const url = new URL(apiUrl);
        url.pathname = `/${database}`;
        const other = new pg.Client({ connectionString: url.toString() });
        await expect(other.connect()).rejects.toThrow(/permission denied for database/);
      }
    } finally {
      await api.end();
    }
  });
});

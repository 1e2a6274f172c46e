import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startTempPostgres, tolerateShutdown, type TempPostgres } from '../testing/temp-postgres.js';
import { loadMigrations, MigrationError, runMigrations, type Migration } from './migrate.js';

const logger = pino({ level: 'silent' });
let postgres: TempPostgres;
const pools: pg.Pool[] = [];

beforeAll(async () => {
  postgres = await startTempPostgres();
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
});

afterAll(async () => {
  await postgres?.dispose();
});

async function freshPool(): Promise<pg.Pool> {
  const pool = tolerateShutdown(new pg.Pool({ connectionString: await postgres.createDatabase() }));
  pools.push(pool);
  return pool;
}

function migration(version: number, name: string, sql: string): Migration {
  return { version, name, sql, checksum: `sum-${version}-${sql.length}` };
}

async function appliedVersions(pool: pg.Pool): Promise<number[]> {
  const result = await pool.query<{ version: number }>(
    'select version from schema_migrations order by version',
  );
  return result.rows.map((r) => r.version);
}

describe('runMigrations', () => {
  it('applies the shipped migrations to an empty database', async () => {
    const pool = await freshPool();
    const result = await runMigrations(pool, { logger });
    const shipped = await loadMigrations();
    expect(shipped.map((m) => m.version)[0]).toBe(1);
    expect(result.applied).toEqual(shipped.map((m) => m.version));
    expect(await appliedVersions(pool)).toEqual(shipped.map((m) => m.version));
    const meta = await pool.query("select value from service_meta where key = 'schema_created_at'");
    expect(meta.rowCount).toBe(1);
  });

  it('is idempotent: a second run applies nothing and changes nothing', async () => {
    const pool = await freshPool();
    const first = await runMigrations(pool, { logger });
    const second = await runMigrations(pool, { logger });
    expect(second.applied).toEqual([]);
    expect(second.current).toBe(first.current);
    const meta = await pool.query('select count(*)::int as n from service_meta');
    expect(meta.rows[0]).toEqual({ n: 1 });
  });

  it('applies later migrations in order on top of earlier ones', async () => {
    const pool = await freshPool();
    const m1 = migration(1, 'one', 'create table one (id int primary key)');
    const m2 = migration(2, 'two', 'create table two (id int references one(id))');
    await runMigrations(pool, { logger, migrations: [m1] });
    const result = await runMigrations(pool, { logger, migrations: [m1, m2] });
    expect(result).toEqual({ applied: [2], current: 2 });
  });

  it('does not double-apply when instances start together', async () => {
    const url = await postgres.createDatabase();
    // Non-idempotent SQL: applying any of these twice would fail.
    const migrations = [1, 2, 3].map((v) =>
      migration(v, `m${v}`, `create table m${v} (id int); select pg_sleep(0.05);`),
    );
    const instances = Array.from({ length: 4 }, () => {
      const pool = tolerateShutdown(new pg.Pool({ connectionString: url, max: 2 }));
      pools.push(pool);
      return pool;
    });
    const results = await Promise.all(
      instances.map((pool) => runMigrations(pool, { logger, migrations })),
    );
    expect(results.flatMap((r) => r.applied).sort()).toEqual([1, 2, 3]);
    expect(await appliedVersions(instances[0]!)).toEqual([1, 2, 3]);
  });

  it('refuses a database newer than the code', async () => {
    const pool = await freshPool();
    await runMigrations(pool, { logger });
    await pool.query(
      "insert into schema_migrations (version, name, checksum) values (9999, 'from_the_future', 'x')",
    );
    const run = runMigrations(pool, { logger });
    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(runMigrations(pool, { logger })).rejects.toThrow(
      /schema is at migration 9999, newer than this cloud-api knows/,
    );
  });

  it('refuses when an applied migration was edited', async () => {
    const pool = await freshPool();
    await runMigrations(pool, { logger, migrations: [migration(1, 'one', 'create table e (id int)')] });
    const edited = migration(1, 'one', 'create table e (id bigint)');
    await expect(runMigrations(pool, { logger, migrations: [edited] })).rejects.toThrow(
      /edited after it was applied/,
    );
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    const pool = await freshPool();
    const good = migration(1, 'good', 'create table good (id int)');
    const bad = migration(2, 'bad', 'create table half (id int); select * from no_such_table;');
    await expect(runMigrations(pool, { logger, migrations: [good, bad] })).rejects.toThrow(
      /no_such_table/,
    );
    expect(await appliedVersions(pool)).toEqual([1]);
    const half = await pool.query("select to_regclass('half') as t");
    expect(half.rows[0]).toEqual({ t: null });
  });
});

describe('loadMigrations', () => {
  it('reads numbered files in order with checksums', async () => {
    const dir = await makeTempDir('leadpulse-migrations-');
    try {
      await writeFile(path.join(dir, '0002_second.sql'), 'select 2');
      await writeFile(path.join(dir, '0001_first.sql'), 'select 1');
      const loaded = await loadMigrations(dir);
      expect(loaded.map((m) => [m.version, m.name])).toEqual([
        [1, 'first'],
        [2, 'second'],
      ]);
      expect(loaded[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects badly named or duplicate-numbered files', async () => {
    const dir = await makeTempDir('leadpulse-migrations-');
    try {
      await writeFile(path.join(dir, '1_init.sql'), 'select 1');
      await expect(loadMigrations(dir)).rejects.toThrow(/must be named NNNN_/);
      await rm(path.join(dir, '1_init.sql'));
      await writeFile(path.join(dir, '0001_a.sql'), 'select 1');
      await writeFile(path.join(dir, '0001_b.sql'), 'select 1');
      await expect(loadMigrations(dir)).rejects.toThrow(/share number 0001/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { Logger } from 'pino';

/**
 * Numbered SQL migrations: `migrations/0001_init.sql`, `0002_....sql`, applied in order,
 * each in its own transaction, recorded in `schema_migrations`.
 *
 * Written here rather than taken from a library because the rules are few and exact:
 * a transaction-scoped advisory lock (so instances starting together queue instead of
 * double-applying, and a crashed instance can never leave the lock held), and a refusal
 * to run against a database that is ahead of the code (a rolled-back deploy must not
 * serve a schema it does not understand).
 *
 * Consequence: a migration cannot contain statements that refuse to run in a
 * transaction (e.g. CREATE INDEX CONCURRENTLY).
 */

/** Resolves from src/db and dist/db alike. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

// Arbitrary constant shared by every cloud-api instance: "the migration lock".
const MIGRATION_LOCK_KEY = 7_318_240_115n;

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match?.[1] || !match[2]) {
      throw new MigrationError(`migration file ${file} must be named NNNN_lower_snake_name.sql`);
    }
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new MigrationError(`two migration files share number ${match[1]}`);
    }
    const sql = await readFile(`${dir}/${file}`, 'utf8');
    migrations.push({ version, name: match[2], sql, checksum: sha256(sql) });
  }
  return migrations;
}

export interface MigrationResult {
  /** Versions applied by this call (empty when the database was already current). */
  applied: number[];
  /** Highest version in the database afterwards. */
  current: number;
}

export interface RunMigrationsOptions {
  logger: Logger;
  migrations?: Migration[];
}

interface AppliedRow {
  version: number;
  checksum: string;
}

export async function runMigrations(
  pool: pg.Pool,
  options: RunMigrationsOptions,
): Promise<MigrationResult> {
  const migrations = options.migrations ?? (await loadMigrations());
  const log = options.logger.child({ component: 'migrations' });
  const known = new Map(migrations.map((m) => [m.version, m]));
  const newestKnown = Math.max(0, ...known.keys());

  const applied = await inLockedTransaction(pool, async (client) => {
    await client.query(`
      create table if not exists schema_migrations (
        version    integer primary key,
        name       text not null,
        checksum   text not null,
        applied_at timestamptz not null default now()
      )`);
    return readApplied(client);
  });
  assertCompatible(applied, known, newestKnown);

  const appliedNow: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    const didApply = await inLockedTransaction(pool, async (client) => {
      // Another instance may have applied it while we waited for the lock.
      const done = await client.query('select 1 from schema_migrations where version = $1', [
        migration.version,
      ]);
      if (done.rowCount !== 0) return false;
      await client.query(migration.sql);
      await client.query(
        'insert into schema_migrations (version, name, checksum) values ($1, $2, $3)',
        [migration.version, migration.name, migration.checksum],
      );
      return true;
    });
    if (didApply) {
      appliedNow.push(migration.version);
      log.info({ version: migration.version, migration: migration.name }, 'migration applied');
    }
  }

  const current = Math.max(0, ...applied.keys(), ...appliedNow);
  return { applied: appliedNow, current };
}

function assertCompatible(
  applied: Map<number, AppliedRow>,
  known: Map<number, Migration>,
  newestKnown: number,
): void {
  for (const row of applied.values()) {
    const migration = known.get(row.version);
    if (row.version > newestKnown) {
      throw new MigrationError(
        `database schema is at migration ${row.version}, newer than this cloud-api knows ` +
          `(latest ${newestKnown}); refusing to start. Deploy a cloud-api that includes ` +
          `migration ${row.version}, or point DATABASE_URL at the right database.`,
      );
    }
    if (!migration) {
      throw new MigrationError(
        `database has migration ${row.version} applied but this cloud-api has no such file; ` +
          'refusing to start.',
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${row.version}_${migration.name} was edited after it was applied ` +
          '(checksum differs); add a new migration instead of changing an applied one.',
      );
    }
  }
}

async function readApplied(client: pg.PoolClient): Promise<Map<number, AppliedRow>> {
  const result = await client.query<AppliedRow>(
    'select version, checksum from schema_migrations order by version',
  );
  return new Map(result.rows.map((r) => [r.version, r]));
}

async function inLockedTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('begin');
    // Released by commit/rollback, so a crash mid-migration cannot leave it held.
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (err) {
    failed = true;
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    // After a failure the connection's state is unknown: discard it rather than reuse it.
    client.release(failed);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

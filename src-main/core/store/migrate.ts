import type { Logger } from '../log/logger';
import type { Db } from './open-database';
import { StoreTooNewError } from './errors';
import { migrations as allMigrations, type Migration } from './migrations/index';

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database to the latest schema, one transaction per migration (the schema change
 * and its user_version commit together, or neither does). A newer database is refused untouched.
 */
export function migrate(db: Db, log: Logger, migrations: readonly Migration[] = allMigrations): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} must be version ${i + 1}.`);
  });
  const latest = migrations.at(-1)?.version ?? 0;
  const found = schemaVersion(db);
  if (found > latest) throw new StoreTooNewError(found, latest);
  for (const migration of migrations) {
    if (migration.version <= found) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      migration.data?.(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    log.info('store.migrated', { version: migration.version, name: migration.name });
  }
  return latest;
}

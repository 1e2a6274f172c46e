import type { Db } from '../open-database';
import { coreTables } from './001-core';
import { searchIndex } from './002-search';
import { suppressionAndAudit } from './003-suppression-audit';
import { leadSources } from './004-lead-sources';
import { sealedSecrets } from './005-sealed-secrets';
import { purgeLog } from './006-purge-log';
import { purgeLookups } from './007-purge-lookups';
import { purgeTombstones } from './008-purge-tombstones';
import { erasedMessageTombstones } from './009-erased-message-tombstones';

export interface Migration {
  /** Becomes PRAGMA user_version once applied; strictly increasing from 1. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /**
   * A data step that SQL alone cannot express (e.g. re-deriving keys, re-parsing stored
   * emails): runs after `sql`, in the same transaction, so the schema change, the data change
   * and the version bump commit together or not at all.
   */
  readonly data?: (db: Db) => void;
}

/** Append only: never edit a released migration, add the next number. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'core tables', sql: coreTables },
  { version: 2, name: 'full-text search', sql: searchIndex },
  { version: 3, name: 'suppression list and local audit', sql: suppressionAndAudit },
  { version: 4, name: 'several sources per lead', sql: leadSources },
  { version: 5, name: 'sealed secrets', sql: sealedSecrets },
  { version: 6, name: 'customer purge log', sql: purgeLog },
  { version: 7, name: 'indexed purge lookups', sql: purgeLookups },
  { version: 8, name: 'deleted-customer tombstones', sql: purgeTombstones },
  { version: 9, name: 'erased message tombstones', sql: erasedMessageTombstones },
];

export const LATEST_SCHEMA_VERSION = migrations.length;

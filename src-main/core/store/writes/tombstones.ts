import { prepared, type Db } from '../open-database';

/**
 * Deleted-customer tombstones: a customer deleted on request is remembered here as the cloud's
 * opaque keys (never an email or phone) with the time the deletion was requested, per
 * dealership, with that dealership's key salt so intake can derive the same keys offline.
 */

/** Keeps the dealership's customer key salt (writes nothing when it is unchanged); the tombstones hang off it. */
export function rememberPurgeScope(db: Db, dealershipId: string, customerKeySalt: Buffer, at: number): void {
  prepared(
    db,
    `INSERT INTO purge_scopes (dealership_id, customer_key_salt, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (dealership_id) DO UPDATE SET customer_key_salt = excluded.customer_key_salt, updated_at = excluded.updated_at
       WHERE customer_key_salt IS NOT excluded.customer_key_salt`,
  ).run(dealershipId, customerKeySalt, at);
}

/**
 * One tombstone per key; a later deletion of the same customer moves its time forward, never
 * back. Only keys shaped as the cloud derives them (64 hex digits) are kept: anything else could
 * never match a derived key, and must not put readable text in the table.
 */
export function recordTombstones(db: Db, dealershipId: string, customerKeys: readonly string[], deletedAt: number): void {
  const insert = prepared(
    db,
    `INSERT INTO purge_tombstones (dealership_id, customer_key, deleted_at) VALUES (?, ?, ?)
     ON CONFLICT (dealership_id, customer_key) DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)`,
  );
  for (const key of new Set(customerKeys)) {
    if (/^[0-9a-f]{64}$/.test(key)) insert.run(dealershipId, key, deletedAt);
  }
}

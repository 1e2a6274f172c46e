/**
 * v8: who was deleted on request, kept so that mail about them cannot bring them back. Only
 * the cloud's opaque customer keys (hex HMAC-SHA256 of "email:…"/"phone:…" under the
 * dealership's customer key salt) and when the deletion was requested; never an address or
 * number. The salt is kept per dealership so intake can derive the same keys offline.
 * purge_log.tombstoned marks the instructions whose keys are kept: older rows (applied before
 * v8) are 0, so PurgeSync lists them again from the cloud and records their tombstones.
 */
export const purgeTombstones = `
CREATE TABLE purge_scopes (
  dealership_id      TEXT PRIMARY KEY,
  customer_key_salt  BLOB NOT NULL,
  updated_at         INTEGER NOT NULL
) STRICT;

CREATE TABLE purge_tombstones (
  dealership_id  TEXT NOT NULL REFERENCES purge_scopes(dealership_id) ON DELETE CASCADE,
  customer_key   TEXT NOT NULL CHECK (length(customer_key) = 64 AND customer_key NOT GLOB '*[^0-9a-f]*'),
  deleted_at     INTEGER NOT NULL,
  PRIMARY KEY (dealership_id, customer_key)
) STRICT, WITHOUT ROWID;

ALTER TABLE purge_log ADD COLUMN tombstoned INTEGER NOT NULL DEFAULT 0 CHECK (tombstoned IN (0, 1));
`;

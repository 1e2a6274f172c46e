import { randomBytes } from 'node:crypto';
import { prepared, type Db } from '../open-database';

export interface SealedSecretRow {
  readonly keySalt: Buffer;
  readonly sealed: string;
}

/** The row's salt, creating the row's salt for a new name (the caller seals with it). */
export function sealedSecretSalt(db: Db, name: string): Buffer {
  const existing = prepared<[string], Buffer>(db, 'SELECT key_salt FROM sealed_secrets WHERE name = ?').pluck().get(name);
  return existing ?? randomBytes(32);
}

export function writeSealedSecret(db: Db, name: string, keySalt: Buffer, sealed: string, at: number): void {
  prepared(
    db,
    `INSERT INTO sealed_secrets (name, key_salt, sealed, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET key_salt = excluded.key_salt, sealed = excluded.sealed, updated_at = excluded.updated_at`,
  ).run(name, keySalt, sealed, at);
}

export function readSealedSecret(db: Db, name: string): SealedSecretRow | null {
  const row = prepared<[string], { key_salt: Buffer; sealed: string }>(db, 'SELECT key_salt, sealed FROM sealed_secrets WHERE name = ?').get(name);
  return row ? { keySalt: row.key_salt, sealed: row.sealed } : null;
}

export function deleteSealedSecret(db: Db, name: string): boolean {
  return prepared(db, 'DELETE FROM sealed_secrets WHERE name = ?').run(name).changes > 0;
}

import { prepared, type Db } from '../open-database';

export type SuppressionReason = 'opt-out' | 'bounce' | 'manual';

export function addSuppression(db: Db, address: string, reason: SuppressionReason, by: string | null, at: number): void {
  prepared(
    db,
    `INSERT INTO suppression (address, reason, added_by, added_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(address) DO NOTHING`,
  ).run(address.toLowerCase(), reason, by, at);
}

export function isSuppressed(db: Db, address: string): boolean {
  return prepared(db, 'SELECT 1 FROM suppression WHERE address = ?').pluck().get(address.toLowerCase()) !== undefined;
}

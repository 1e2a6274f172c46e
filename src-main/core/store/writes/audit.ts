import { prepared, type Db } from '../open-database';

/** A user (or system) action worth keeping on this desktop. Ids and kinds only, never text. */
export interface AuditEntry {
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly accountId?: string | null;
  readonly leadId?: string | null;
  readonly detail?: Record<string, string | number | boolean | null>;
}

export function appendAudit(db: Db, entry: AuditEntry): void {
  prepared(
    db,
    'INSERT INTO audit_log (at, actor, action, account_id, lead_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(entry.at, entry.actor, entry.action, entry.accountId ?? null, entry.leadId ?? null, JSON.stringify(entry.detail ?? {}));
}

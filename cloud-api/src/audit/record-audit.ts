import type pg from 'pg';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditEntryInput {
  /** Must be the dealership of the surrounding withTenantTx (the policy's WITH CHECK enforces it). */
  tenantId: string;
  /** users.id of whoever acted; null for the system (e.g. a Stripe webhook). */
  actorUserId: string | null;
  /** Dotted verb, e.g. auth.sign_in, member.role_changed, billing.subscription_updated, draft.generated. */
  action: string;
  /** Opaque id of what was acted on (user id, lead id...); never an email or a name. */
  target?: string | null;
  /** Which client: the X-LeadPulse-Client header or the user agent, truncated. */
  client?: string | null;
  outcome: AuditOutcome;
  /** Metadata only (counts, roles, ids, model names, hashes): no personal data, no content. */
  details?: Record<string, unknown>;
}

/**
 * Appends one audit row in the caller's transaction, so the record commits or rolls back
 * with the change it describes. The API role may only INSERT and SELECT audit_log.
 */
export async function recordAudit(client: pg.ClientBase, entry: AuditEntryInput): Promise<void> {
  await client.query(
    `insert into audit_log (tenant_id, actor_user_id, action, target, client, outcome, details)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.tenantId,
      entry.actorUserId,
      entry.action,
      entry.target ?? null,
      entry.client?.slice(0, 200) ?? null,
      entry.outcome,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

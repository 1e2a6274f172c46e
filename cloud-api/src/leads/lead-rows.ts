import type { Lead, LeadStatus } from '@leadpulse/cloud-contract';

export interface LeadRow {
  id: string;
  status: LeadStatus;
  assignee_user_id: string | null;
  source: string;
  received_at: Date;
  first_response_at: Date | null;
}

export const LEAD_COLUMNS = 'id, status, assignee_user_id, source, received_at, first_response_at';

export function toLead(row: LeadRow): Lead {
  return {
    id: row.id,
    status: row.status,
    assigneeUserId: row.assignee_user_id,
    source: row.source,
    receivedAt: row.received_at.toISOString(),
    firstResponseAt: row.first_response_at?.toISOString() ?? null,
  };
}

import type { LeadSummary } from '../../../../src-shared/contract/areas/leads';
import { toIso, toIsoOrNull } from '../time';

/** Columns every lead list needs; one definition so list, search and detail agree. */
export const SUMMARY_COLUMNS = `
  l.lead_no, l.id, l.status, l.assignee, l.full_name, l.first_name, l.last_name, l.email, l.phone,
  l.vehicle_label, l.source_format, l.source_provider, l.source_confidence, l.received_at,
  l.first_response_at, substr(l.comments, 1, 160) AS preview`;

export interface SummaryRow {
  lead_no: number;
  id: string;
  status: LeadSummary['status'];
  assignee: string | null;
  full_name: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  vehicle_label: string | null;
  source_format: LeadSummary['sourceFormat'];
  source_provider: string | null;
  source_confidence: number;
  received_at: number;
  first_response_at: number | null;
  preview: string | null;
}

export function customerName(row: Pick<SummaryRow, 'full_name' | 'first_name' | 'last_name'>): string | null {
  if (row.full_name) return row.full_name;
  const joined = [row.first_name, row.last_name].filter(Boolean).join(' ');
  return joined === '' ? null : joined;
}

export function toSummary(row: SummaryRow): LeadSummary {
  return {
    id: row.id,
    status: row.status,
    assignee: row.assignee,
    customerName: customerName(row),
    email: row.email,
    phone: row.phone,
    vehicle: row.vehicle_label,
    sourceFormat: row.source_format,
    sourceProvider: row.source_provider,
    sourceConfidence: row.source_confidence,
    receivedAt: toIso(row.received_at),
    firstResponseAt: toIsoOrNull(row.first_response_at),
    preview: row.preview,
  };
}

import type { LeadKey } from '../../leads/dedupe';
import { vehicleKeys } from '../../leads/dedupe';
import type { LeadVehicle } from '../../leads/types';
import { prepared, type Db } from '../open-database';

export interface CandidateProbe {
  readonly internetMessageId: string | null;
  readonly provider: string | null;
  readonly externalId: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  /** ms since epoch of the incoming lead */
  readonly at: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

interface Row {
  lead_no: number;
  id: string;
  email: string | null;
  phone: string | null;
  vehicle_json: string | null;
  requested_at: number | null;
  received_at: number;
  source_format: string;
  source_provider: string | null;
}

/** How a lead started by a customer's reply is labelled (intake's CUSTOMER_REPLY_SOURCE). */
export const CUSTOMER_REPLY_PROVIDER = 'Customer reply';

/**
 * The few existing leads an incoming one could be a repeat of, as the keys the pure dedupe
 * rules decide on. Index-backed: by Message-ID, by external id, by email/phone in ±24 h.
 */
export function duplicateCandidates(db: Db, probe: CandidateProbe): LeadKey[] {
  const rows = prepared<unknown[], Row>(
    db,
    `SELECT lead_no, id, email, phone, vehicle_json, requested_at, received_at, source_format, source_provider FROM leads WHERE lead_no IN (
       SELECT lead_no FROM messages WHERE ? IS NOT NULL AND internet_message_id = ? AND lead_no IS NOT NULL
       UNION SELECT lead_no FROM lead_sources WHERE ? IS NOT NULL AND external_id = ? COLLATE NOCASE
       UNION SELECT lead_no FROM leads WHERE (email = ? OR phone = ?)
         AND COALESCE(requested_at, received_at) BETWEEN ? AND ?
       UNION SELECT lead_no FROM leads WHERE email = ? AND source_format = 'unknown' AND source_provider = ?)
     LIMIT 25`,
  ).all(
    probe.internetMessageId, probe.internetMessageId,
    probe.externalId, probe.externalId,
    probe.email?.toLowerCase() ?? null, probe.phone,
    probe.at - DAY_MS, probe.at + DAY_MS,
    probe.email?.toLowerCase() ?? null, CUSTOMER_REPLY_PROVIDER,
  );
  return rows.map((row) => keyOf(db, row));
}

function keyOf(db: Db, row: Row): LeadKey {
  const messageIds = prepared<[number], string>(db, 'SELECT internet_message_id FROM messages WHERE lead_no = ? AND internet_message_id IS NOT NULL')
    .pluck().all(row.lead_no);
  const sources = prepared<[number], { provider: string | null; external_id: string | null }>(
    db, 'SELECT provider, external_id FROM lead_sources WHERE lead_no = ?').all(row.lead_no);
  return {
    leadId: row.id,
    messageIds,
    sourceIds: sources.flatMap((s) => (s.provider && s.external_id ? [{ provider: s.provider, externalId: s.external_id }] : [])),
    customerEmails: row.email ? [row.email] : [],
    customerPhones: row.phone ? [row.phone] : [],
    vehicleKeys: vehicleKeys(row.vehicle_json ? (JSON.parse(row.vehicle_json) as LeadVehicle) : null),
    at: new Date(row.requested_at ?? row.received_at).toISOString(),
    customerReply: row.source_format === 'unknown' && row.source_provider === CUSTOMER_REPLY_PROVIDER,
  };
}

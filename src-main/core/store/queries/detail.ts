import type { LeadDetail } from '../../../../src-shared/contract/areas/leads';
import type { Db } from '../open-database';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { toIso, toIsoOrNull } from '../time';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './rows';

interface DetailRow extends SummaryRow {
  postal_code: string | null;
  preferred_contact: LeadDetail['preferredContact'];
  vehicle_json: string | null;
  trade_in_json: string | null;
  comments: string | null;
  comments_untrusted: number;
  injection_suspected: number;
  requested_at: number | null;
  first_seen_at: number;
  mailbox_address: string;
  suppressed: number;
}

interface MessageRow {
  id: string;
  direction: 'inbound' | 'outbound';
  from_name: string | null;
  from_address: string | null;
  subject: string | null;
  sent_at: number | null;
  received_at: number;
  body_text: string;
  raw_adf: string | null;
}

interface SourceRow {
  format: 'adf' | 'marketplace' | 'website-form' | 'unknown';
  provider: string | null;
  confidence: number;
  external_id: string | null;
  matched_on: 'first' | 'message-id' | 'provider-external-id' | 'customer-vehicle-24h';
  added_at: number;
  message_id: string | null;
}

interface DraftRow {
  id: string;
  version: number;
  origin: 'ai' | 'template' | 'manual';
  subject: string;
  body: string;
  created_by: string;
  created_at: number;
  approval_hash: string | null;
  approved_by: string | null;
  approved_at: number | null;
}

interface OutboxRow {
  id: string;
  state: 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
  to_address: string;
  subject: string;
  attempts: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

interface CorrectionRow {
  field: string;
  old_value: string | null;
  new_value: string | null;
  corrected_by: string;
  corrected_at: number;
}

export class DetailQueries {
  readonly #lead: Statement<[string], DetailRow>;
  readonly #messages: Statement<[number], MessageRow>;
  readonly #drafts: Statement<[number], DraftRow>;
  readonly #outbox: Statement<[number], OutboxRow>;
  readonly #corrections: Statement<[number], CorrectionRow>;
  readonly #sources: Statement<[number], SourceRow>;

  constructor(db: Db) {
    this.#lead = db.prepare<[string], DetailRow>(`
      SELECT ${SUMMARY_COLUMNS}, l.postal_code, l.preferred_contact, l.vehicle_json, l.trade_in_json,
        l.comments, l.comments_untrusted, l.injection_suspected, l.requested_at, l.first_seen_at,
        a.address AS mailbox_address,
        EXISTS (SELECT 1 FROM suppression s WHERE s.address = l.email) AS suppressed
      FROM leads l JOIN mailbox_accounts a ON a.id = l.account_id WHERE l.id = ?`);
    this.#messages = db.prepare<[number], MessageRow>(`
      SELECT id, direction, from_name, from_address, subject, sent_at, received_at, body_text, raw_adf
      FROM messages WHERE lead_no = ? ORDER BY received_at, message_no`);
    this.#drafts = db.prepare<[number], DraftRow>(`
      SELECT id, version, origin, subject, body, created_by, created_at, approval_hash, approved_by, approved_at
      FROM drafts WHERE lead_no = ? ORDER BY version`);
    this.#outbox = db.prepare<[number], OutboxRow>(`
      SELECT id, state, to_address, subject, attempts, last_error, created_at, sent_at
      FROM outbox WHERE lead_no = ? ORDER BY created_at`);
    this.#sources = db.prepare<[number], SourceRow>(`
      SELECT s.format, s.provider, s.confidence, s.external_id, s.matched_on, s.added_at, m.id AS message_id
      FROM lead_sources s LEFT JOIN messages m ON m.message_no = s.message_no
      WHERE s.lead_no = ? ORDER BY s.added_at, s.id`);
    this.#corrections = db.prepare<[number], CorrectionRow>(`
      SELECT field, old_value, new_value, corrected_by, corrected_at
      FROM lead_corrections WHERE lead_no = ? ORDER BY corrected_at, id`);
  }

  detail(id: string): LeadDetail | null {
    const row = this.#lead.get(id);
    if (!row) return null;
    const n = row.lead_no;
    return {
      ...toSummary(row),
      firstName: row.first_name,
      lastName: row.last_name,
      postalCode: row.postal_code,
      preferredContact: row.preferred_contact,
      vehicleDetail: parseJson<LeadDetail['vehicleDetail']>(row.vehicle_json),
      tradeIn: parseJson<LeadDetail['tradeIn']>(row.trade_in_json),
      comments: row.comments,
      commentsUntrusted: row.comments_untrusted === 1,
      injectionSuspected: row.injection_suspected === 1,
      requestedAt: toIsoOrNull(row.requested_at),
      firstSeenAt: toIso(row.first_seen_at),
      mailboxAddress: row.mailbox_address,
      suppressed: row.suppressed === 1,
      messages: this.#messages.all(n).map((m) => ({
        id: m.id,
        direction: m.direction,
        fromName: m.from_name,
        fromAddress: m.from_address,
        subject: m.subject,
        sentAt: toIsoOrNull(m.sent_at),
        receivedAt: toIso(m.received_at),
        bodyText: m.body_text,
        rawAdf: m.raw_adf,
      })),
      drafts: this.#drafts.all(n).map((d) => ({
        id: d.id,
        version: d.version,
        origin: d.origin,
        subject: d.subject,
        body: d.body,
        createdBy: d.created_by,
        createdAt: toIso(d.created_at),
        approved: d.approval_hash !== null,
        approvedBy: d.approved_by,
        approvedAt: toIsoOrNull(d.approved_at),
      })),
      outbox: this.#outbox.all(n).map((o) => ({
        id: o.id,
        state: o.state,
        toAddress: o.to_address,
        subject: o.subject,
        attempts: o.attempts,
        lastError: o.last_error,
        createdAt: toIso(o.created_at),
        sentAt: toIsoOrNull(o.sent_at),
      })),
      sources: this.#sources.all(n).map((src) => ({
        format: src.format,
        provider: src.provider,
        confidence: src.confidence,
        externalId: src.external_id,
        matchedOn: src.matched_on,
        messageId: src.message_id,
        addedAt: toIso(src.added_at),
      })),
      corrections: this.#corrections.all(n).map((c) => ({
        field: c.field,
        oldValue: c.old_value,
        newValue: c.new_value,
        correctedBy: c.corrected_by,
        correctedAt: toIso(c.corrected_at),
      })),
    };
  }
}

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

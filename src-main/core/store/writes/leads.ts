import { StoreRuleError } from '../errors';
import { randomUUID } from 'node:crypto';
import { insertSourceRow } from './lead-sources';
import type { LeadStatus } from '../../../../src-shared/contract/areas/leads';
import { prepared, type Db } from '../open-database';
import { deletedOnRequest, WITHHELD, type WithheldMessage } from './tombstones';

export interface NewMessage {
  readonly providerMessageId: string;
  readonly providerThreadId?: string | null;
  readonly internetMessageId?: string | null;
  readonly inReplyTo?: string | null;
  readonly references?: readonly string[];
  readonly direction?: 'inbound' | 'outbound';
  readonly fromAddress?: string | null;
  readonly fromName?: string | null;
  readonly to?: readonly string[];
  readonly subject?: string | null;
  readonly sentAt?: number | null;
  readonly receivedAt: number;
  readonly bodyText: string;
  readonly rawAdf?: string | null;
}

export interface NewVehicle {
  readonly year: number | null;
  readonly make: string | null;
  readonly model: string | null;
  readonly trim: string | null;
  readonly vin: string | null;
  readonly stock: string | null;
  readonly status: 'new' | 'used' | null;
  readonly interest: 'buy' | 'lease' | 'test-drive' | 'sell' | null;
  readonly price: number | null;
}

/** The parsed fields of one lead, as the lead intake produces them. */
export interface NewLead {
  readonly externalId?: string | null;
  readonly source: {
    readonly format: 'adf' | 'marketplace' | 'website-form' | 'unknown';
    readonly provider: string | null;
    readonly confidence: number;
  };
  readonly customer: {
    readonly firstName: string | null;
    readonly lastName: string | null;
    readonly fullName: string | null;
    readonly email: string | null;
    readonly phone: string | null;
    readonly postalCode: string | null;
    readonly preferredContact: 'phone' | 'email' | 'text' | null;
  };
  readonly vehicle: NewVehicle | null;
  readonly tradeIn: { year: number | null; make: string | null; model: string | null; odometer: number | null } | null;
  readonly comments: string | null;
  readonly untrusted: boolean;
  readonly injectionSuspected: boolean;
  readonly requestedAt?: number | null;
  readonly status?: LeadStatus;
  readonly assignee?: string | null;
  readonly firstResponseAt?: number | null;
}

export interface IngestedLead {
  readonly leadId: string;
  readonly messageId: string;
  /** False when this provider message was already stored (sync is idempotent). */
  readonly created: boolean;
}

export function vehicleLabel(v: NewVehicle | null): string | null {
  if (!v) return null;
  const parts = [v.status === 'used' ? 'Used' : v.status === 'new' ? 'New' : null, v.year, v.make, v.model, v.trim];
  const text = parts.filter((p) => p !== null && p !== '').join(' ');
  return text === '' ? null : text;
}

/** Inserts one message row, optionally already attached to a lead. */
export function insertMessageRow(db: Db, accountId: string, message: NewMessage, leadNo: number | null): { messageId: string; messageNo: number } {
  const messageId = randomUUID();
  const messageNo = Number(
    prepared(db, `INSERT INTO messages (id, account_id, lead_no, direction, provider_message_id, provider_thread_id, internet_message_id,
           in_reply_to, references_json, from_address, from_name, to_json, subject, sent_at, received_at, body_text, raw_adf)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        messageId,
        accountId,
        leadNo,
        message.direction ?? 'inbound',
        message.providerMessageId,
        message.providerThreadId ?? null,
        message.internetMessageId ?? null,
        message.inReplyTo ?? null,
        JSON.stringify(message.references ?? []),
        message.fromAddress ?? null,
        message.fromName ?? null,
        JSON.stringify(message.to ?? []),
        message.subject ?? null,
        message.sentAt ?? null,
        message.receivedAt,
        message.bodyText,
        message.rawAdf ?? null,
      ).lastInsertRowid,
  );
  return { messageId, messageNo };
}

/**
 * Who a lead email is about, for the deleted-customer check: the lead's customer and the
 * sender (a website form or a customer writing directly).
 */
export function leadMessageAbout(db: Db, message: NewMessage, lead: NewLead): boolean {
  return deletedOnRequest(db, { emails: [lead.customer.email, message.fromAddress], phones: [lead.customer.phone] }, message.receivedAt);
}

/**
 * Stores one inbound message and the lead parsed from it, together or not at all. Nothing is
 * stored (WITHHELD) when the message is about a customer deleted on request and was received
 * at or before that deletion: checked here, in the same transaction as the insert, so a purge
 * applied while the email was being read cannot be undone by it.
 */
export function insertLeadWithMessage(
  db: Db,
  accountId: string,
  message: NewMessage,
  lead: NewLead,
  firstSeenAt: number,
): IngestedLead | WithheldMessage {
  const existing = prepared<[string, string], { id: string; lead_id: string | null }>(db, `SELECT m.id, l.id AS lead_id FROM messages m LEFT JOIN leads l ON l.lead_no = m.lead_no
       WHERE m.account_id = ? AND m.provider_message_id = ?`,
    )
    .get(accountId, message.providerMessageId);
  if (existing?.lead_id) return { leadId: existing.lead_id, messageId: existing.id, created: false };
  if (leadMessageAbout(db, message, lead)) return WITHHELD;

  const { messageId, messageNo } = insertMessageRow(db, accountId, message, null);

  const leadId = randomUUID();
  const c = lead.customer;
  const leadNo = Number(
    prepared(db, `INSERT INTO leads (id, account_id, source_message_no, external_id, source_format, source_provider, source_confidence,
           status, assignee, first_name, last_name, full_name, email, phone, postal_code, preferred_contact,
           vehicle_json, vehicle_label, trade_in_json, comments, comments_untrusted, injection_suspected,
           requested_at, received_at, first_seen_at, first_response_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        leadId,
        accountId,
        messageNo,
        lead.externalId ?? null,
        lead.source.format,
        lead.source.provider,
        lead.source.confidence,
        lead.status ?? 'new',
        lead.assignee ?? null,
        c.firstName,
        c.lastName,
        c.fullName,
        c.email?.toLowerCase() ?? null,
        c.phone,
        c.postalCode,
        c.preferredContact,
        lead.vehicle ? JSON.stringify(lead.vehicle) : null,
        vehicleLabel(lead.vehicle),
        lead.tradeIn ? JSON.stringify(lead.tradeIn) : null,
        lead.comments,
        lead.untrusted ? 1 : 0,
        lead.injectionSuspected ? 1 : 0,
        lead.requestedAt ?? null,
        message.receivedAt,
        firstSeenAt,
        lead.firstResponseAt ?? null,
        firstSeenAt,
      ).lastInsertRowid,
  );
  prepared(db, 'UPDATE messages SET lead_no = ? WHERE message_no = ?').run(leadNo, messageNo);
  insertSourceRow(db, leadNo, messageNo, lead, 'first', firstSeenAt);
  return { leadId, messageId, created: true };
}

export function leadNoOf(db: Db, leadId: string): number {
  const n = prepared<[string], number>(db, 'SELECT lead_no FROM leads WHERE id = ?').pluck().get(leadId);
  if (n === undefined) throw new StoreRuleError('That lead is no longer on this computer.');
  return n;
}

export function updateLeadStatus(db: Db, leadId: string, status: LeadStatus, at: number): void {
  prepared(db, 'UPDATE leads SET status = ?, updated_at = ? WHERE id = ?').run(status, at, leadId);
}

export function updateLeadAssignee(db: Db, leadId: string, assignee: string | null, at: number): void {
  prepared(db, 'UPDATE leads SET assignee = ?, updated_at = ? WHERE id = ?').run(assignee, at, leadId);
}

/** The first reply's time is set once; later replies do not move it. */
export function markFirstResponse(db: Db, leadId: string, at: number): void {
  prepared(
    db,
    `UPDATE leads SET first_response_at = ?, updated_at = ?,
       status = CASE status WHEN 'new' THEN 'contacted' ELSE status END
     WHERE id = ? AND first_response_at IS NULL`,
  ).run(at, at, leadId);
}

export const CORRECTABLE_FIELDS = {
  firstName: 'first_name',
  lastName: 'last_name',
  fullName: 'full_name',
  email: 'email',
  phone: 'phone',
  postalCode: 'postal_code',
  vehicle: 'vehicle_label',
} as const;
export type CorrectableField = keyof typeof CORRECTABLE_FIELDS;

/**
 * A rep fixes what the parser got wrong; the old value is kept as a correction. Typing the
 * email or phone of a customer deleted on request is allowed: it is new information from the
 * rep, given after the deletion. The tombstone stays, so that customer's older mail still is
 * not stored.
 */
export function correctLeadField(db: Db, leadId: string, field: CorrectableField, value: string | null, by: string, at: number): void {
  const column = CORRECTABLE_FIELDS[field];
  const leadNo = leadNoOf(db, leadId);
  const old = prepared<[number], string | null>(db, `SELECT ${column} FROM leads WHERE lead_no = ?`).pluck().get(leadNo) ?? null;
  prepared(db, `UPDATE leads SET ${column} = ?, updated_at = ? WHERE lead_no = ?`).run(value, at, leadNo);
  prepared(
    db,
    'INSERT INTO lead_corrections (lead_no, field, old_value, new_value, corrected_by, corrected_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(leadNo, field, old, value, by, at);
}

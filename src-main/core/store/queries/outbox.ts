import type { OutboxList, OutboxListItem } from '../../../../src-shared/contract/areas/outbox';
import { prepared, type Db } from '../open-database';
import { toIso } from '../time';
import { customerName } from './rows';

/** The states the navigation badge counts (BadgeQueries: outboxPending = queued + sending, outboxFailed = failed). */
export const UNSENT_OUTBOX_STATES = ['queued', 'sending', 'failed'] as const;

interface Row {
  id: string;
  state: OutboxListItem['state'];
  lead_id: string | null;
  full_name: string | null;
  first_name: string | null;
  last_name: string | null;
  subject: string;
  attempts: number;
  created_at: number;
  updated_at: number;
}

const SQL = `
  SELECT o.id, o.state, l.id AS lead_id, l.full_name, l.first_name, l.last_name, o.subject, o.attempts,
         o.created_at, o.updated_at
  FROM outbox o LEFT JOIN leads l ON l.lead_no = o.lead_no
  WHERE o.state IN ('queued', 'sending', 'failed')
  ORDER BY o.created_at DESC, o.id DESC`;

/**
 * Every reply the Outbox badge counts (not yet sent, not cancelled), newest first, with its lead.
 * A named query over the store's own connection; no body, no address: the list needs neither.
 */
export function listUnsentOutbox(db: Db): OutboxList {
  const rows = prepared<[], Row>(db, SQL).all();
  return {
    items: rows.map((row) => ({
      id: row.id,
      state: row.state,
      leadId: row.lead_id,
      customerName: row.lead_id === null ? null : customerName(row),
      subject: row.subject,
      attempts: row.attempts,
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
    })),
  };
}

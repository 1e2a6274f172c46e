import { prepared, type Db } from '../open-database';

export type SourceMatch = 'first' | 'message-id' | 'provider-external-id' | 'customer-vehicle-24h';

interface SourceFields {
  readonly externalId?: string | null;
  readonly source: { readonly format: string; readonly provider: string | null; readonly confidence: number };
}

export function insertSourceRow(db: Db, leadNo: number, messageNo: number | null, lead: SourceFields, matchedOn: SourceMatch, at: number): void {
  prepared(
    db,
    `INSERT INTO lead_sources (lead_no, message_no, format, provider, confidence, external_id, matched_on, added_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(leadNo, messageNo, lead.source.format, lead.source.provider, lead.source.confidence, lead.externalId ?? null, matchedOn, at);
}

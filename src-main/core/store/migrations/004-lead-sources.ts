/**
 * v4: one lead, several sources. The same inquiry arriving twice (same Message-ID, same
 * provider + external id, or same customer and vehicle within 24 h) is one lead; each
 * arrival is kept as a source with its own message. Existing leads get their first source.
 */
export const leadSources = `
CREATE TABLE lead_sources (
  id           INTEGER PRIMARY KEY,
  lead_no      INTEGER NOT NULL REFERENCES leads(lead_no) ON DELETE CASCADE,
  message_no   INTEGER REFERENCES messages(message_no) ON DELETE SET NULL,
  format       TEXT NOT NULL CHECK (format IN ('adf', 'marketplace', 'website-form', 'unknown')),
  provider     TEXT,
  confidence   REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  external_id  TEXT,
  matched_on   TEXT NOT NULL CHECK (matched_on IN ('first', 'message-id', 'provider-external-id', 'customer-vehicle-24h')),
  added_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX lead_sources_by_lead ON lead_sources(lead_no);
CREATE INDEX lead_sources_by_external_id ON lead_sources(external_id COLLATE NOCASE);
CREATE INDEX leads_by_email ON leads(email);
CREATE INDEX leads_by_phone ON leads(phone);

INSERT INTO lead_sources (lead_no, message_no, format, provider, confidence, external_id, matched_on, added_at)
  SELECT lead_no, source_message_no, source_format, source_provider, source_confidence, external_id, 'first', first_seen_at
  FROM leads;
`;

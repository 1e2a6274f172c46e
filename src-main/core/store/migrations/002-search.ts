/**
 * v2: full-text search over lead fields and message text. Contentless FTS5 tables (the text
 * already lives in leads/messages) kept in step by triggers; phone numbers are also indexed as
 * their last 10/7/4 digits so "4567" finds "+1 (312) 555-4567".
 */
const leadSearchText = (row: 'new' | 'old') => `
  coalesce(${row}.full_name, trim(coalesce(${row}.first_name, '') || ' ' || coalesce(${row}.last_name, ''))),
  coalesce(${row}.email, ''),
  coalesce(${row}.phone || ' ' || substr(replace(${row}.phone, '+', ''), -10) || ' ' ||
           substr(${row}.phone, -7) || ' ' || substr(${row}.phone, -4), ''),
  coalesce(${row}.vehicle_label, ''),
  coalesce(${row}.comments, '')`;

export const searchIndex = `
CREATE VIRTUAL TABLE lead_fts USING fts5(
  name, email, phone, vehicle, comments,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE VIRTUAL TABLE message_fts USING fts5(
  subject, body,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
  INSERT INTO lead_fts(rowid, name, email, phone, vehicle, comments) VALUES (new.lead_no, ${leadSearchText('new')});
END;
CREATE TRIGGER leads_fts_update AFTER UPDATE OF full_name, first_name, last_name, email, phone, vehicle_label, comments ON leads BEGIN
  DELETE FROM lead_fts WHERE rowid = old.lead_no;
  INSERT INTO lead_fts(rowid, name, email, phone, vehicle, comments) VALUES (new.lead_no, ${leadSearchText('new')});
END;
CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
  DELETE FROM lead_fts WHERE rowid = old.lead_no;
END;

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO message_fts(rowid, subject, body) VALUES (new.message_no, coalesce(new.subject, ''), new.body_text);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF subject, body_text ON messages BEGIN
  DELETE FROM message_fts WHERE rowid = old.message_no;
  INSERT INTO message_fts(rowid, subject, body) VALUES (new.message_no, coalesce(new.subject, ''), new.body_text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  DELETE FROM message_fts WHERE rowid = old.message_no;
END;

-- Index what v1 already holds.
INSERT INTO lead_fts(rowid, name, email, phone, vehicle, comments) SELECT lead_no, ${leadSearchText('old').replaceAll('old.', 'leads.')} FROM leads;
INSERT INTO message_fts(rowid, subject, body) SELECT message_no, coalesce(subject, ''), body_text FROM messages;
`;

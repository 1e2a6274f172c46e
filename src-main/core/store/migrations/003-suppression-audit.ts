/** v3: the dealership's do-not-contact list and a local audit of what reps did on this desktop. */
export const suppressionAndAudit = `
CREATE TABLE suppression (
  address            TEXT PRIMARY KEY COLLATE NOCASE,
  reason             TEXT NOT NULL CHECK (reason IN ('opt-out', 'bounce', 'manual')),
  source_message_no  INTEGER REFERENCES messages(message_no) ON DELETE SET NULL,
  added_by           TEXT,
  added_at           INTEGER NOT NULL
) STRICT;

-- Who did what to which record; ids and kinds only, never message text.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  account_id  TEXT,
  lead_id     TEXT,
  detail      TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_log_by_time ON audit_log(at);
`;

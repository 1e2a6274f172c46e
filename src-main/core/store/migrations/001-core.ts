/** v1: mailbox accounts, messages, leads (+ corrections), drafts, outbox. Times are ms since epoch (UTC). */
export const coreTables = `
CREATE TABLE mailbox_accounts (
  id             TEXT PRIMARY KEY,
  provider       TEXT NOT NULL CHECK (provider IN ('gmail', 'microsoft', 'simulator')),
  address        TEXT NOT NULL,
  display_name   TEXT,
  sync_cursor    TEXT,
  -- Random per account, mixed into the subkey sealing its tokens: deleting the row shreds them.
  key_salt       BLOB NOT NULL,
  sealed_tokens  TEXT,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  UNIQUE (provider, address)
) STRICT;

CREATE TABLE messages (
  message_no           INTEGER PRIMARY KEY,
  id                   TEXT NOT NULL UNIQUE,
  account_id           TEXT NOT NULL REFERENCES mailbox_accounts(id) ON DELETE CASCADE,
  lead_no              INTEGER REFERENCES leads(lead_no) ON DELETE SET NULL,
  direction            TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  provider_message_id  TEXT NOT NULL,
  provider_thread_id   TEXT,
  internet_message_id  TEXT,
  in_reply_to          TEXT,
  references_json      TEXT NOT NULL DEFAULT '[]',
  from_address         TEXT,
  from_name            TEXT,
  to_json              TEXT NOT NULL DEFAULT '[]',
  subject              TEXT,
  sent_at              INTEGER,
  received_at          INTEGER NOT NULL,
  body_text            TEXT NOT NULL DEFAULT '',
  raw_adf              TEXT,
  UNIQUE (account_id, provider_message_id)
) STRICT;
CREATE INDEX messages_by_lead ON messages(lead_no, received_at);
CREATE INDEX messages_by_internet_id ON messages(internet_message_id);

CREATE TABLE leads (
  lead_no              INTEGER PRIMARY KEY,
  id                   TEXT NOT NULL UNIQUE,
  account_id           TEXT NOT NULL REFERENCES mailbox_accounts(id) ON DELETE CASCADE,
  source_message_no    INTEGER REFERENCES messages(message_no) ON DELETE SET NULL,
  external_id          TEXT,
  source_format        TEXT NOT NULL CHECK (source_format IN ('adf', 'marketplace', 'website-form', 'unknown')),
  source_provider      TEXT,
  source_confidence    REAL NOT NULL CHECK (source_confidence BETWEEN 0 AND 1),
  status               TEXT NOT NULL DEFAULT 'new'
                         CHECK (status IN ('new', 'contacted', 'appointment', 'sold', 'lost')),
  assignee             TEXT,
  first_name           TEXT,
  last_name            TEXT,
  full_name            TEXT,
  email                TEXT,
  phone                TEXT,
  postal_code          TEXT,
  preferred_contact    TEXT CHECK (preferred_contact IN ('phone', 'email', 'text')),
  vehicle_json         TEXT,
  vehicle_label        TEXT,
  trade_in_json        TEXT,
  comments             TEXT,
  comments_untrusted   INTEGER NOT NULL DEFAULT 1,
  injection_suspected  INTEGER NOT NULL DEFAULT 0,
  requested_at         INTEGER,
  received_at          INTEGER NOT NULL,
  first_seen_at        INTEGER NOT NULL,
  first_response_at    INTEGER,
  updated_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX leads_inbox ON leads(received_at DESC, lead_no DESC);
CREATE INDEX leads_by_status ON leads(status, received_at DESC, lead_no DESC);
CREATE INDEX leads_by_assignee ON leads(assignee, received_at DESC, lead_no DESC);
CREATE INDEX leads_by_source ON leads(source_provider, received_at DESC, lead_no DESC);
CREATE INDEX leads_by_account ON leads(account_id);
CREATE INDEX leads_open_by_assignee ON leads(assignee, status);

CREATE TABLE lead_corrections (
  id            INTEGER PRIMARY KEY,
  lead_no       INTEGER NOT NULL REFERENCES leads(lead_no) ON DELETE CASCADE,
  field         TEXT NOT NULL,
  old_value     TEXT,
  new_value     TEXT,
  corrected_by  TEXT NOT NULL,
  corrected_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX lead_corrections_by_lead ON lead_corrections(lead_no);

CREATE TABLE drafts (
  id             TEXT PRIMARY KEY,
  lead_no        INTEGER NOT NULL REFERENCES leads(lead_no) ON DELETE CASCADE,
  version        INTEGER NOT NULL CHECK (version >= 1),
  origin         TEXT NOT NULL CHECK (origin IN ('ai', 'template', 'manual')),
  subject        TEXT NOT NULL,
  body           TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  -- SHA-256 of the exact subject+body that was approved; any edit is a new version without it.
  approval_hash  TEXT,
  approved_by    TEXT,
  approved_at    INTEGER,
  UNIQUE (lead_no, version)
) STRICT;

CREATE TABLE outbox (
  id                   TEXT PRIMARY KEY,
  account_id           TEXT NOT NULL REFERENCES mailbox_accounts(id) ON DELETE CASCADE,
  lead_no              INTEGER REFERENCES leads(lead_no) ON DELETE SET NULL,
  draft_id             TEXT REFERENCES drafts(id) ON DELETE SET NULL,
  -- Assigned before the first attempt so a retry can be reconciled with the Sent folder.
  internet_message_id  TEXT NOT NULL UNIQUE,
  in_reply_to          TEXT,
  to_address           TEXT NOT NULL,
  subject              TEXT NOT NULL,
  body                 TEXT NOT NULL,
  approval_hash        TEXT NOT NULL,
  state                TEXT NOT NULL DEFAULT 'queued'
                         CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  attempts             INTEGER NOT NULL DEFAULT 0,
  last_error           TEXT,
  next_attempt_at      INTEGER,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  sent_at              INTEGER
) STRICT;
CREATE INDEX outbox_by_state ON outbox(state, next_attempt_at);
`;

/**
 * v9: the Message-IDs a deletion on request erased, kept as keyed hashes (hex HMAC-SHA256 of
 * "message-id:<id>" under the dealership's customer key salt, as the customer tombstones) with
 * the deletion time, never as the ids themselves. A reply received at or before the deletion
 * that answers one of them (In-Reply-To/References) was covered by the deletion, whoever sent
 * it (a marketplace relay carrying her words), and is not stored.
 */
export const erasedMessageTombstones = `
CREATE TABLE purge_message_tombstones (
  dealership_id  TEXT NOT NULL REFERENCES purge_scopes(dealership_id) ON DELETE CASCADE,
  message_key    TEXT NOT NULL CHECK (length(message_key) = 64 AND message_key NOT GLOB '*[^0-9a-f]*'),
  deleted_at     INTEGER NOT NULL,
  PRIMARY KEY (dealership_id, message_key)
) STRICT, WITHOUT ROWID;
`;

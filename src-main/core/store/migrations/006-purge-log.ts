/**
 * v6: customer deletions requested in the cloud and applied on this desktop. Ids and counts
 * only: the log proves the purge happened without keeping who was purged.
 */
export const purgeLog = `
CREATE TABLE purge_log (
  instruction_id    TEXT NOT NULL,
  dealership_id     TEXT NOT NULL,
  applied_at        INTEGER NOT NULL,
  leads_removed     INTEGER NOT NULL,
  messages_removed  INTEGER NOT NULL,
  outbox_removed    INTEGER NOT NULL,
  PRIMARY KEY (dealership_id, instruction_id)
) STRICT;
`;

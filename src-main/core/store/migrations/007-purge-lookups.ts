/**
 * v7: indexes that let a customer purge (and a mailbox removal) find and delete rows by key
 * instead of scanning: messages by sender, replies by lead/recipient/draft, and the columns
 * that point at a message or draft (ON DELETE SET NULL must find them for every deleted row).
 */
export const purgeLookups = `
CREATE INDEX messages_by_from_address ON messages(from_address);
CREATE INDEX outbox_by_lead ON outbox(lead_no);
CREATE INDEX outbox_by_to_address ON outbox(to_address);
CREATE INDEX outbox_by_draft ON outbox(draft_id);
CREATE INDEX leads_by_source_message ON leads(source_message_no);
CREATE INDEX lead_sources_by_message ON lead_sources(message_no);
CREATE INDEX suppression_by_source_message ON suppression(source_message_no);
`;

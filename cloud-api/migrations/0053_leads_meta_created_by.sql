-- 0053: who reported each lead, so POST .../leads (idempotent by id) can tell a replay of
-- the caller's own create (answered with the lead, whoever it is assigned to now) from an
-- id another member already used (409). Rows from before this migration have no reporter.
alter table leads_meta add column created_by uuid references users (id) on delete set null;

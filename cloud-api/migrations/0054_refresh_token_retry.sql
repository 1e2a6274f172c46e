-- 0054: a refresh whose reply was lost can be retried (see src/auth/refresh-tokens.ts).
-- replaced_by: the hash of the token this one was rotated to (its successor).
-- superseded_at: set when a retry of the predecessor, within the reuse grace and before this
-- token was ever used, replaced it with a fresh successor; presenting it afterwards is reuse.
alter table refresh_tokens
  add column replaced_by bytea references refresh_tokens (token_hash) on delete set null,
  add column superseded_at timestamptz;

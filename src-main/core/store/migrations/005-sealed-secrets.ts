/**
 * v5: small named secrets of this profile that are not a mailbox's, e.g. the cloud session's
 * refresh token. Each value is sealed (AES-256-GCM) under a subkey mixed with the row's own
 * random salt, inside the already encrypted database: deleting the row shreds it.
 */
export const sealedSecrets = `
CREATE TABLE sealed_secrets (
  name        TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
  key_salt    BLOB NOT NULL,
  sealed      TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
`;

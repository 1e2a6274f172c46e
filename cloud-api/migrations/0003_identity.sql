-- 0003: people and sessions. Global tables (no tenant_id): they hold who a user is and
-- their refresh-token families, never dealership data.

create table users (
  id         uuid primary key,
  email      text not null unique check (email = lower(email)),
  created_at timestamptz not null default now()
);

-- One row per (OIDC issuer, subject): the stable identity from Google / Microsoft / ...
create table user_identities (
  issuer     text not null,
  subject    text not null,
  user_id    uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (issuer, subject)
);

-- A family is one sign-in; every refresh rotates the token within it. Reusing an already
-- rotated token revokes the whole family (and the access tokens minted from it).
create table refresh_token_families (
  id             uuid primary key,
  user_id        uuid not null references users (id) on delete cascade,
  created_at     timestamptz not null default now(),
  revoked_at     timestamptz,
  revoked_reason text check (revoked_reason in ('logout', 'reuse_detected', 'user_deleted'))
);
create index refresh_token_families_user on refresh_token_families (user_id);

-- Only the SHA-256 of a refresh token is stored.
create table refresh_tokens (
  token_hash bytea primary key,
  family_id  uuid not null references refresh_token_families (id) on delete cascade,
  issued_at  timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at    timestamptz
);
create index refresh_tokens_family on refresh_tokens (family_id);

grant select, insert on users to leadpulse_api;
grant select, insert on user_identities to leadpulse_api;
grant select, insert, update on refresh_token_families to leadpulse_api;
grant select, insert, update on refresh_tokens to leadpulse_api;

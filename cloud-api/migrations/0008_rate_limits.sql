-- 0008: rate-limit counters shared by every cloud-api instance (rate-limiter-flexible's
-- RateLimiterPostgres layout; created here so the API role needs no CREATE). Keys are
-- "user:<uuid>" / "tenant:<uuid>" plus a prefix: counters only, no dealership data.
-- UNLOGGED: counters need no crash safety, and skipping the WAL keeps the per-request
-- upsert cheap (no flush at commit).
create unlogged table rate_limits (
  key    varchar(255) primary key,
  points integer not null default 0,
  expire bigint
);

grant select, insert, update, delete on rate_limits to leadpulse_api;

import type pg from 'pg';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/**
 * The transaction skeleton: connect, `begin` (which issues the begin statement and may do more
 * in the same round trip; its result is passed to fn), fn, commit. On any error, rollback; a
 * connection whose rollback failed is in an unknown state and is discarded instead of returned
 * to the pool.
 */
export async function inTransaction<B, T>(
  pool: pg.Pool,
  begin: (client: pg.PoolClient) => Promise<B>,
  fn: (client: pg.PoolClient, begun: B) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    const begun = await begin(client);
    const result = await fn(client, begun);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * One transaction with optional transaction-local settings (set_config(..., true)), so
 * nothing outlives the transaction on a pooled connection. A connection whose rollback
 * failed is discarded instead of returned to the pool.
 */
export function withSettingsTx<T>(
  pool: pg.Pool,
  settings: Readonly<Record<string, string>>,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return inTransaction(
    pool,
    async (client) => {
      await client.query('begin');
      for (const [name, value] of Object.entries(settings)) {
        await client.query('select set_config($1, $2, true)', [name, value]);
      }
    },
    (client) => fn(client),
  );
}

/** Work on global tables only (users, sessions): no tenant, no user context. */
export function withGlobalTx<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withSettingsTx(pool, {}, fn);
}

/**
 * A person's own rows across dealerships (their memberships), read-only by policy:
 * sets app.user_id and never app.tenant_id.
 */
export function withUserTx<T>(
  pool: pg.Pool,
  userId: string,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (!isUuid(userId)) throw new TypeError('user id must be a uuid');
  return withSettingsTx(pool, { 'app.user_id': userId }, fn);
}

/**
 * Inside a withGlobalTx transaction, once the person is known (e.g. after a refresh-token
 * rotation): from here on the transaction reads that person's own rows, as in withUserTx.
 */
export async function scopeToUser(client: pg.PoolClient, userId: string): Promise<void> {
  if (!isUuid(userId)) throw new TypeError('user id must be a uuid');
  // Never inside a dealership's transaction (withTenantTx): person and dealership scopes
  // stay apart (migration 0055 also makes the person-scoped policies ignore app.user_id there).
  const set = await client.query(
    "select set_config('app.user_id', $1, true) where nullif(current_setting('app.tenant_id', true), '') is null",
    [userId],
  );
  if (set.rowCount !== 1) throw new Error('scopeToUser inside a dealership transaction');
}

/** First sign-in: pending invitations addressed to this verified email (read-only by policy). */
export function withInviteeTx<T>(
  pool: pg.Pool,
  email: string,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return withSettingsTx(pool, { 'app.user_email': email }, fn);
}

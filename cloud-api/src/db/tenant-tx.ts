import type pg from 'pg';
import { isUuid, uuidLiteral } from './sql-literals.js';
import { inTransaction } from './tx.js';

/**
 * Runs fn inside one transaction scoped to one dealership: row-level security policies read
 * current_setting('app.tenant_id', true), set here with is_local = true so it ends with the
 * transaction and can never leak to the next user of this pooled connection.
 * Membership/role checks belong inside fn, in this same transaction as the data they guard.
 */
export async function withTenantTx<T>(
  pool: pg.Pool,
  tenantId: string,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return withTenantTxOpening(pool, tenantId, '', (client) => fn(client));
}

/**
 * withTenantTx whose first statement inside the transaction, `opening` (one SELECT built only
 * from constants and uuidLiteral values), rides in the same round trip as `begin` and
 * set_config; fn receives its rows. Used for the membership + session check, so a
 * tenant-scoped read costs three round trips (begin+check, the read, commit).
 */
export async function withTenantTxOpening<R extends pg.QueryResultRow, T>(
  pool: pg.Pool,
  tenantId: string,
  opening: string,
  fn: (client: pg.PoolClient, openingRows: R[]) => Promise<T>,
): Promise<T> {
  if (!isUuid(tenantId)) throw new TypeError('tenant id must be a uuid');
  const tenant = uuidLiteral(tenantId);
  // Simple protocol (no bind parameters): every inlined value is a checked uuid literal.
  const text = `begin; select set_config('app.tenant_id', ${tenant}, true)${opening ? `; ${opening}` : ''}`;
  return inTransaction(
    pool,
    async (client) => {
      const results = (await client.query(text)) as unknown as Array<pg.QueryResult<R>>;
      return opening ? (results.at(-1)?.rows ?? []) : [];
    },
    fn,
  );
}

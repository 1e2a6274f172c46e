import type pg from 'pg';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  if (!uuidPattern.test(tenantId)) throw new TypeError('tenant id must be a uuid');
  const client = await pool.connect();
  let broken = false;
  try {
    // One round trip for both statements (simple protocol, so no bind parameters): the id
    // is inlined, which is safe only because it matched the strict uuid pattern above.
    await client.query(`begin; select set_config('app.tenant_id', '${tenantId.toLowerCase()}', true)`);
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    // A connection whose rollback failed is in an unknown state: discard it.
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

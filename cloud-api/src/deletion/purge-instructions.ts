import type pg from 'pg';

/**
 * Inserts one purge instruction for the transaction's dealership; returns its id.
 *
 * Desktops page purge instructions with `id > after`. Identity ids are handed out at insert
 * time but become visible at commit, so two concurrent deletions could commit in the other
 * order and a desktop polling between the two commits would move its cursor past the lower
 * id and never see it. A transaction-scoped advisory lock per dealership, taken before the
 * id is drawn and held until commit, makes one dealership's ids commit in order (deletions
 * are rare, so the serialization costs nothing noticeable).
 */
export async function insertPurgeInstruction(
  client: pg.PoolClient,
  tenantId: string,
  requestedBy: string,
  customerKeys: string[],
  leadIds: string[],
): Promise<string> {
  await client.query("select pg_advisory_xact_lock(hashtextextended('purge_instructions:' || $1::text, 0))", [
    tenantId,
  ]);
  const { rows } = await client.query<{ id: string }>(
    `insert into purge_instructions (tenant_id, requested_by, customer_keys, lead_ids)
     values ($1, $2, $3, $4) returning id::text`,
    [tenantId, requestedBy, customerKeys, leadIds],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('purge instruction insert returned nothing');
  return id;
}

import type pg from 'pg';

/**
 * Every table with a tenant_id column the API role can read, from the catalog: what a
 * whole-dealership deletion must empty (tables added later, e.g. billing's, included).
 */
export async function tenantTables(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ relname: string }>(
    `select c.relname from pg_class c
     join pg_namespace n on n.oid = c.relnamespace
     join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p')
       and has_table_privilege(c.oid, 'select')
     order by c.relname`,
  );
  return rows.map((r) => r.relname);
}

/** Row counts per tenant table, scoped by row-level security to the transaction's dealership. */
export async function countRows(client: pg.PoolClient, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from ${client.escapeIdentifier(table)}`,
    );
    counts[table] = rows[0]?.n ?? 0;
  }
  return counts;
}

import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { runMigrations } from '../../db/migrate.js';
import { tolerateShutdown, type TempPostgres } from '../../testing/temp-postgres.js';

/**
 * A migrated database with two pools: `owner` (migrations, fixtures, checks behind RLS's
 * back) and `api`, whose every connection runs as leadpulse_api, so row-level security
 * applies exactly as it does to requests.
 */
export interface BillingDb {
  owner: pg.Pool;
  api: pg.Pool;
  /** Creates a dealership (as the owner) and returns its tenant id. */
  createDealership(createdAt?: Date): Promise<string>;
  end(): Promise<void>;
}

export async function createBillingDb(postgres: TempPostgres): Promise<BillingDb> {
  const url = await postgres.createDatabase();
  const owner = tolerateShutdown(new pg.Pool({ connectionString: url, max: 3 }));
  await runMigrations(owner, { logger: pino({ level: 'silent' }) });
  const api = tolerateShutdown(new pg.Pool({ connectionString: url, max: 5 }));
  api.on('connect', (client) => {
    // Queued before any query of the checkout; the superuser may become any role.
    void client.query('set role leadpulse_api');
  });
  return {
    owner,
    api,
    async createDealership(createdAt = new Date()) {
      const tenantId = randomUUID();
      await owner.query(
        'insert into dealerships (tenant_id, name, customer_key_salt, created_at) values ($1, $2, $3, $4)',
        [tenantId, `Dealer ${tenantId.slice(0, 8)}`, randomBytes(32), createdAt],
      );
      return tenantId;
    },
    async end() {
      await Promise.all([owner.end(), api.end()]);
    },
  };
}

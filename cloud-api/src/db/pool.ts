import pg from 'pg';
import type { Logger } from 'pino';

export type Pool = pg.Pool;

export interface PoolOptions {
  connectionString: string;
  logger: Logger;
  /** Upper bound of connections per instance; many instances share one Postgres. */
  max?: number;
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    // Fail fast instead of queueing forever when Postgres is gone: /health must answer.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'leadpulse-cloud-api',
  });
  // An idle client losing its connection (Postgres restart, network blip) emits 'error'
  // on the pool; unhandled, that would crash the process. The pool replaces the client.
  pool.on('error', (err) => {
    options.logger.warn({ err: { message: err.message } }, 'idle Postgres client error');
  });
  return pool;
}

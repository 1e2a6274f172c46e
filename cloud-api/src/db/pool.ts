import pg from 'pg';
import type { Logger } from 'pino';

export type Pool = pg.Pool;

const ADMIN_SHUTDOWN = '57P01';

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
  pool.on('error', (err: Error & { code?: string }) => {
    // 57P01 admin_shutdown: Postgres is stopping (Ctrl-C reaches the embedded server's
    // process group too); expected during shutdown, so not a warning.
    const level = err.code === ADMIN_SHUTDOWN ? 'info' : 'warn';
    options.logger[level]({ err: { message: err.message, code: err.code } }, 'idle Postgres client error');
  });
  return pool;
}

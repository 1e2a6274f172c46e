import type { FastifyInstance } from 'fastify';

/** The one thing /health needs from the database: can it run a query. */
export interface DbProbe {
  query(sql: string): Promise<unknown>;
}

export interface HealthBody {
  status: 'ok' | 'degraded';
  version: string;
  db: 'ok' | 'down';
}

// Load balancers poll this; a hung database must not hang the probe.
const DB_PROBE_TIMEOUT_MS = 2_000;

export function registerHealthRoute(
  app: FastifyInstance,
  deps: { db: DbProbe; version: string },
): void {
  app.get('/health', async (request, reply) => {
    const dbUp = await probe(deps.db).then(
      () => true,
      (err: unknown) => {
        request.log.warn(
          { err: { message: err instanceof Error ? err.message : String(err) } },
          'health: database check failed',
        );
        return false;
      },
    );
    const body: HealthBody = dbUp
      ? { status: 'ok', version: deps.version, db: 'ok' }
      : { status: 'degraded', version: deps.version, db: 'down' };
    return reply.code(dbUp ? 200 : 503).send(body);
  });
}

async function probe(db: DbProbe): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('database probe timed out')), DB_PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([db.query('select 1'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

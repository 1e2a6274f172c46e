import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { errorResponses } from '@leadpulse/cloud-contract';

/** The one thing /health needs from the database: can it run a query. */
export interface DbProbe {
  query(sql: string): Promise<unknown>;
}

const healthBodySchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  db: z.enum(['ok', 'down']),
});
export type HealthBody = z.infer<typeof healthBodySchema>;

// Load balancers poll this; a hung database must not hang the probe.
const DB_PROBE_TIMEOUT_MS = 2_000;

export function registerHealthRoute(
  app: FastifyInstance,
  deps: { db: DbProbe; version: string },
): void {
  const schema = {
    tags: ['health'],
    summary: 'Liveness and database reachability (no token); 503 when the database does not answer',
    security: [],
    // 403: a browser Origin, or plain HTTP when HTTPS is required (transport guards).
    response: { 200: healthBodySchema, 503: healthBodySchema, ...errorResponses(403) },
  };
  app.get('/health', { schema }, async (request, reply) => {
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

import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { registerHealthRoute, type DbProbe } from './routes/health.js';

export interface AppDeps {
  db: DbProbe;
  version: string;
  /** Omit to run silent (tests). */
  logger?: Logger;
  /** Behind a TLS-terminating proxy: trust its X-Forwarded-* headers. */
  trustProxy?: boolean;
}

// Requests are small JSON documents (a draft request carries one email at most); a
// tight cap keeps a single client from tying up memory.
export const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * Builds the HTTP app without listening, so tests can use inject() and the server
 * can decide where to bind. No CORS plugin on purpose: the only clients are the desktop
 * app and server-side callers, so browsers on other origins get no CORS grant.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  // Widened to Fastify's logger interface: a pino Logger-typed instance would make every
  // route and plugin signature carry pino's type instead of Fastify's default.
  const logger: FastifyBaseLogger = deps.logger ?? pino({ level: 'silent' });
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: deps.trustProxy ?? false,
    // Request ids are generated here; an incoming X-Request-Id is not trusted.
    requestIdHeader: false,
    // Keep-alive sockets would otherwise hold close() open until they time out.
    forceCloseConnections: 'idle',
  });

  registerHealthRoute(app, { db: deps.db, version: deps.version });
  return app;
}

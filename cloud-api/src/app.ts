import helmet from '@fastify/helmet';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { pino, type Logger } from 'pino';
import { registerAuditRoutes } from './audit/audit-routes.js';
import { registerAuthRoutes } from './auth/auth-routes.js';
import { registerDeletionRoutes } from './deletion/deletion-routes.js';
import { installErrorHandler } from './http/error-handler.js';
import { installOpenApi, registerOpenApiRoute } from './http/openapi.js';
import { installTransportGuards } from './http/transport-guards.js';
import { registerLeadRoutes } from './leads/lead-routes.js';
import { registerHealthRoute, type DbProbe } from './routes/health.js';
import type { ApiServices } from './services.js';
import { registerDealershipRoutes } from './tenancy/dealership-routes.js';
import { registerMemberRoutes } from './tenancy/member-routes.js';

export interface AppDeps {
  db: DbProbe;
  version: string;
  /** Omit to run silent (tests). */
  logger?: Logger;
  /** Behind a TLS-terminating proxy: trust its X-Forwarded-* headers. */
  trustProxy?: boolean;
  /** Refuse requests that did not arrive over HTTPS (production behind a proxy). */
  requireHttps?: boolean;
  /** The v1 API; without it only /health and /openapi.json are served. */
  api?: ApiServices;
  /** TLS options when serving HTTPS directly. */
  https?: { key: Buffer; cert: Buffer };
  /** More routes (e.g. billing's registerBillingRoutes), registered after swagger and the v1 routes. */
  extraRoutes?: (app: FastifyInstance) => void;
}

// Requests are small JSON documents (a draft request carries one email at most); a
// tight cap keeps a single client from tying up memory.
export const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * Builds the HTTP app without listening, so tests can use inject() and the server
 * can decide where to bind. CORS is closed (see http/transport-guards.ts).
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
    ...(deps.https ? { https: { ...deps.https, minVersion: 'TLSv1.2' as const } } : {}),
  }) as FastifyInstance;

  // JSON only: no text/plain parser, so a "simple" cross-site form post cannot even be parsed.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  installTransportGuards(app, { requireHttps: deps.requireHttps ?? false });
  void app.register(helmet, {
    // A JSON API: nothing may be framed, scripted or loaded from its responses.
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  installOpenApi(app, deps.version);

  // Registered after swagger so its onRoute hook sees every route.
  void app.register(async (instance) => {
    registerHealthRoute(instance, { db: deps.db, version: deps.version });
    registerOpenApiRoute(instance);
    const api = deps.api;
    if (!api) return;
    registerAuthRoutes(instance, api);
    registerDealershipRoutes(instance, api);
    registerMemberRoutes(instance, api);
    registerLeadRoutes(instance, api);
    registerAuditRoutes(instance, api);
    registerDeletionRoutes(instance, api);
    deps.extraRoutes?.(instance);
  });
  return app;
}

import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { AccessTokenService } from './auth/access-tokens.js';
import { OidcVerifier } from './auth/oidc-verifier.js';
import { loadAccessTokenKeys } from './auth/signing-keys.js';
import { loadConfig, type CloudApiConfig, type Env } from './config.js';
import { assertApiRoleSafe, enableApiLogin } from './db/api-role.js';
import { createRateLimiter } from './http/rate-limit.js';
import type { ApiServices } from './services.js';
import { registerBilling } from './billing/register.js';
import { defaultDataDir, startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded.js';
import { runMigrations } from './db/migrate.js';
import { createPool } from './db/pool.js';
import { createLogger } from './logger.js';
import { VERSION } from './version.js';

export interface StartCloudApiOptions {
  /** Where configuration is read from; defaults to process.env. */
  env?: Env;
  /** Applied after the env is validated, e.g. `{ port: 0 }` to get a free port. */
  overrides?: Partial<CloudApiConfig>;
  /** Defaults to JSON lines on stdout at LOG_LEVEL. */
  logger?: Logger;
}

export interface CloudApi {
  /** Base URL the server listens on, e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  config: CloudApiConfig;
  log: Logger;
  app: FastifyInstance;
  /** Connected as leadpulse_api: what requests use. */
  pool: pg.Pool;
  /** Connected as the owner (migrations, role setup); not used by requests. */
  ownerPool: pg.Pool;
  /**
   * Present when no DATABASE_URL was given and cloud-api runs its own Postgres.
   * connectionString carries the generated password: hand it to tools, never log it.
   */
  embeddedPostgres: { port: number; dataDir: string; connectionString: string } | undefined;
  /** Stops accepting requests, drains them, closes the pool, stops embedded Postgres. */
  close(): Promise<void>;
}

/**
 * config → database (embedded or DATABASE_URL) → migrations → listen.
 *
 * Installs no process signal handlers: whoever owns the process (main.ts, or the
 * desktop's one-command start) calls close(). Throws ConfigError, MigrationError or
 * EmbeddedPostgresError with a message fit to show as is; anything started before the
 * failure is shut down again first.
 */
export async function startCloudApi(options: StartCloudApiOptions = {}): Promise<CloudApi> {
  const config: CloudApiConfig = {
    ...loadConfig(options.env ?? process.env),
    ...options.overrides,
  };
  const log = options.logger ?? createLogger({ level: config.logLevel });

  // Undo-stack of what has been started, so a failure half way leaves nothing running.
  const cleanups: Array<() => Promise<void>> = [];
  const unwind = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((err: unknown) => {
        log.error({ err }, 'error during cloud-api shutdown');
      });
    }
  };

  try {
    let embedded: EmbeddedPostgres | undefined;
    let connectionString = config.databaseUrl;
    if (connectionString === undefined) {
      const started = await startEmbeddedPostgres({
        dataDir: config.pgDataDir ?? defaultDataDir(config.port),
        logger: log,
      });
      cleanups.push(() => started.stop());
      embedded = started;
      connectionString = embedded.connectionString;
    }

    const ownerPool = createPool({ connectionString, logger: log, max: 2 });
    cleanups.push(() => ownerPool.end());

    const { current } = await runMigrations(ownerPool, { logger: log });
    log.info({ schemaVersion: current }, 'database schema current');

    // Requests run as leadpulse_api through their own pool. In production the operator
    // provides its URL; otherwise the owner gives it LOGIN with a derived password.
    const apiUrl = config.apiDatabaseUrl ?? (await enableApiLogin(ownerPool, connectionString));
    const pool = createPool({ connectionString: apiUrl, logger: log, max: config.apiPoolMax });
    cleanups.push(() => pool.end());
    await assertApiRoleSafe(pool);

    const rateLimiter = createRateLimiter(pool, {
      userPerMinute: config.rateLimitUserPerMinute,
      tenantPerMinute: config.rateLimitTenantPerMinute,
    });
    // Runs after app.close() (drained) and before pool.end(): the last counts reach Postgres.
    cleanups.push(async () => rateLimiter.close?.());
    const keys = await loadAccessTokenKeys(config.accessTokenSigningKey, config.accessTokenVerifyKeys);
    const services: ApiServices = {
      pool,
      accessTokens: new AccessTokenService({
        keys,
        issuer: config.tokenIssuer,
        audience: config.tokenAudience,
        ttlSeconds: config.accessTokenTtlSeconds,
      }),
      oidc: new OidcVerifier(config.oidcProviders),
      refreshTokenTtlDays: config.refreshTokenTtlDays,
      refreshTokenReuseGraceSeconds: config.refreshTokenReuseGraceSeconds,
      rateLimiter,
    };
    if (config.oidcProviders.length === 0) {
      log.info('no OIDC provider configured: sign-in is disabled (set GOOGLE_CLIENT_IDS, MICROSOFT_CLIENT_IDS or OIDC_PROVIDERS)');
    }

    const https = config.tls
      ? { key: await readFile(config.tls.keyFile), cert: await readFile(config.tls.certFile) }
      : undefined;
    const app = buildApp({
      db: pool,
      version: VERSION,
      logger: log,
      trustProxy: config.trustProxy,
      requireHttps: config.nodeEnv === 'production' && !https,
      api: services,
      https,
      // STRIPE_* / BILLING_* were read by loadConfig; without a Stripe key only status is served.
      extraRoutes: (instance) => registerBilling(instance, services, config.billing),
    });
    cleanups.push(() => app.close());
    await app.listen({ port: config.port, host: config.host });

    const port = boundPort(app);
    let closing: Promise<void> | undefined;
    return {
      url: `${https ? 'https' : 'http'}://${urlHost(config.host)}:${port}`,
      port,
      config,
      log,
      app,
      pool,
      ownerPool,
      embeddedPostgres: embedded
        ? { port: embedded.port, dataDir: embedded.dataDir, connectionString }
        : undefined,
      close: () => (closing ??= unwind()),
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}

function boundPort(app: FastifyInstance): number {
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('cloud-api is not listening on a TCP port');
  }
  return address.port;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

import path from 'node:path';
import { z } from 'zod';
import {
  GOOGLE_PRESET,
  MICROSOFT_PRESET,
  oidcProviderSchema,
  type OidcProviderConfig,
} from './auth/oidc-providers.js';
import { readBillingSettings, type BillingSettings } from './billing/config.js';

/**
 * Configuration comes only from environment variables, validated once at start so a
 * misconfigured instance fails before it opens a port instead of failing on first use.
 */

// An empty variable (`DATABASE_URL=` in a .env file or a compose file) means "not set",
// not "set to the empty string": treating it as a value would give confusing errors.
const unsetIfEmpty = (value: unknown): unknown => (value === '' ? undefined : value);

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  false: false,
  '0': false,
  no: false,
};

const booleanFlag = (defaultValue: boolean) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return defaultValue;
        const parsed = BOOLEAN_WORDS[raw.trim().toLowerCase()];
        if (parsed === undefined) {
          ctx.addIssue({ code: 'custom', message: 'expected true or false (or 1/0, yes/no)' });
          return z.NEVER;
        }
        return parsed;
      }),
  );

const commaList = z.preprocess(
  unsetIfEmpty,
  z
    .string()
    .optional()
    .transform((raw) => (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')),
);

/** A JSON-valued variable validated by `schema`; the value is never echoed on error. */
const jsonValue = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .optional()
      .transform((raw, ctx): z.output<T> | undefined => {
        if (raw === undefined) return undefined;
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'expected JSON' });
          return z.NEVER;
        }
        const result = schema.safeParse(parsed);
        if (!result.success) {
          const where = result.error.issues[0]?.path.map(String).join('.') ?? '';
          ctx.addIssue({ code: 'custom', message: `expected valid JSON (problem at "${where}")` });
          return z.NEVER;
        }
        return result.data;
      }),
  );

const intInRange = (min: number, max: number, defaultValue: number) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^\d+$/, `expected an integer ${min}-${max}`)
      .transform(Number)
      .refine((n) => n >= min && n <= max, `expected an integer ${min}-${max}`)
      .default(defaultValue),
  );

/** A JSON Web Key as jose imports it (only the fields we check; the rest passes through). */
const jwkSchema = z.looseObject({ kty: z.string(), kid: z.string().min(1), alg: z.string().optional() });
export type ConfiguredJwk = z.infer<typeof jwkSchema>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;

const envSchema = z
  .object({
    PORT: z.preprocess(
      unsetIfEmpty,
      z
        .string()
        .regex(/^\d+$/, 'expected an integer port 0-65535 (0 picks a free port)')
        .transform(Number)
        .refine((n) => n <= 65_535, 'expected an integer port 0-65535 (0 picks a free port)')
        .default(8787),
    ),
    HOST: z.preprocess(
      unsetIfEmpty,
      z.string().trim().min(1, 'expected a host name or IP address to bind').default('127.0.0.1'),
    ),
    DATABASE_URL: z.preprocess(
      unsetIfEmpty,
      z
        .string()
        .refine(isPostgresUrl, 'expected a postgres:// or postgresql:// connection URL')
        .optional(),
    ),
    NODE_ENV: z.preprocess(
      unsetIfEmpty,
      z
        .enum(NODE_ENVS, { error: `expected one of ${NODE_ENVS.join(', ')}` })
        .default('development'),
    ),
    LOG_LEVEL: z.preprocess(
      unsetIfEmpty,
      z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    ),
    TRUST_PROXY: booleanFlag(false),
    PG_DATA_DIR: z.preprocess(
      unsetIfEmpty,
      z
        .string()
        .refine((p) => path.isAbsolute(p), 'expected an absolute directory path')
        .optional(),
    ),
    API_DATABASE_URL: z.preprocess(
      unsetIfEmpty,
      z
        .string()
        .refine(isPostgresUrl, 'expected a postgres:// or postgresql:// connection URL')
        .optional(),
    ),
    API_POOL_MAX: intInRange(1, 200, 20),
    OIDC_PROVIDERS: jsonValue(z.array(oidcProviderSchema)),
    GOOGLE_CLIENT_IDS: commaList,
    MICROSOFT_CLIENT_IDS: commaList,
    TOKEN_ISSUER: z.preprocess(unsetIfEmpty, z.string().min(1).default('leadpulse-cloud-api')),
    TOKEN_AUDIENCE: z.preprocess(unsetIfEmpty, z.string().min(1).default('leadpulse-api')),
    ACCESS_TOKEN_TTL_SECONDS: intInRange(30, 900, 600),
    REFRESH_TOKEN_TTL_DAYS: intInRange(1, 90, 30),
    REFRESH_TOKEN_REUSE_GRACE_SECONDS: intInRange(0, 300, 60),
    ACCESS_TOKEN_SIGNING_KEY: jsonValue(jwkSchema.extend({ d: z.string() })),
    ACCESS_TOKEN_VERIFY_KEYS: jsonValue(z.array(jwkSchema).min(1)),
    RATE_LIMIT_USER_PER_MINUTE: intInRange(1, 1_000_000, 600),
    RATE_LIMIT_TENANT_PER_MINUTE: intInRange(1, 10_000_000, 6_000),
    TLS_CERT_FILE: z.preprocess(unsetIfEmpty, z.string().optional()),
    TLS_KEY_FILE: z.preprocess(unsetIfEmpty, z.string().optional()),
  });

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
  } catch {
    return false;
  }
}

export interface CloudApiConfig {
  port: number;
  host: string;
  /** Absent: the server starts its own embedded Postgres. */
  databaseUrl: string | undefined;
  nodeEnv: (typeof NODE_ENVS)[number];
  logLevel: (typeof LOG_LEVELS)[number];
  /** True when a TLS-terminating proxy sits in front and X-Forwarded-* may be trusted. */
  trustProxy: boolean;
  /** Overrides where the embedded Postgres keeps its data. */
  pgDataDir: string | undefined;
  /**
   * Connection for serving requests, as the leadpulse_api role. Required in production;
   * otherwise derived from the owner connection (see db/api-role.ts).
   */
  apiDatabaseUrl: string | undefined;
  apiPoolMax: number;
  oidcProviders: OidcProviderConfig[];
  tokenIssuer: string;
  tokenAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /**
   * A refresh token rotated less than this long ago, whose successor was never used, may be
   * presented again (a retry after a lost reply) without revoking its family; 0 turns it off.
   */
  refreshTokenReuseGraceSeconds: number;
  /** Private JWK (with kid) that signs access tokens; generated per process when absent (dev). */
  accessTokenSigningKey: ConfiguredJwk | undefined;
  /** Public JWKs accepted for verification (rotation: old and new); the signing key's is added. */
  accessTokenVerifyKeys: ConfiguredJwk[];
  rateLimitUserPerMinute: number;
  rateLimitTenantPerMinute: number;
  /** Serve HTTPS directly (otherwise TLS terminates at a proxy, TRUST_PROXY=true). */
  tls: { certFile: string; keyFile: string } | undefined;
  /** STRIPE_* and BILLING_* (billing/config.ts); stripe undefined = billing off. */
  billing: BillingSettings;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    // Values are never echoed: DATABASE_URL carries a password.
    super(
      [
        'Invalid cloud-api configuration:',
        ...problems.map((p) => `  - ${p.variable}: ${p.message}`),
      ].join('\n'),
    );
    this.problems = problems;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Pure: reads only the given env. Throws ConfigError listing every problem at once. */
export function loadConfig(env: Env): CloudApiConfig {
  const result = envSchema.safeParse(env);
  const problems: ConfigProblem[] = result.success
    ? []
    : result.error.issues.map((issue) => ({
        variable: issue.path.map(String).join('.') || '(environment)',
        message: issue.message,
      }));
  // Checked on the raw env rather than as a zod refinement: zod skips object-level
  // refinements once any field is invalid, and every problem must be reported at once.
  // The embedded Postgres lives in a temp directory: fine for a desktop or a demo,
  // never for production data, so production must name its database.
  const production = env.NODE_ENV?.trim() === 'production';
  if (production && !env.DATABASE_URL) {
    problems.push({
      variable: 'DATABASE_URL',
      message: 'required when NODE_ENV=production (the embedded Postgres is for development only)',
    });
  }
  if (production && env.DATABASE_URL && !env.API_DATABASE_URL) {
    problems.push({
      variable: 'API_DATABASE_URL',
      message: 'required when NODE_ENV=production (requests run as the leadpulse_api role)',
    });
  }
  if (production && !env.ACCESS_TOKEN_SIGNING_KEY) {
    problems.push({
      variable: 'ACCESS_TOKEN_SIGNING_KEY',
      message: 'required when NODE_ENV=production (instances must share the signing key)',
    });
  }
  if (Boolean(env.TLS_CERT_FILE) !== Boolean(env.TLS_KEY_FILE)) {
    problems.push({ variable: 'TLS_CERT_FILE', message: 'TLS_CERT_FILE and TLS_KEY_FILE go together' });
  }
  if (production && !env.TLS_CERT_FILE && !isTrue(env.TRUST_PROXY)) {
    problems.push({
      variable: 'TRUST_PROXY',
      message:
        'production refuses plain HTTP: set TRUST_PROXY=true behind a TLS-terminating proxy, ' +
        'or TLS_CERT_FILE and TLS_KEY_FILE',
    });
  }
  const billing = readBillingSettings(env);
  problems.push(...billing.problems);
  if (!result.success || billing.settings === undefined || problems.length > 0) throw new ConfigError(problems);
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    pgDataDir: e.PG_DATA_DIR,
    apiDatabaseUrl: e.API_DATABASE_URL,
    apiPoolMax: e.API_POOL_MAX,
    oidcProviders: [
      ...(e.GOOGLE_CLIENT_IDS.length > 0 ? [{ ...GOOGLE_PRESET, clientIds: e.GOOGLE_CLIENT_IDS }] : []),
      ...(e.MICROSOFT_CLIENT_IDS.length > 0
        ? [{ ...MICROSOFT_PRESET, clientIds: e.MICROSOFT_CLIENT_IDS }]
        : []),
      ...(e.OIDC_PROVIDERS ?? []),
    ],
    tokenIssuer: e.TOKEN_ISSUER,
    tokenAudience: e.TOKEN_AUDIENCE,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    refreshTokenReuseGraceSeconds: e.REFRESH_TOKEN_REUSE_GRACE_SECONDS,
    accessTokenSigningKey: e.ACCESS_TOKEN_SIGNING_KEY,
    accessTokenVerifyKeys: e.ACCESS_TOKEN_VERIFY_KEYS ?? [],
    rateLimitUserPerMinute: e.RATE_LIMIT_USER_PER_MINUTE,
    rateLimitTenantPerMinute: e.RATE_LIMIT_TENANT_PER_MINUTE,
    tls:
      e.TLS_CERT_FILE && e.TLS_KEY_FILE
        ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE }
        : undefined,
    billing: billing.settings,
  };
}

function isTrue(raw: string | undefined): boolean {
  return BOOLEAN_WORDS[(raw ?? '').trim().toLowerCase()] === true;
}

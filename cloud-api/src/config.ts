import path from 'node:path';
import { z } from 'zod';

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
  if (env.NODE_ENV?.trim() === 'production' && !env.DATABASE_URL) {
    problems.push({
      variable: 'DATABASE_URL',
      message: 'required when NODE_ENV=production (the embedded Postgres is for development only)',
    });
  }
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    pgDataDir: e.PG_DATA_DIR,
  };
}

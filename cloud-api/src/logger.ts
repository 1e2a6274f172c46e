import { pino, type Logger, type LevelWithSilent } from 'pino';

/**
 * One pino logger for the whole process (Fastify, Postgres, migrations), so every line
 * goes through the same redaction.
 *
 * Rule: logs never carry tokens or personal data. Fastify's default request serializer
 * logs the full URL (query strings can carry tokens) and the client IP (personal data),
 * so we replace it with method + path only. Headers are not serialized at all; the
 * redaction below is a second line of defence should someone log a request or headers
 * object directly.
 */

interface RequestLike {
  method?: string;
  url?: string;
  routeOptions?: { url?: string };
}

interface ReplyLike {
  statusCode?: number;
}

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'password',
  'token',
  'accessToken',
  'refreshToken',
];

function pathOnly(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export const serializers = {
  req: (req: RequestLike) => ({ method: req.method, path: pathOnly(req.url) }),
  res: (reply: ReplyLike) => ({ statusCode: reply.statusCode }),
  // Postgres errors carry row values in detail/where ("Key (email)=(...)"): never log them.
  err: (err: Error) => {
    const { detail: _detail, where: _where, parameters: _parameters, ...rest } = pino.stdSerializers.err(err) as Record<string, unknown>;
    return rest;
  },
};

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Tests pass a stream to inspect output; production writes JSON to stdout. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: 'cloud-api',
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers,
    },
    options.destination,
  );
}

/**
 * The one logger of the desktop core. Fields are structured and must never carry secrets,
 * tokens or customer content: pass kinds, counts and ids, not messages or bodies.
 */
export type LogFields = Record<string, string | number | boolean | null | string[] | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

type Level = 'info' | 'warn' | 'error';

export function createLogger(write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const at = (level: Level) => (event: string, fields: LogFields = {}) =>
    write(JSON.stringify({ t: new Date().toISOString(), level, event, ...fields }));
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

/** Collects lines in memory: for tests that check what was (not) logged. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger((l) => lines.push(l)), { lines });
}
